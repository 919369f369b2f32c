import type { Db } from './types';

export type { Db, Queryable } from './types';

/** PostgreSQL when a connection string is given, otherwise PGlite persisted in dataDir. */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string }): Promise<Db> {
	if (options.databaseUrl) {
		const { openPostgres } = await import('./postgres');
		return openPostgres(options.databaseUrl);
	}
	const { openPglite } = await import('./pglite');
	return openPglite(options.dataDir);
}
