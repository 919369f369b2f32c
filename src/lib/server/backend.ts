import { env } from '$env/dynamic/private';
import { readConfig, type AppConfig } from './config';
import { EmbeddedBackend } from './embedded/backend';

/** Base path under which the embedded Supabase HTTP API is served. */
export const SUPABASE_BASE_PATH = '/supabase';

let config: AppConfig | undefined;
let backend: Promise<EmbeddedBackend | null> | undefined;

export function appConfig(): AppConfig {
	config ??= readConfig(env);
	return config;
}

/** The embedded backend of this server process (null when a real Supabase project is used). */
export function embeddedBackend(): Promise<EmbeddedBackend | null> {
	backend ??= (async () => {
		const cfg = appConfig();
		if (cfg.mode !== 'embedded') return null;
		return EmbeddedBackend.start({
			dataDir: cfg.dataDir,
			databaseUrl: cfg.databaseUrl,
			demo: cfg.demo,
			demoCases: cfg.demoCases,
			jwtSecret: cfg.jwtSecret,
			log: (message) => console.log(`[hotspot-atlas] ${message}`)
		});
	})();
	return backend;
}

/** Closes the embedded backend's database and gives its data directory up (on shutdown). */
export async function closeEmbeddedBackend(): Promise<void> {
	const running = backend;
	backend = undefined;
	const started = await running?.catch(() => null);
	await started?.close();
}
