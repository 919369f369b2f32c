/**
 * The case publication's publisher: keeps the publication current in the background, so that no
 * reader ever waits for a rebuild (issue 21). Every few seconds it beats (private.case_pub_beat:
 * readers of a stale publication are answered from the last one built while it is alive) and, when
 * cases, units or thresholds moved since the last build, builds the next one:
 * - on PostgreSQL, on a connection of its own (private.publish_case_publication: compute and install
 *   in one transaction, the published rows replaced by DELETE and INSERT, so readers keep reading);
 * - on PGlite, which is one connection, a small publication is built in place (as long as a reader's
 *   own build would take) and a large one in a worker thread's own database (publisher-worker.ts):
 *   the rows it reads are copied out in one transaction, and the result installed in another.
 * A failed build says the publisher is gone, so readers build inline as before, and is retried.
 */
import type { Db } from '../db';
import { openPostgres } from '../db/postgres';
import type { PgliteDb } from '../db/pglite';
import { WorkerPool } from '../workers';
import { PUBLICATION_TABLES, type PublicationInfo, type PublishJob, type PublishResult, type SourceTable } from './publisher-worker';

export interface PublisherOptions {
	migrationsDir: string;
	/** The PostgreSQL server's URL (a connection of the publisher's own); absent on PGlite. */
	databaseUrl?: string;
	/** Seconds between beats (readers count the publisher alive for 30 s after one). */
	beatSeconds?: number;
	/** PGlite: a publication whose last build took longer than this (ms) is built in a worker. */
	workerAboveMs?: number;
	/** Seconds to wait after a failed build before trying again. */
	retrySeconds?: number;
	log?: (message: string) => void;
}

/** What the publisher last did, for the admin page and the tests. */
export interface PublisherStatus {
	builds: number;
	failures: number;
	lastError: string | null;
	last: { version: number; ms: number; where: 'postgres' | 'in place' | 'worker' } | null;
}

interface Beat {
	current: boolean;
	data_version: number;
	built_version: number | null;
}

/** The rows compute_case_publication() reads, by table: the columns a case needs and whole small tables. */
const CASE_COLUMNS = [
	'case_type',
	'occurred_on',
	'admin_unit_id',
	'location_precision',
	'geom',
	'victims_female',
	'victims_male',
	'victims_under_16',
	'victims_16_17',
	'victims_adult',
	'destination_country',
	'crossing_id'
];
const WHOLE_TABLES = ['admin_units', 'case_types', 'app_settings'];

const WORKER_TIMEOUT_MS = 60 * 60_000;
/** One worker build at a time; its database lives outside the JS heap (WASM memory). */
const pool = new WorkerPool({ concurrency: 1, heapMb: 1024, timeoutMs: WORKER_TIMEOUT_MS });

export class Publisher {
	readonly status: PublisherStatus = { builds: 0, failures: 0, lastError: null, last: null };
	#timer: ReturnType<typeof setTimeout> | undefined;
	#tick: Promise<void> = Promise.resolve();
	#stopped = false;
	#building: number | null = null;
	#retryAt = 0;
	#vacuumed: number | null = null;
	/** Stops a worker build on stop(). */
	readonly #abort = new AbortController();
	/** PostgreSQL: the backend running a build (cancelled on stop()). */
	#builderPid: number | null = null;
	readonly #builder: Db | null;

	private constructor(
		private readonly db: Db,
		private readonly options: PublisherOptions,
		builder: Db | null
	) {
		this.#builder = builder;
	}

	/** Starts beating and building at once. */
	static async start(db: Db, options: PublisherOptions): Promise<Publisher> {
		const builder = db.kind === 'postgres' && options.databaseUrl ? await openPostgres(options.databaseUrl, 1) : null;
		const publisher = new Publisher(db, options, builder);
		publisher.#schedule(0);
		return publisher;
	}

