import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db';

export interface Migration {
	version: string;
	name: string;
	sql: string;
}

/** A migration file's SHA-256 (hex), line endings normalised (a checkout on Windows is not an edit). */
export const migrationChecksum = (sql: string) => createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');

/** A landed migration whose file no longer matches what was applied: the server refuses to start. */
export class EditedMigrationError extends Error {}

const FILE_NAME = /^(\d{14})_([a-z0-9_]+)\.sql$/;

/** Reads supabase/migrations/<timestamp>_<name>.sql in version order. */
export function readMigrations(dir: string): Migration[] {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.sql'))
		.map((file) => {
			const match = FILE_NAME.exec(file);
			if (!match) throw new Error(`migration file name "${file}" must look like YYYYMMDDHHmmss_name.sql`);
			return { version: match[1]!, name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') };
		})
		.sort((a, b) => a.version.localeCompare(b.version));
}

/**
 * Applies the migrations not yet recorded, each in its own transaction, in the table the Supabase
 * CLI uses (supabase_migrations.schema_migrations), so each runs exactly once per database.
 * Returns the versions applied now.
 *
 * Each applied migration's checksum is kept beside it (supabase_migrations.migration_checksums,
 * apart from the CLI's own table): a landed migration edited afterwards would leave this database
 * with the old body while the file says otherwise, so the start is refused, naming it. A database
 * made before checksums were kept gets them recorded from the files on its first start.
 */
export async function applyMigrations(db: Db, migrations: Migration[]): Promise<string[]> {
	await db.exec(`
		create schema if not exists supabase_migrations;
		create table if not exists supabase_migrations.schema_migrations (
			version text primary key, statements text[], name text
		);
		create table if not exists supabase_migrations.migration_checksums (
			version text primary key, sha256 text not null, recorded_at timestamptz not null default now()
		);`);
	const applied: string[] = [];
	for (const migration of migrations) {
		const sha256 = migrationChecksum(migration.sql);
		const ran = await db.transaction(async (tx) => {
			// Two servers starting at once on one PostgreSQL must not both run a migration.
			await tx.query(`select pg_advisory_xact_lock(hashtext('supabase_migrations'))`);
			const { rows } = await tx.query('select 1 from supabase_migrations.schema_migrations where version = $1', [migration.version]);
			if (rows.length > 0) {
				const recorded = await tx.query<{ sha256: string }>('select sha256 from supabase_migrations.migration_checksums where version = $1', [
					migration.version
				]);
				const known = recorded.rows[0]?.sha256;
				if (known === undefined) {
					await tx.query('insert into supabase_migrations.migration_checksums (version, sha256) values ($1, $2)', [migration.version, sha256]);
				} else if (known !== sha256) {
					throw new EditedMigrationError(
						`migration ${migration.version}_${migration.name} was changed after it was applied to this database ` +
							`(applied sha256 ${known.slice(0, 12)}…, file ${sha256.slice(0, 12)}…): a landed migration is never edited — ` +
							'put the change in a new migration, and restore the file as it was'
					);
				}
				return false;
			}
			try {
				await tx.exec(migration.sql);
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				throw new Error(`migration ${migration.version}_${migration.name} failed: ${message}`, { cause: error });
			}
			await tx.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
			await tx.query(
				'insert into supabase_migrations.migration_checksums (version, sha256) values ($1, $2) on conflict (version) do update set sha256 = excluded.sha256',
				[migration.version, sha256]
			);
			return true;
		});
		if (ran) applied.push(migration.version);
	}
	return applied;
}
