import { requestLocale } from '$lib/i18n/messages';
import type { Handle, ServerInit } from '@sveltejs/kit';
import { appConfig, closeEmbeddedBackend, embeddedBackend, SUPABASE_BASE_PATH } from '$lib/server/backend';
import { requestSupabase } from '$lib/server/supabase';
import { compressed } from '$lib/server/http/compress';
import { DEMO_PASSWORD, DEMO_USERS } from '$lib/server/demo/seed';
import { PING_PATH } from '$lib/offline/keys';

/**
 * Once the HTTP server has stopped (SIGTERM / SIGINT: adapter-node and scripts/start.js emit
 * `sveltekit:shutdown` when in-flight requests are done or aborted), the database is closed (PGlite
 * writes its last changes, the data directory is given up) and the process exits: PGlite's timers
 * would otherwise keep it alive with the directory still held.
 */
function exitOnShutdown() {
	process.once('sveltekit:shutdown', () => {
		closeEmbeddedBackend().then(
			() => process.exit(0),
			(e: unknown) => {
				console.error(`[hotspot-atlas] closing the database failed: ${(e as Error).message}`);
				process.exit(1);
			}
		);
	});
}

/** Starts the database before the server listens, then prints where to find everything. */
export const init: ServerInit = async () => {
	const backend = await embeddedBackend();
	exitOnShutdown();
	const cfg = appConfig();
	const port = process.env.PORT ?? '3000';
	const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost';
	const url = process.env.ORIGIN ?? `http://${host}:${port}`;
	const lines = [`Hotspot Atlas — Bản đồ điểm nóng`, `  App:           ${url}`];
	if (backend) {
		lines.push(`  Supabase URL:  ${url}${SUPABASE_BASE_PATH}`, `  anon key:      ${backend.anonKey}`);
		lines.push(`  Database:      ${cfg.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${cfg.dataDir}`}`);
		if (backend.demo) {
			lines.push(`  DEMO DATA — generated, not real cases. Demo accounts (password "${DEMO_PASSWORD}"):`);
			for (const user of DEMO_USERS) lines.push(`    ${user.email.padEnd(22)} ${user.role}`);
		} else {
			lines.push('  No demo accounts (DEMO=0): create the first admin with `npm run cli -- create-admin`.');
		}
	} else {
		lines.push(`  Supabase URL:  ${cfg.supabaseUrl}`);
	}
	console.log(lines.join('\n'));
};

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	// Same origin only: presenter mode embeds the app's own map views; no other site may frame it.
	'x-frame-options': 'SAMEORIGIN',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(self)'
};

export const handle: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	// Whether the server answers, and nothing more: no session is looked up (offline devices ask it).
	if (path === PING_PATH) return new Response(null, { status: 204, headers: { 'cache-control': 'no-store', ...SECURITY_HEADERS } });
	if (path === SUPABASE_BASE_PATH || path.startsWith(`${SUPABASE_BASE_PATH}/`)) {
		const backend = await embeddedBackend();
		if (!backend) return new Response('not found', { status: 404 });
		const response = await backend.handle(event.request, path.slice(SUPABASE_BASE_PATH.length), {
			clientAddress: event.getClientAddress()
		});
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
		return response;
	}

	// Identify the user with one call of the data API, never from the cookie alone: before my_profile
	// runs, the API verifies the token (signature, expiry, audience) and its pre-request
	// (check_request) that the session is still live and the account enabled — the checks the auth
	// server's getUser() made in a round trip of its own. getSession() only reads the cookie (and
	// refreshes an expired access token); a request without one asks nothing.
	event.locals.supabase = await requestSupabase(event);
	event.locals.user = null;
	const { data: session } = await event.locals.supabase.auth.getSession();
	if (session.session) {
		const { data: profile } = await event.locals.supabase.rpc('my_profile');
		event.locals.user = profile ?? null;
	}

	// <html lang> follows the language of the page (screen readers, hyphenation, spell checking).
	const lang = requestLocale(event.url, event.cookies.get('lang'));
	const response = await compressed(event.request, await resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', lang) }));
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	// A district official's phone goes to border posts: the browser keeps none of their answers (case
	// counts on the map included). What works offline is kept by the service worker, by rule.
	if (event.locals.user?.role === 'district_official' && !path.startsWith('/basemap/tiles/')) response.headers.set('cache-control', 'private, no-store');
	return response;
};
