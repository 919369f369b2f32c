/**
 * The body of the worker thread that computes the case publication of an embedded (PGlite) server
 * (started by publisher.ts). PGlite is one connection: a build in it would hold every reader for
 * its whole length. So the worker opens a database of its own in memory, prepared by the same shim
 * and migrations, loads the rows the build reads (copied out of the server's database in one
 * transaction), computes the publication there and hands back its four tables as COPY text, which
 * the server installs in one short transaction.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { openPglite } from '../db/pglite';
import { serveJob } from '../workers';
import { applySupabaseShim } from './shim';
import { applyMigrations, readMigrations } from './migrate';

/** Where this module is: the worker loads it from here. */
export const WORKER_MODULE = import.meta.url;
/** Marks the worker data of a publication build, so that loading this module anywhere else does nothing. */
export const WORKER_TAG = 'hotspot-atlas:publication';

/** The rows the build reads: each source table's copied columns and their COPY text. */
export interface SourceTable {
	table: string;
	columns: string[];
	rows: Uint8Array<ArrayBuffer>;
}

export interface PublishJob {
	migrationsDir: string;
	/** The data version the rows were copied at. */
	dataVersion: string;
	sources: SourceTable[];
}

/** What compute_case_publication() returns: the version and thresholds it was made from. */
export type PublicationInfo = { data_version: number; screen_k: number; export_k: number; build_ms: number; stats: unknown };

/** The computed publication: what install needs, and the COPY text of pg_temp.pub_next_<table>. */
export interface PublishResult {
	info: PublicationInfo;
	tables: Record<(typeof PUBLICATION_TABLES)[number], Uint8Array<ArrayBuffer>>;
	/** Time spent preparing the worker's database, loading the rows and computing (ms). */
	timings: { prepare: number; load: number; compute: number };
}

/** The publication's tables, in the order install fills them (pg_temp.pub_next_<t> ← private.case_pub_<t>). */
export const PUBLICATION_TABLES = ['time', 'class', 'space', 'cell'] as const;

const bytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

async function publish(job: PublishJob): Promise<PublishResult> {
	let mark = performance.now();
	const lap = () => {
		const now = performance.now();
		const ms = Math.round(now - mark);
		mark = now;
		return ms;
	};
	const db = await openPglite();
	try {
		await applySupabaseShim(db);
		await applyMigrations(db, readMigrations(job.migrationsDir));
		const prepare = lap();
		return await db.transaction(async (tx) => {
			// The copied rows are the server's, already checked there: no triggers (no audit, no version
			// bump) and no foreign keys to rows that were not copied.
			await tx.exec(`set local session_replication_role = replica`);
			for (const source of job.sources) {
				await tx.exec(`delete from ${source.table}`);
				await tx.copyFrom(`copy ${source.table} (${source.columns.join(', ')}) from '/dev/blob'`, new Blob([source.rows]));
			}
			await tx.query('update private.case_pub_state set data_version = $1::bigint', [job.dataVersion]);
			const load = lap();
			const { rows } = await tx.query<{ info: PublicationInfo }>('select private.compute_case_publication() as info');
			const tables = {} as PublishResult['tables'];
			for (const t of PUBLICATION_TABLES) tables[t] = await bytes(await tx.copyTo(`copy pg_temp.pub_next_${t} to '/dev/blob'`));
			return { info: rows[0]!.info, tables, timings: { prepare, load, compute: lap() } };
		});
	} finally {
		await db.close();
	}
}

void serveJob(
	isMainThread,
	workerData,
	WORKER_TAG,
	(reply) => parentPort!.postMessage(reply),
	() => publish(workerData as PublishJob)
);