	#schedule(ms: number) {
		if (this.#stopped) return;
		this.#timer = setTimeout(() => {
			this.#tick = this.#tick.then(() => this.#run()).finally(() => this.#schedule((this.options.beatSeconds ?? 5) * 1000));
		}, ms);
	}

	/** One beat, and a build when the publication is stale; never rejects (the next beat comes anyway). */
	async #run(): Promise<void> {
		await this.#step().catch((e: unknown) => this.#failed(e));
	}

	async #step(): Promise<void> {
		// After a failure, no beats until the retry: meanwhile readers build for themselves.
		if (this.#stopped || Date.now() < this.#retryAt) return;
		const beat = await this.#beat(null);
		if (!beat) return;
		await this.#vacuum(beat.built_version);
		if (beat.current) return;
		// Beat on while building: readers go on being answered from the last publication.
		const keepAlive = setInterval(() => void this.#beat(beat.data_version).catch(() => undefined), (this.options.beatSeconds ?? 5) * 1000);
		this.#building = beat.data_version;
		try {
			await this.#beat(beat.data_version);
			const started = performance.now();
			const where = await this.#build();
			const state = (await this.db.query<{ v: number | null }>('select built_version as v from private.case_pub_state')).rows[0];
			this.status.builds++;
			this.status.last = { version: Number(state?.v ?? beat.data_version), ms: Math.round(performance.now() - started), where };
			this.options.log?.(`case publication ${this.status.last.version} built (${where}) in ${(this.status.last.ms / 1000).toFixed(1)} s`);
		} finally {
			clearInterval(keepAlive);
			this.#building = null;
		}
		const after = await this.#beat(null);
		if (after) await this.#vacuum(after.built_version);
	}

	async #failed(e: unknown): Promise<null> {
		if (this.#stopped) return null;
		this.status.failures++;
		this.status.lastError = e instanceof Error ? e.message : String(e);
		this.#retryAt = Date.now() + (this.options.retrySeconds ?? 60) * 1000;
		this.options.log?.(`case publication build failed (readers rebuild it themselves until the next try): ${this.status.lastError}`);
		// Until it works again, readers build as they did without a publisher: never stale for long.
		await this.db.query('select private.case_pub_gone()').catch(() => undefined);
		return null;
	}

	async #beat(building: number | null): Promise<Beat | null> {
		if (this.#stopped) return null;
		const { rows } = await this.db.query<{ b: Beat }>('select private.case_pub_beat($1::bigint) as b', [building]);
		return rows[0]!.b;
	}

	async #build(): Promise<NonNullable<PublisherStatus['last']>['where']> {
		if (this.db.kind === 'postgres') {
			await (this.#builder ?? this.db).transaction(async (tx) => {
				this.#builderPid = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
				await tx.query('select private.publish_case_publication()');
			});
			this.#builderPid = null;
			return 'postgres';
		}
		const last = (await this.db.query<{ ms: number | null }>('select build_ms as ms from private.case_pub_state')).rows[0]?.ms ?? null;
		if (last !== null && last <= (this.options.workerAboveMs ?? 3000)) {
			await this.db.query('select private.publish_case_publication()');
			return 'in place';
		}
		await this.#buildInWorker(this.db as unknown as PgliteDb);
		return 'worker';
	}

	/** PGlite: copy the rows out, compute in a worker's database, install the result. */
	async #buildInWorker(db: PgliteDb): Promise<void> {
		const job = await db.transaction(async (tx): Promise<PublishJob> => {
			const version = (await tx.query<{ v: string }>('select data_version::text as v from private.case_pub_state')).rows[0]!.v;
			const sources: SourceTable[] = [];
			for (const table of WHOLE_TABLES) {
				const columns = (
					await tx.query<{ name: string }>(
						`select column_name as name from information_schema.columns
						 where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
						[table]
					)
				).rows.map((r) => r.name);
				sources.push({ table, columns, rows: new Uint8Array(await (await tx.copyTo(`copy ${table} (${columns.join(', ')}) to '/dev/blob'`)).arrayBuffer()) });
			}
			const cases = await tx.copyTo(`copy cases (${CASE_COLUMNS.join(', ')}) to '/dev/blob'`);
			sources.push({ table: 'cases', columns: CASE_COLUMNS, rows: new Uint8Array(await cases.arrayBuffer()) });
			return { migrationsDir: this.options.migrationsDir, dataVersion: version, sources };
		});
		const { WORKER_MODULE, WORKER_TAG } = await import('./publisher-worker');
		const result = (await pool.run(WORKER_MODULE, { tag: WORKER_TAG, ...job }, this.#abort.signal)) as PublishResult;
		const { prepare, load, compute } = result.timings;
		this.options.log?.(`case publication computed in a worker: its database prepared in ${prepare} ms, rows loaded in ${load} ms, computed in ${compute} ms`);
		const installed = await db.transaction(async (tx) => {
			for (const t of PUBLICATION_TABLES) {
				await tx.exec(`create temp table pub_next_${t} (like private.case_pub_${t} including defaults) on commit drop`);
				await tx.copyFrom(`copy pg_temp.pub_next_${t} from '/dev/blob'`, new Blob([result.tables[t]]));
			}
			return (
				await tx.query<{ r: unknown }>('select private.install_case_publication($1::jsonb) as r', [JSON.stringify(result.info satisfies PublicationInfo)])
			).rows[0]!.r;
		});
		if (installed === null) throw new Error('the thresholds changed during the build; building again');
	}

	/**
	 * PGlite runs no autovacuum: after each new publication (built here or by a reader), give the
	 * replaced rows' space back.
	 */
	async #vacuum(version: number | null): Promise<void> {
		if (this.db.kind !== 'pglite' || version === this.#vacuumed) return;
		await this.db.exec(`vacuum ${PUBLICATION_TABLES.map((t) => `private.case_pub_${t}`).join(', ')}`);
		this.#vacuumed = version;
	}

	/** Beats and, if needed, builds now; resolves when done (tests, and after a bulk change). */
	async publishNow(): Promise<void> {
		this.#tick = this.#tick.then(() => this.#run());
		await this.#tick;
	}

	/** The data version being built, or null. */
	get building(): number | null {
		return this.#building;
	}

	/** Stops beating and building (a running build is cancelled): readers build inline at once. */
	async stop(): Promise<void> {
		this.#stopped = true;
		clearTimeout(this.#timer);
		this.#abort.abort();
		if (this.#builderPid !== null) await this.db.query('select pg_cancel_backend($1::int)', [this.#builderPid]).catch(() => undefined);
		await this.#tick.catch(() => undefined);
		await this.db.query('select private.case_pub_gone()').catch(() => undefined);
		await this.#builder?.close();
	}
}
