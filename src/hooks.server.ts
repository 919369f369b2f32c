import type { Handle, ServerInit } from '@sveltejs/kit';
import { appConfig, embeddedBackend, SUPABASE_BASE_PATH } from '$lib/server/backend';
import { serverSupabase } from '$lib/server/supabase';
import { DEMO_USERS } from '$lib/server/demo/seed';

/** Starts the database before the server listens, then prints where to find everything. */
export const init: ServerInit = async () => {
	const backend = await embeddedBackend();
	const cfg = appConfig();
	const port = process.env.PORT ?? '3000';
	const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost';
	const url = process.env.ORIGIN ?? `http://${host}:${port}`;
	const lines = [`Hotspot Atlas — Bản đồ điểm nóng`, `  App:           ${url}`];
	if (backend) {
		lines.push(`  Supabase URL:  ${url}${SUPABASE_BASE_PATH}`, `  anon key:      ${backend.anonKey}`);
		lines.push(`  Database:      ${cfg.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${cfg.dataDir}`}`);
		if (backend.demo) {
			lines.push('  DEMO DATA — generated, not real cases. Demo accounts (sign-in arrives with the auth issue):');
			for (const user of DEMO_USERS) lines.push(`    ${user.email.padEnd(22)} ${user.role}`);
		}
	} else {
		lines.push(`  Supabase URL:  ${cfg.supabaseUrl}`);
	}
	console.log(lines.join('\n'));
};

const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'DENY'
};

export const handle: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (path === SUPABASE_BASE_PATH || path.startsWith(`${SUPABASE_BASE_PATH}/`)) {
		const backend = await embeddedBackend();
		if (!backend) return new Response('not found', { status: 404 });
		return backend.handle(event.request, path.slice(SUPABASE_BASE_PATH.length));
	}

	// Until sign-in exists, demo mode shows the map as the demo planner; without demo data the
	// requests run as anon, which RLS gives nothing.
	const backend = await embeddedBackend();
	if (backend?.demo) {
		event.locals.supabase = await serverSupabase(await backend.demoToken('planner'));
		event.locals.viewer = { role: 'planner', label: 'planner@demo.vn', demo: true };
	} else {
		event.locals.supabase = await serverSupabase();
		event.locals.viewer = null;
	}

	const response = await resolve(event);
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
	return response;
};
