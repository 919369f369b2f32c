import { join } from 'node:path';
import { openDatabase, type Db } from '../db';
import type { PgliteDb } from '../db/pglite';
import { seedDemo, demoInfo, demoUserId, type DemoRole } from '../demo/seed';
import { loadJwtSecret, signToken, verifyToken } from './jwt';
import { BACKUP_PATH } from './backup';
import { applyMigrations, readMigrations } from './migrate';
import { RestHandler } from './rest';
import { AuthHandler, ACCESS_TOKEN_SECONDS, openSession, type RequestContext } from './auth';
import { applySupabaseShim, prepareEmbeddedAuth } from './shim';
import { apiError } from './errors';
import { DataDirError, lockDataDir, privateDataDir, type DataDirLock } from './lock';
import { Publisher, type PublisherOptions } from './publisher';

export interface BackendConfig {
	/** Where PGlite keeps its files and the generated JWT secret live. */
	dataDir: string;
	/** A PostgreSQL + PostGIS server to use instead of PGlite. */
	databaseUrl?: string;
	/** Seed the demo data set and demo accounts on first start. */
	demo: boolean;
	/** Number of demo cases on first start. */
	demoCases?: number;
	jwtSecret?: string;
	migrationsDir?: string;
	/** Keep the case publication current in the background (default on); false for tests of readers alone. */
	publisher?: boolean | Pick<PublisherOptions, 'beatSeconds' | 'workerAboveMs' | 'retrySeconds'>;
	log?: (message: string) => void;
}

/** Long-lived keys for the anon and service roles, as Supabase issues one of each per project. */
const API_KEY_LIFETIME = 10 * 365 * 24 * 3600;
/** Requests made inside this process (server-side supabase-js without a browser behind it). */
const IN_PROCESS: RequestContext = { clientAddress: 'in-process' };

/**
 * The embedded Supabase: a database (PGlite or PostgreSQL) prepared with the Supabase shim,
 * supabase/migrations and, in demo mode, the demo data, plus the HTTP subset supabase-js uses.
 */
export class EmbeddedBackend {
	private constructor(
		readonly db: Db,
		private readonly secret: Uint8Array,
		readonly anonKey: string,
		/** Server-only key of the service role (auth admin API); never sent to a browser. */
		readonly serviceKey: string,
		private readonly rest: RestHandler,
		private readonly auth: AuthHandler,
		readonly demo: boolean,
		private readonly lock: DataDirLock | null,
		/** Rebuilds the case publication when cases change (null when turned off). */
		readonly publisher: Publisher | null
	) {}

	static async start(config: BackendConfig): Promise<EmbeddedBackend> {
		const log = config.log ?? (() => undefined);
		const started = Date.now();
		// The data directory holds the JWT secret (and, embedded, the database): private, and one process's.
		privateDataDir(config.dataDir);
		const lock = config.databaseUrl ? null : lockDataDir(config.dataDir);
		const migrationsDir = config.migrationsDir ?? 'supabase/migrations';
		let db: Db;
		let publisher: Publisher | null;
		try {
			db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
		} catch (e) {
			lock?.release();
			const where = config.databaseUrl ? 'the PostgreSQL server of DATABASE_URL' : `the database in ${join(config.dataDir, 'pglite')}`;
			const next = config.databaseUrl ? '' : '. If the directory is damaged, restore a backup: npm run cli -- restore FILE (README: Running it)';
			throw new DataDirError(`cannot open ${where}: ${(e as Error).message || String(e)}${next}`, { cause: e });
		}
		try {
			await applySupabaseShim(db);
			const applied = await applyMigrations(db, readMigrations(migrationsDir));
			if (applied.length) log(`applied migrations ${applied.join(', ')}`);
			await prepareEmbeddedAuth(db);
			// An import committed before the server stopped is written to the end before anyone reads.
			const resumed = (await db.query<{ n: number }>('select private.import_resume() as n')).rows[0]!.n;
			if (resumed) log(`wrote the last ${resumed} rows of an import committed before the server stopped`);
			if (config.demo) {
				const result = await seedDemo(db, {
					cases: config.demoCases,
					onProgress: (done, total) => {
						if (done === total || done % 100_000 === 0) log(`demo cases ${done}/${total}`);
					}
				});
				if (result.seeded) log(`seeded demo data (${result.cases} cases)`);
			}
			publisher =
				config.publisher === false
					? null
					: await Publisher.start(db, { migrationsDir, databaseUrl: config.databaseUrl, log, ...(config.publisher === true ? {} : config.publisher) });
		} catch (error) {
			await db.close();
			lock?.release();
			throw error;
		}
		const secret = loadJwtSecret(config.dataDir, config.jwtSecret);
		const anonKey = await signToken(secret, { role: 'anon' }, API_KEY_LIFETIME);
		const serviceKey = await signToken(secret, { role: 'service_role' }, API_KEY_LIFETIME);
		const auth = new AuthHandler(db, secret, { minPasswordLength: config.demo ? 8 : 10 });
		log(`database ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${db.kind})`);
		return new EmbeddedBackend(db, secret, anonKey, serviceKey, new RestHandler(db, secret), auth, config.demo, lock, publisher);
	}

