import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { Database } from '$lib/supabase/database.types';
import { appConfig, embeddedBackend, SUPABASE_BASE_PATH } from './backend';

export type AppSupabaseClient = SupabaseClient<Database>;

/** Origin used for in-process calls to the embedded API (never resolved on a network). */
const IN_PROCESS_ORIGIN = 'http://embedded.invalid';

/**
 * A supabase-js client for server code acting for one request. On the embedded backend its
 * requests are served in-process; on a real project they go to PUBLIC_SUPABASE_URL.
 */
export async function serverSupabase(accessToken?: string): Promise<AppSupabaseClient> {
	const cfg = appConfig();
	const backend = await embeddedBackend();
	const url = backend ? IN_PROCESS_ORIGIN + SUPABASE_BASE_PATH : cfg.supabaseUrl!;
	const key = backend ? backend.anonKey : cfg.supabaseAnonKey!;
	return createClient<Database>(url, key, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		global: {
			fetch: backend ? backend.fetchFor(url) : fetch,
			headers: accessToken ? { Authorization: `Bearer ${accessToken}` } : {}
		},
		// supabase-js 2.109 needs a WebSocket implementation on Node 20 (see STACK-NOTES).
		realtime: { transport: WebSocket as never }
	});
}
