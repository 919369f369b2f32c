import { createServerClient } from '@supabase/ssr';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import WebSocket from 'ws';
import type { Database } from '$lib/supabase/database.types';
import { appConfig, embeddedBackend, SUPABASE_BASE_PATH } from './backend';

export type AppSupabaseClient = SupabaseClient<Database>;

/** Origin used for in-process calls to the embedded API (never resolved on a network). */
const IN_PROCESS_ORIGIN = 'http://embedded.invalid';

// supabase-js 2.109 needs a WebSocket implementation on Node 20 (STACK-NOTES).
const realtime = { transport: WebSocket as never };

async function target(clientAddress: string) {
	const backend = await embeddedBackend();
	if (backend) {
		const url = IN_PROCESS_ORIGIN + SUPABASE_BASE_PATH;
		return { url, anonKey: backend.anonKey, serviceKey: backend.serviceKey, fetch: backend.fetchFor(url, { clientAddress }) };
	}
	const cfg = appConfig();
	return { url: cfg.supabaseUrl!, anonKey: cfg.supabaseAnonKey!, serviceKey: env.SUPABASE_SERVICE_ROLE_KEY, fetch };
}

/**
 * The per-request client: the session lives in httpOnly, SameSite=Lax cookies managed by
 * @supabase/ssr; on the embedded backend its requests are served in-process.
 */
export async function requestSupabase(event: RequestEvent): Promise<AppSupabaseClient> {
	const t = await target(event.getClientAddress());
	return createServerClient<Database>(t.url, t.anonKey, {
		cookies: {
			getAll: () => event.cookies.getAll(),
			setAll: (cookies) => {
				for (const { name, value, options } of cookies) {
					event.cookies.set(name, value, {
						...options,
						path: '/',
						httpOnly: true,
						sameSite: 'lax',
						secure: event.url.protocol === 'https:'
					});
				}
			}
		},
		global: { fetch: t.fetch },
		realtime
	});
}

/** The auth admin client (service role). Server-only, for actions already checked to be an admin's. */
export async function serviceSupabase(): Promise<AppSupabaseClient> {
	const t = await target('in-process');
	if (!t.serviceKey) throw new Error('SUPABASE_SERVICE_ROLE_KEY is needed for user administration');
	return createClient<Database>(t.url, t.serviceKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		global: { fetch: t.fetch },
		realtime
	});
}
