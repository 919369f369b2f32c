import { PGlite, type Transaction } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { mkdirSync } from 'node:fs';
import { SEARCH_PATH, type Db, type Queryable } from './types';

/** PGlite's COPY through a blob in memory (its stand-in for COPY … TO STDOUT / FROM STDIN). */
export interface PgliteQueryable extends Queryable {
	/** `COPY … TO '/dev/blob'`: the rows written. */
	copyTo(sql: string): Promise<Blob>;
	/** `COPY … FROM '/dev/blob'`, reading these rows. */
	copyFrom(sql: string, rows: Blob): Promise<void>;
}

function wrap(q: PGlite | Transaction): PgliteQueryable {
	return {
		async query<R>(sql: string, params?: unknown[]) {
			const res = await q.query<R>(sql, params as unknown[] | undefined);
			return { rows: res.rows };
		},
		async exec(sql: string) {
			await q.exec(sql);
		},
		async copyTo(sql: string) {
			const res = await q.query(sql);
			if (!res.blob) throw new Error(`no rows came out of ${sql}`);
			return res.blob;
		},
		async copyFrom(sql: string, rows: Blob) {
			await q.query(sql, [], { blob: rows });
		}
	};
}

/** PGlite can also snapshot its data directory (test fixtures, backups) and copy through blobs. */
export type PgliteDb = Omit<Db, 'transaction'> &
	PgliteQueryable & {
		readonly kind: 'pglite';
		transaction<T>(fn: (tx: PgliteQueryable) => Promise<T>): Promise<T>;
		dumpDataDir(): Promise<Blob>;
		/** A consistent gzipped tar of the data directory, taken between transactions (a backup). */
		backup(): Promise<Blob>;
	};

/** PGlite's own serialisation of transactions and queries (not in its public types). */
interface PgliteLocks {
	_runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}

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
		dumpDataDir: () => pg.dumpDataDir('gzip'),
		backup: async () => {
			// No statement runs while the files are read (PGlite runs every query and transaction under
			// this lock): the tar is what PostgreSQL would find after a crash at that moment, WAL included,
			// and the checkpoint just before keeps the WAL to replay short.
			await pg.query('checkpoint');
			return (pg as unknown as PgliteLocks)._runExclusiveTransaction(() => pg.dumpDataDir('gzip'));
		}
	};
}
