import { join, resolve } from 'node:path';

export interface AppConfig {
	/** embedded: PGlite (or DATABASE_URL) behind our own /supabase API; supabase: a real project. */
	mode: 'embedded' | 'supabase';
	dataDir: string;
	/** Where the installed offline basemap is kept (BASEMAP_DIR, default DATA_DIR/basemap). */
	basemapDir: string;
	databaseUrl?: string;
	demo: boolean;
	demoCases?: number;
	jwtSecret?: string;
	supabaseUrl?: string;
	supabaseAnonKey?: string;
}

/** Reads the configuration from the environment (documented in the README). */
export function readConfig(env: Record<string, string | undefined>): AppConfig {
	const supabaseUrl = env.PUBLIC_SUPABASE_URL || undefined;
	const demoCases = env.DEMO_CASES ? Number(env.DEMO_CASES) : undefined;
	if (demoCases !== undefined && (!Number.isInteger(demoCases) || demoCases < 0)) {
		throw new Error(`DEMO_CASES must be a whole number ≥ 0, got "${env.DEMO_CASES}"`);
	}
	if (supabaseUrl && !env.PUBLIC_SUPABASE_ANON_KEY) {
		throw new Error('PUBLIC_SUPABASE_URL is set but PUBLIC_SUPABASE_ANON_KEY is not');
	}
	const dataDir = resolve(env.DATA_DIR || '.data');
	return {
		mode: supabaseUrl ? 'supabase' : 'embedded',
		dataDir,
		basemapDir: resolve(env.BASEMAP_DIR || join(dataDir, 'basemap')),
		databaseUrl: env.DATABASE_URL || undefined,
		// Demo data and accounts are the default of the embedded backend; DEMO=0 turns them off.
		demo: !supabaseUrl && env.DEMO !== '0',
		demoCases,
		jwtSecret: env.JWT_SECRET || undefined,
		supabaseUrl,
		supabaseAnonKey: env.PUBLIC_SUPABASE_ANON_KEY || undefined
	};
}
