/**
 * `npm run cli -- <command> [options]`: administration from the command line.
 *
 *   create-admin --email EMAIL --password PASSWORD
 *       Creates an admin account (the first one, when DEMO=0 leaves the database without users).
 *
 * Uses the same configuration as the server (DATA_DIR, DATABASE_URL, DEMO).
 */
import { createClient } from '@supabase/supabase-js';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { EmbeddedBackend } from '../src/lib/server/embedded/backend';
import { readConfig } from '../src/lib/server/config';

const USAGE = 'usage: npm run cli -- create-admin --email EMAIL --password PASSWORD';

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: { email: { type: 'string' }, password: { type: 'string' }, help: { type: 'boolean', short: 'h' } }
});

function die(message: string): never {
	console.error(message);
	process.exit(2);
}

if (values.help || positionals.length === 0) {
	console.log(USAGE);
	process.exit(values.help ? 0 : 2);
}
if (positionals[0] !== 'create-admin') die(`unknown command "${positionals[0]}"\n${USAGE}`);
if (!values.email) die(`--email is required\n${USAGE}`);
if (!values.password) die(`--password is required\n${USAGE}`);

const config = readConfig(process.env);
if (config.mode !== 'embedded') die('create-admin works on the embedded backend; on Supabase create users in the dashboard.');
const backend = await EmbeddedBackend.start({ ...config, log: () => undefined });
try {
	const base = 'http://embedded.invalid/supabase';
	const service = createClient(base, backend.serviceKey, {
		auth: { persistSession: false, autoRefreshToken: false },
		global: { fetch: backend.fetchFor(base) },
		realtime: { transport: WebSocket as never }
	});
	const { data, error } = await service.auth.admin.createUser({
		email: values.email,
		password: values.password,
		email_confirm: true,
		app_metadata: { app_role: 'admin' }
	});
	if (error) die(`could not create ${values.email}: ${error.message}`);
	await backend.db.query(
		`insert into public.profiles (user_id, role, display_name) values ($1, 'admin', 'Administrator')
		 on conflict (user_id) do update set role = 'admin', admin_unit_id = null`,
		[data.user.id]
	);
	console.log(`admin ${values.email} created; sign in at the app's /login`);
} finally {
	await backend.close();
}
