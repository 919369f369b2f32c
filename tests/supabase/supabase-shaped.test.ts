import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { openPostgres } from '../../src/lib/server/db/postgres';
import type { Db } from '../../src/lib/server/db';
import { RestHandler, MAX_ROWS } from '../../src/lib/server/embedded/rest';
import { openSession } from '../../src/lib/server/embedded/auth';
import { signToken } from '../../src/lib/server/embedded/jwt';
import { DEMO_PASSWORD, demoUserId, type DemoRole } from '../../src/lib/server/demo/seed';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { startApp, stopApp, type RunningApp } from '../helpers/app';
import { createSupabaseShapedDatabase, hasSupabaseShapedPostgres, type SupabaseShapedDatabase } from '../helpers/supabase-shaped';

/**
 * From an empty Supabase-shaped project to a signed-in admin seeing the demo map, every step as the
 * README's "Deploy to Supabase" gives it: `supabase db push` and `db lint` as postgres (not a
 * superuser), `create-admin` and `demo` through the auth admin API, sign-in, and the data API as
 * PostgREST runs it (authenticator switching to the API roles, role timeouts, read-only access,
 * max_rows), compared with the embedded API on PGlite.
 */
const enabled = hasSupabaseShapedPostgres();
const JWT_SECRET = 'supabase-shaped-test-secret-of-at-least-32-chars';
const secret = new TextEncoder().encode(JWT_SECRET);
const ADMIN = { email: 'chief@province.gov.vn', password: 'a-long-admin-password' };
const DEMO_CASES = 400;

const tsx = (script: string, args: string[], env: Record<string, string>) =>
	spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 600_000 });
