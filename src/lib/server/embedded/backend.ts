import { join } from 'node:path';
import { openDatabase, type Db } from '../db';
import { seedDemo, demoInfo, demoUserId, type DemoRole } from '../demo/seed';
import { loadJwtSecret, signToken } from './jwt';
import { applyMigrations, readMigrations } from './migrate';
import { RestHandler } from './rest';
import { applySupabaseShim } from './shim';
import { apiError } from './errors';

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
	log?: (message: string) => void;
}

/** Long-lived public key for the anon role, as Supabase issues one per project. */
const ANON_KEY_LIFETIME = 10 * 365 * 24 * 3600;
const ACCESS_TOKEN_LIFETIME = 3600;

/**
 * The embedded Supabase: a database (PGlite or PostgreSQL) prepared with the Supabase shim,
 * supabase/migrations and, in demo mode, the demo data, plus the HTTP subset supabase-js uses.
 */
export class EmbeddedBackend {
	private constructor(
		readonly db: Db,
		private readonly secret: Uint8Array,
		readonly anonKey: string,
		private readonly rest: RestHandler,
		readonly demo: boolean
	) {}

	static async start(config: BackendConfig): Promise<EmbeddedBackend> {
		const log = config.log ?? (() => undefined);
		const started = Date.now();
		const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') });
		try {
			await applySupabaseShim(db);
			const applied = await applyMigrations(db, readMigrations(config.migrationsDir ?? 'supabase/migrations'));
			if (applied.length) log(`applied migrations ${applied.join(', ')}`);
			if (config.demo) {
				const result = await seedDemo(db, {
					cases: config.demoCases,
					onProgress: (done, total) => {
						if (done === total || done % 100_000 === 0) log(`demo cases ${done}/${total}`);
					}
				});
				if (result.seeded) log(`seeded demo data (${result.cases} cases)`);
			}
		} catch (error) {
			await db.close();
			throw error;
		}
		const secret = loadJwtSecret(config.dataDir, config.jwtSecret);
		const anonKey = await signToken(secret, { role: 'anon' }, ANON_KEY_LIFETIME);
		log(`database ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${db.kind})`);
		return new EmbeddedBackend(db, secret, anonKey, new RestHandler(db, secret), config.demo);
	}

	/** Serves one request; path is the part after the /supabase base. */
	async handle(request: Request, path: string): Promise<Response> {
		if (path.startsWith('/rest/v1/')) return this.rest.handle(request, path);
		return apiError(404, { code: 'PGRST125', message: `no route for ${path}`, details: null, hint: null });
	}

	/**
	 * A fetch for supabase-js clients in this process: requests to `${baseUrl}/…` are served by
	 * handle() without a network round trip.
	 */
	fetchFor(baseUrl: string): typeof fetch {
		return async (input, init) => {
			const request = new Request(input, init);
			const url = new URL(request.url);
			const base = new URL(baseUrl);
			if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
				throw new Error(`in-process fetch only serves ${baseUrl}, not ${url.origin}`);
			}
			return this.handle(request, url.pathname.slice(base.pathname.length));
		};
	}

	/** An access token as the auth server would issue it to this user. */
	async accessToken(userId: string, appRole: string): Promise<string> {
		return signToken(
			this.secret,
			{ role: 'authenticated', aud: 'authenticated', sub: userId, app_metadata: { app_role: appRole } },
			ACCESS_TOKEN_LIFETIME
		);
	}

	/** Access token of one of the demo accounts (demo mode only). */
	async demoToken(role: DemoRole): Promise<string> {
		if (!this.demo) throw new Error('demo accounts exist only in demo mode');
		return this.accessToken(await demoUserId(this.db, role), role);
	}

	async demoInfo() {
		return demoInfo(this.db);
	}

	close(): Promise<void> {
		return this.db.close();
	}
}