	/** Serves one request; path is the part after the /supabase base. */
	async handle(request: Request, path: string, context: RequestContext = IN_PROCESS): Promise<Response> {
		if (path.startsWith('/rest/v1/')) return this.rest.handle(request, path);
		if (path.startsWith('/auth/v1/')) return this.auth.handle(request, path, context);
		if (path === BACKUP_PATH && request.method === 'GET') return this.#backup(request);
		return apiError(404, { code: 'PGRST125', message: `no route for ${path}`, details: null, hint: null });
	}

	/** A consistent backup of the embedded database, for the service role only (the CLI's `backup`). */
	async #backup(request: Request): Promise<Response> {
		const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /i, '');
		const claims = await verifyToken(this.secret, token).catch(() => null);
		if (claims?.role !== 'service_role') return apiError(403, { code: '42501', message: 'backups are for the service role', details: null, hint: null });
		if (this.db.kind !== 'pglite')
			return apiError(501, { code: 'PGRST501', message: 'back PostgreSQL up with pg_dump (README: Backup and restore)', details: null, hint: null });
		const blob = await (this.db as PgliteDb).backup();
		return new Response(blob, { headers: { 'content-type': 'application/gzip', 'cache-control': 'no-store' } });
	}

	/**
	 * A fetch for supabase-js clients in this process: requests to `${baseUrl}/…` are served by
	 * handle() without a network round trip.
	 */
	fetchFor(baseUrl: string, context: RequestContext = IN_PROCESS): typeof fetch {
		return async (input, init) => {
			const request = new Request(input, init);
			const url = new URL(request.url);
			const base = new URL(baseUrl);
			if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
				throw new Error(`in-process fetch only serves ${baseUrl}, not ${url.origin}`);
			}
			return this.handle(request, url.pathname.slice(base.pathname.length), context);
		};
	}

	/**
	 * Opens a session for a user without a password, as server-side tooling may (CLI, benchmarks,
	 * tests), and returns its access token.
	 */
	async accessToken(userId: string): Promise<string> {
		const sessionId = await openSession(this.db, userId);
		return signToken(this.secret, { role: 'authenticated', aud: 'authenticated', sub: userId, session_id: sessionId }, ACCESS_TOKEN_SECONDS);
	}

	/** Access token of one of the demo accounts (demo mode only). */
	async demoToken(role: DemoRole): Promise<string> {
		if (!this.demo) throw new Error('demo accounts exist only in demo mode');
		return this.accessToken(await demoUserId(this.db, role));
	}

	async demoInfo() {
		return demoInfo(this.db);
	}

	/** Closes the database (PGlite writes its last changes) and gives the data directory up. */
	async close(): Promise<void> {
		try {
			await this.publisher?.stop();
			await this.db.close();
		} finally {
			this.lock?.release();
		}
	}
}