const supabaseCli = (args: string[]) =>
	spawnSync('node_modules/.bin/supabase', args, { encoding: 'utf8', timeout: 600_000, env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1' } });
/** The CLI's --db-url: a password is required in the URL; trust auth ignores it. TLS is off locally. */
const cliUrl = (url: string) => {
	const u = new URL(url);
	u.password = 'unused';
	u.searchParams.set('sslmode', 'disable');
	return u.toString();
};

/** A token as GoTrue issues it: a session of the user, in the database the API reads. */
async function userToken(db: Db, role: DemoRole): Promise<string> {
	const sub = await demoUserId(db, role);
	return signToken(secret, { role: 'authenticated', aud: 'authenticated', sub, session_id: await openSession(db, sub) }, 3600);
}

const call = (rest: RestHandler, token: string, fn: string, args: unknown, method: 'POST' | 'GET' = 'POST') =>
	rest.handle(
		new Request(`http://api.invalid/rest/v1/rpc/${fn}`, {
			method,
			headers: { apikey: token, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: method === 'POST' ? JSON.stringify(args) : undefined
		}),
		`/rest/v1/rpc/${fn}`
	);

const BBOX = [102, 8, 110, 24];
/** Calls of the data API; writes get invalid input, so that only the role decides between 403 and 400. */
const OPERATIONS: [string, Record<string, unknown>][] = [
	['my_profile', {}],
	['admin_unit_list', {}],
	['record_vocabularies', {}],
	['reach_km', {}],
	['privacy_thresholds', {}],
	['admin_list_users', {}],
	['list_plans', {}],
	['list_briefings', {}],
	['review_queue', { record_kind: 'boarding_houses' }],
	['map_layer', { layer: 'cases', bbox: BBOX, zoom: 6, filters: {} }],
	['layer_geojson', { layer: 'cases', bbox: BBOX }],
	['export_case_points', { bbox: BBOX, zoom: 8 }],
	['report_figures', { filters: {} }],
	['unit_indicators', { level: 'province' }],
	['search_places', { q: 'Tây Ninh' }],
	['set_privacy_thresholds', { screen_k: 0, export_k: 0 }],
	['save_plan', { plan: 'not an object' }],
	['save_record', { record_kind: 'boarding_houses', record_id: '00000000-0000-4000-8000-000000000001', base_version: null, fields: { label: '' } }],
	['import_records', { kind: 'boarding_houses', records: [], dry_run: true }],
	['service_set_profile', { target_user: '00000000-0000-4000-8000-000000000001', new_role: 'admin' }]
];
const ROLES: (DemoRole | 'anon')[] = ['anon', 'admin', 'planner', 'district_official', 'investigator', 'leader'];

describe.skipIf(!enabled)('a Supabase-shaped database (platform roles, GoTrue auth schema, postgres not a superuser)', () => {
	let sb: SupabaseShapedDatabase;
	let owner: Db;
	let app: RunningApp | null = null;
	let dataDir: string;

	beforeAll(async () => {
		sb = await createSupabaseShapedDatabase();
		owner = await openPostgres(sb.postgresUrl, 2);
		dataDir = mkdtempSync(join(tmpdir(), 'hotspot-supabase-'));
	});
	afterAll(async () => {
		if (app) await stopApp(app);
		await owner?.close();
		await sb?.drop();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('takes the migrations and the seed from `supabase db push` as postgres, and passes `supabase db lint --fail-on error`', async () => {
		const { rows } = await owner.query<{ su: boolean }>('select rolsuper as su from pg_roles where rolname = current_user');
		expect(rows[0]!.su).toBe(false);
		const push = supabaseCli(['db', 'push', '--db-url', cliUrl(sb.postgresUrl), '--include-seed', '--yes']);
		expect(push.stderr + push.stdout).toContain('Finished supabase db push');
		expect(push.status).toBe(0);
		const lint = supabaseCli(['db', 'lint', '--db-url', cliUrl(sb.postgresUrl), '--schema', 'public,private', '--level', 'error', '--fail-on', 'error']);
		expect(lint.stdout + lint.stderr).not.toMatch(/"level": "error"/);
		expect(lint.status).toBe(0);
		// Table privileges are what docs/SECURITY.md grants: no truncate, triggers or references for API roles.
		const { rows: extra } = await owner.query<{ grantee: string; table_name: string; privilege_type: string }>(
			`select grantee, table_name, privilege_type from information_schema.role_table_grants
			 where table_schema = 'public' and grantee in ('anon', 'authenticated') and privilege_type in ('TRUNCATE', 'REFERENCES', 'TRIGGER')`
		);
		expect(extra).toEqual([]);
	});

	it('lets `create-admin` and `demo` make their accounts through the auth admin API, and the admin sign in and see the demo map', async () => {
		app = await startApp({ DATABASE_URL: sb.postgresUrl, DEMO: '0', JWT_SECRET, DATA_DIR: dataDir });
		const anonKey = await signToken(secret, { role: 'anon' }, 3600);
		const env = {
			PUBLIC_SUPABASE_URL: `${app.origin}/supabase`,
			PUBLIC_SUPABASE_ANON_KEY: anonKey,
			SUPABASE_SERVICE_ROLE_KEY: await signToken(secret, { role: 'service_role' }, 3600),
			DATABASE_URL: sb.postgresUrl
		};
		const noKey = tsx('scripts/cli.ts', ['create-admin', '--email', ADMIN.email, '--password', ADMIN.password], { ...env, SUPABASE_SERVICE_ROLE_KEY: '' });
		expect(noKey.status).toBe(2);
		expect(noKey.stderr).toContain('SUPABASE_SERVICE_ROLE_KEY is needed');
		const admin = tsx('scripts/cli.ts', ['create-admin', '--email', ADMIN.email, '--password', ADMIN.password], env);
		expect(admin.stderr).toBe('');
		expect(admin.stdout).toContain(`admin ${ADMIN.email} created`);
		// Again: the account exists, and is (still) an admin.
		expect(tsx('scripts/cli.ts', ['create-admin', '--email', ADMIN.email, '--password', ADMIN.password], env).stdout).toContain('is now an admin');

		const noDb = tsx('scripts/demo.ts', ['--scale', String(DEMO_CASES)], { ...env, DATABASE_URL: '' });
		expect(noDb.status).toBe(2);
		expect(noDb.stderr).toContain('set DATABASE_URL');
		const demo = tsx('scripts/demo.ts', ['--scale', String(DEMO_CASES)], env);
		expect(demo.stderr).toBe('');
		expect(demo.stdout).toContain('created demo account planner@demo.vn (planner)');
		expect(demo.stdout).toContain(`demo data (${DEMO_CASES} cases`);

		// GoTrue's shapes: an e-mail identity per user, hashed refresh tokens, sessions with aal.
		const { rows: identities } = await owner.query<{ provider: string; n: number }>(
			`select i.provider, count(*)::int as n from auth.identities i join auth.users u on u.id = i.user_id group by 1`
		);
		expect(identities).toEqual([{ provider: 'email', n: 6 }]);

		const client = createClient(env.PUBLIC_SUPABASE_URL, anonKey, { auth: { persistSession: false }, realtime: { transport: WebSocket as never } });
		const signedIn = await client.auth.signInWithPassword(ADMIN);
		expect(signedIn.error).toBeNull();
		const { rows: tokens } = await owner.query<{ token: string; aal: string }>(
			'select r.token, s.aal::text as aal from auth.refresh_tokens r join auth.sessions s on s.id = r.session_id where r.user_id = $1',
			[signedIn.data.user!.id]
		);
		expect(tokens).toHaveLength(1);
		expect(tokens[0]!.token).toMatch(/^[0-9a-f]{64}$/);
		expect(tokens[0]!.token).not.toBe(signedIn.data.session!.refresh_token);
		expect(tokens[0]!.aal).toBe('aal1');
		const profile = await client.rpc('my_profile');
		expect(profile.data).toMatchObject({ email: ADMIN.email, role: 'admin' });
		const map = await client.rpc('map_layer', { layer: 'cases', bbox: BBOX, zoom: 6, filters: {} });
		expect(map.error).toBeNull();
		expect((map.data as { features: unknown[] }).features.length).toBeGreaterThan(0);
		// The page a person opens: the map, signed in through the login form.
		const login = await fetch(`${app.origin}/login`, {
			method: 'POST',
			headers: { origin: app.origin, 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'planner@demo.vn', password: DEMO_PASSWORD }),
			redirect: 'manual'
		});
		const cookie = login.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		expect(cookie).not.toBe('');
		const page = await fetch(`${app.origin}/`, { headers: { cookie }, redirect: 'manual' });
		expect(page.status).toBe(200);
		// Demo data is labelled wherever it appears, here with DEMO=0 on a database `npm run demo` filled.
		expect(await page.text()).toContain('DỮ LIỆU DEMO');
	});

	describe('its data API, run as PostgREST runs it (authenticator, role settings, pre-request, read-only, max_rows)', () => {
		let api: Db;
		let reference: TestDatabase;

		beforeAll(async () => {
			api = await openPostgres(sb.authenticatorUrl, 2);
			reference = await openTestDatabase('pglite');
			await owner.exec(`
				create table public.test_writes (n int);
				create function public.test_sleep(seconds float8) returns void language sql volatile as 'select pg_sleep(seconds)';
				create function public.test_sleep_hoisted(seconds float8) returns void language sql volatile
				  set statement_timeout = '10s' as 'select pg_sleep(seconds)';
				create function public.test_write() returns int language sql volatile as 'insert into public.test_writes values (1) returning n';
				create function public.test_stable_write() returns int language sql stable as 'select public.test_write()';
				create function public.test_rows(n int) returns setof int language sql stable as 'select generate_series(1, n)';
			`);
		});
		afterAll(async () => {
			await api?.close();
			await reference?.close();
		});

		it('answers every role × operation with the status the embedded API gives on PGlite', async () => {
			const supabase = new RestHandler(api, secret);
			const embedded = new RestHandler(reference.db, secret);
			const anon = await signToken(secret, { role: 'anon' }, 3600);
			const differences: string[] = [];
			const seen = new Map<string, number>();
			for (const role of ROLES) {
				const onSupabase = role === 'anon' ? anon : await userToken(owner, role);
				const onEmbedded = role === 'anon' ? anon : await userToken(reference.db, role);
				for (const [fn, args] of OPERATIONS) {
					const a = await call(supabase, onSupabase, fn, args);
					const b = await call(embedded, onEmbedded, fn, args);
					seen.set(`${role} ${fn}`, a.status);
					if (a.status !== b.status) differences.push(`${role} ${fn}: Supabase ${a.status} ${await a.text()} / embedded ${b.status} ${await b.text()}`);
				}
			}
			expect(differences).toEqual([]);
			// And the matrix itself: users for admins only, the review queue for reviewers, nothing for anon.
			expect(seen.get('planner review_queue')).toBe(200);
			expect(seen.get('investigator review_queue')).toBe(403);
			expect(seen.get('admin admin_list_users')).toBe(200);
			expect(seen.get('leader admin_list_users')).toBe(403);
			expect(seen.get('anon map_layer')).toBe(401);
			expect(seen.get('planner map_layer')).toBe(200);
			expect(seen.get('admin set_privacy_thresholds')).toBe(400);
			expect(seen.get('planner set_privacy_thresholds')).toBe(403);
			expect(seen.get('admin service_set_profile')).toBe(403);
		});

		it('refuses a signed-out token in SQL (401) for every operation, even where the platform keeps the pre-request out', async () => {
			const withoutPreRequest = new RestHandler(api, secret, { preRequest: false });
			const token = await userToken(owner, 'investigator');
			expect((await call(withoutPreRequest, token, 'my_profile', {})).status).toBe(200);
			await owner.query(`delete from auth.sessions where user_id = $1`, [await demoUserId(owner, 'investigator')]);
			const answered: string[] = [];
			for (const [fn, args] of OPERATIONS) {
				const response = await call(withoutPreRequest, token, fn, args);
				if (response.status !== 401) answered.push(`${fn}: ${response.status}`);
			}
			// The service role's own function refuses users with 403 before it reads anything.
			expect(answered).toEqual(['service_set_profile: 403']);
		});

		it('applies the role timeout (anon 3 s), a function’s own timeout over it, read-only access and max_rows', async () => {
			const rest = new RestHandler(api, secret);
			const anon = await signToken(secret, { role: 'anon' }, 3600);
			await owner.exec('grant execute on function public.test_sleep(float8), public.test_sleep_hoisted(float8) to anon');
			const slow = await call(rest, anon, 'test_sleep', { seconds: 3.5 });
			expect([slow.status, ((await slow.json()) as { code: string }).code]).toEqual([500, '57014']);
			expect((await call(rest, anon, 'test_sleep_hoisted', { seconds: 3.5 })).status).toBe(204);

			const planner = await userToken(owner, 'planner');
			const write = await call(rest, planner, 'test_stable_write', {});
			expect([write.status, ((await write.json()) as { code: string }).code]).toEqual([405, '25006']);
			expect((await call(rest, planner, 'test_write', {}, 'GET')).status).toBe(405);
			expect((await call(rest, planner, 'test_write', {})).status).toBe(200);
			const rows = await call(rest, planner, 'test_rows', { n: MAX_ROWS + 500 });
			expect(((await rows.json()) as number[]).length).toBe(MAX_ROWS);
		});
	});
});
