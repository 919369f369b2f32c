import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { mkdirSync } from 'node:fs';
import { SEARCH_PATH, type Db, type Queryable } from './types';

function wrap(q: PGlite | Transaction): Queryable {
	return {
		async query<R>(sql: string, params?: unknown[]) {
			const res = await q.query<R>(sql, params as unknown[] | undefined);
			return { rows: res.rows };
		},
		async exec(sql: string) {
			await q.exec(sql);
		}
	};
}

/** PGlite can also snapshot its data directory (used by test fixtures). */
export type PgliteDb = Db & { dumpDataDir(): Promise<Blob> };

/**
 * Opens (or creates) a PGlite database with PostGIS persisted in dataDir; in memory when dataDir
 * is undefined. PGlite is a single connection, so transactions run one after another.
 */
export async function openPglite(dataDir?: string, loadDataDir?: Blob): Promise<PgliteDb> {
	if (dataDir) mkdirSync(dataDir, { recursive: true });
	const pg = await PGlite.create(dataDir, { extensions: { postgis }, loadDataDir });
	await pg.exec(`set search_path to ${SEARCH_PATH}`);
	return {
		kind: 'pglite',
		...wrap(pg),
		transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
		close: () => pg.close(),
		dumpDataDir: () => pg.dumpDataDir('gzip')
	};
}
