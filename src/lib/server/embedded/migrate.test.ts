import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db';
import { applyMigrations, EditedMigrationError, type Migration } from './migrate';

describe('migrations and their checksums', () => {
	let db: Db;
	beforeAll(async () => {
		db = await openDatabase({});
	});
	afterAll(() => db?.close());

	const first: Migration = { version: '20260101000000', name: 'first', sql: 'create table t (\n  a int\n);\n' };
	const second: Migration = { version: '20260102000000', name: 'second', sql: 'alter table t add column b int;' };

	it('applies each migration once and records its checksum', async () => {
		expect(await applyMigrations(db, [first])).toEqual(['20260101000000']);
		expect(await applyMigrations(db, [first, second])).toEqual(['20260102000000']);
		const { rows } = await db.query<{ version: string; sha256: string }>(
			'select version, sha256 from supabase_migrations.migration_checksums order by version'
		);
		expect(rows.map((r) => r.version)).toEqual(['20260101000000', '20260102000000']);
		expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.sha256))).toBe(true);
	});

	it('refuses to start on a landed migration edited afterwards, naming it, and applies nothing after it', async () => {
		const third: Migration = { version: '20260103000000', name: 'third', sql: 'alter table t add column c int;' };
		const edited = { ...first, sql: 'create table t (a bigint);' };
		const refused = await applyMigrations(db, [edited, second, third]).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(EditedMigrationError);
		expect((refused as Error).message).toContain('migration 20260101000000_first was changed after it was applied');
		const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from information_schema.columns where table_name = 't' and column_name = 'c'`);
		expect(rows[0]!.n).toBe(0);
		// A line ending checked out differently is not an edit.
		expect(await applyMigrations(db, [{ ...first, sql: first.sql.replace(/\n/g, '\r\n') }, second, third])).toEqual(['20260103000000']);
	});

	it('records the checksums of a database made before they were kept', async () => {
		await db.exec('delete from supabase_migrations.migration_checksums');
		expect(await applyMigrations(db, [first, second])).toEqual([]);
		const { rows } = await db.query<{ n: number }>('select count(*)::int as n from supabase_migrations.migration_checksums');
		expect(rows[0]!.n).toBe(2);
	});
});
