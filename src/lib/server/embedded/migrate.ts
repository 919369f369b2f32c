import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db';

export interface Migration {
	version: string;
	name: string;
	sql: string;
}

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
 */
export async function applyMigrations(db: Db, migrations: Migration[]): Promise<string[]> {
	await db.exec(`
		create schema if not exists supabase_migrations;
		create table if not exists supabase_migrations.schema_migrations (
			version text primary key, statements text[], name text
		);`);
	const applied: string[] = [];
	for (const migration of migrations) {
		const ran = await db.transaction(async (tx) => {
			// Two servers starting at once on one PostgreSQL must not both run a migration.
			await tx.query(`select pg_advisory_xact_lock(hashtext('supabase_migrations'))`);
			const { rows } = await tx.query(
				'select 1 from supabase_migrations.schema_migrations where version = $1',
				[migration.version]
			);
			if (rows.length > 0) return false;
			try {
				await tx.exec(migration.sql);
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				throw new Error(`migration ${migration.version}_${migration.name} failed: ${message}`, { cause: error });
			}
			await tx.query(
				'insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)',
				[migration.version, migration.name]
			);
			return true;
		});
		if (ran) applied.push(migration.version);
	}
	return applied;
}
