import { openSession } from '../../src/lib/server/embedded/auth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import WebSocket from 'ws';
import { openPglite } from '../../src/lib/server/db/pglite';
import { AuthHandler, type RequestContext } from '../../src/lib/server/embedded/auth';
import { RestHandler } from '../../src/lib/server/embedded/rest';
import { signToken } from '../../src/lib/server/embedded/jwt';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';

const BASE = 'http://embedded.test/supabase';
const SECRET = new TextEncoder().encode('test-secret-of-at-least-thirty-two-characters');

/**
 * The auth server as supabase-js sees it, together with the rpc handler that must honour what
 * it decides (signed out, disabled). Outside demo mode: passwords need 10 characters.
 */
describe('embedded auth server', () => {
	let db: Awaited<ReturnType<typeof openPglite>>;
	let auth: AuthHandler;
	let rest: RestHandler;
	let anonKey: string;
	let serviceKey: string;
	let address = '10.0.0.1';

	const fetchApi: typeof fetch = async (input, init) => {
		const request = new Request(input, init);
		const path = new URL(request.url).pathname.slice('/supabase'.length);
		const context: RequestContext = { clientAddress: address };
		return path.startsWith('/auth/') ? auth.handle(request, path, context) : rest.handle(request, path);
	};
	const client = (key = anonKey): SupabaseClient =>
		createClient(BASE, key, {
			auth: { persistSession: false, autoRefreshToken: false },
			global: { fetch: fetchApi },
			realtime: { transport: WebSocket as never }
		});
	const rpcAs = (token: string) =>
		fetchApi(`${BASE}/rest/v1/rpc/layer_geojson`, {
			method: 'POST',
			headers: { apikey: anonKey, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ layer: 'border_gates' })
		});
	const signIn = async (email: string, password = DEMO_PASSWORD) => {
		const c = client();
		const result = await c.auth.signInWithPassword({ email, password });
		return { c, ...result };
	};

	beforeAll(async () => {
		db = await openPglite(undefined, new Blob([readFileSync(inject('pgliteSnapshot'))]));
		auth = new AuthHandler(db, SECRET, { minPasswordLength: 10 });
		rest = new RestHandler(db, SECRET);
		anonKey = await signToken(SECRET, { role: 'anon' }, 3600);
		serviceKey = await signToken(SECRET, { role: 'service_role' }, 3600);
	});
	afterAll(() => db?.close());
	beforeEach(async () => {
		await db.query('delete from embedded_auth.login_attempts');
		address = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
	});

	it('signs in with a password and issues an HS256 access token with the claims RLS needs', async () => {
		const { data, error } = await signIn('planner@demo.vn');
		expect(error).toBeNull();
		const token = data.session!.access_token;
		expect(decodeProtectedHeader(token).alg).toBe('HS256');
		const claims = decodeJwt(token);
		expect(claims).toMatchObject({ sub: data.user!.id, role: 'authenticated', aud: 'authenticated', app_metadata: { app_role: 'planner' } });
		expect(claims.exp! - claims.iat!).toBe(3600);
		expect(data.session!.expires_in).toBe(3600);
		expect((await rpcAs(token)).status).toBe(200);
	});

	it('stores bcrypt hashes of cost 10 in auth.users.encrypted_password', async () => {
		const { rows } = await db.query<{ encrypted_password: string }>(`select encrypted_password from auth.users where email = 'leader@demo.vn'`);
		expect(rows[0]!.encrypted_password).toMatch(/^\$2[aby]\$10\$.{53}$/);
	});

	it('getUser verifies the token and returns the user as GoTrue does', async () => {
		const { c, data } = await signIn('leader@demo.vn');
		const { data: user, error } = await c.auth.getUser();
		expect(error).toBeNull();
		expect(user.user).toMatchObject({ id: data.user!.id, email: 'leader@demo.vn', aud: 'authenticated' });
		const { error: forged } = await client().auth.getUser(`${data.session!.access_token.slice(0, -4)}AAAA`);
		expect(forged?.status).toBe(401);
	});

	it('answers a wrong password and an unknown account alike, and takes as long for both', async () => {
		let t = performance.now();
		const wrong = await signIn('planner@demo.vn', 'not-the-password');
		const known = performance.now() - t;
		t = performance.now();
		const unknown = await signIn('nobody@demo.vn', 'not-the-password');
		const missing = performance.now() - t;
		expect(wrong.error?.code).toBe('invalid_credentials');
		expect(unknown.error?.code).toBe('invalid_credentials');
		expect(wrong.error?.message).toBe(unknown.error?.message);
		// Both pay for one bcrypt comparison: neither is an order of magnitude faster.
		expect(missing).toBeGreaterThan(known / 3);
		expect(known).toBeGreaterThan(missing / 3);
	});

	it('makes an account wait after 5 failures, even for the right password, doubling the wait', async () => {
		for (let i = 0; i < 5; i++) expect((await signIn('investigator@demo.vn', `wrong-${i}`)).error?.code).toBe('invalid_credentials');
		const locked = await signIn('investigator@demo.vn');
		expect(locked.error?.status).toBe(429);
		expect(locked.error?.message).toMatch(/try again in (29|30) s/);
		expect(locked.data.session).toBeNull();
		// Other accounts from another address are not affected.
		address = '10.9.9.9';
		expect((await signIn('leader@demo.vn')).error).toBeNull();
		// Once the wait is over, one more try; a sixth failure doubles the wait.
		await db.query(`update embedded_auth.login_attempts set at = at - interval '31 seconds' where email = 'investigator@demo.vn'`);
		expect((await signIn('investigator@demo.vn', 'wrong-5')).error?.code).toBe('invalid_credentials');
		expect((await signIn('investigator@demo.vn')).error?.message).toMatch(/try again in (59|60) s/);
		await db.query(`update embedded_auth.login_attempts set at = at - interval '61 seconds' where email = 'investigator@demo.vn'`);
		expect((await signIn('investigator@demo.vn')).error).toBeNull();
		// A sign-in clears the account's failures.
		expect((await signIn('investigator@demo.vn', 'wrong-6')).error?.code).toBe('invalid_credentials');
		expect((await signIn('investigator@demo.vn')).error).toBeNull();
	});

	it('lets through no more guesses than the limit when they arrive all at once', async () => {
		await db.query(`delete from embedded_auth.login_attempts where email = 'planner@demo.vn'`);
		const answers = await Promise.all(Array.from({ length: 41 }, (_, i) => signIn('planner@demo.vn', `guess-${i}`)));
		const judged = answers.filter((a) => a.error?.code === 'invalid_credentials').length;
		expect(judged).toBe(5);
		expect(answers.filter((a) => a.error?.status === 429)).toHaveLength(36);
		const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from embedded_auth.login_attempts where email = 'planner@demo.vn'`);
		expect(rows[0]!.n).toBe(5);
		await db.query(`delete from embedded_auth.login_attempts where email = 'planner@demo.vn'`);
	});

	it('slows an address after 20 failures only for accounts that failed, never for one that did not', async () => {
		for (let i = 0; i < 20; i++) await signIn(`guess${i}@demo.vn`, 'wrong-password');
		// Everyone behind the same proxy still signs in.
		expect((await signIn('admin@demo.vn')).error).toBeNull();
		// An account that has failed is refused from this address.
		expect((await signIn('leader@demo.vn', 'wrong-password')).error?.code).toBe('invalid_credentials');
		expect((await signIn('leader@demo.vn')).error?.status).toBe(429);
		address = '10.1.2.3';
		expect((await signIn('leader@demo.vn')).error).toBeNull();
	});

	it('rotates refresh tokens, and reuse of a spent one ends the whole session', async () => {
		const { c, data } = await signIn('planner@demo.vn');
		const first = data.session!;
		const refreshed = await c.auth.refreshSession({ refresh_token: first.refresh_token });
		expect(refreshed.error).toBeNull();
		const second = refreshed.data.session!;
		expect(second.refresh_token).not.toBe(first.refresh_token);
		expect((await rpcAs(second.access_token)).status).toBe(200);

		// An attacker replays the first (spent) refresh token, after the reuse interval.
		await db.query(`update auth.refresh_tokens set updated_at = now() - interval '1 minute' where revoked`);
		const replay = await client().auth.refreshSession({ refresh_token: first.refresh_token });
		expect(replay.error?.code).toBe('refresh_token_already_used');
		// The family is revoked: the newer refresh token and the session's access tokens are dead.
		expect((await client().auth.refreshSession({ refresh_token: second.refresh_token })).error).not.toBeNull();
		expect((await rpcAs(second.access_token)).status).toBe(401);
		expect((await rpcAs(first.access_token)).status).toBe(401);
	});

	it('renews a session from requests sent at once with the same refresh token (a page back online after its hour), all of them', async () => {
		const { data } = await signIn('official@demo.vn');
		const spent = data.session!.refresh_token;
		const answers = await Promise.all([1, 2, 3, 4].map(() => client().auth.refreshSession({ refresh_token: spent })));
		expect(answers.map((a) => a.error)).toEqual([null, null, null, null]);
		const tokens = answers.map((a) => a.data.session!);
		expect(new Set(tokens.map((t) => t.refresh_token)).size).toBe(4);
		for (const t of tokens) expect((await rpcAs(t.access_token)).status).toBe(200);
		// Each renewed token renews again: the session lives on.
		for (const t of tokens) expect((await client().auth.refreshSession({ refresh_token: t.refresh_token })).error).toBeNull();
	});

	it('signs out: the access token stops working at once', async () => {
		const { c, data } = await signIn('leader@demo.vn');
		const token = data.session!.access_token;
		expect((await rpcAs(token)).status).toBe(200);
		expect((await c.auth.signOut()).error).toBeNull();
		expect((await rpcAs(token)).status).toBe(401);
		expect((await client().auth.getUser(token)).error).not.toBeNull();
	});

	it('disabling a user ends their sessions and refuses their tokens and sign-in; enabling restores', async () => {
		const { data } = await signIn('official@demo.vn');
		const token = data.session!.access_token;
		const admin = client(serviceKey).auth.admin;
		expect((await admin.updateUserById(data.user!.id, { ban_duration: '876000h' })).error).toBeNull();
		expect((await rpcAs(token)).status).toBe(401);
		expect((await client().auth.refreshSession({ refresh_token: data.session!.refresh_token })).error).not.toBeNull();
		// With the right password the answer is the wrong-password answer: it confirms nothing.
		const refused = await signIn('official@demo.vn');
		const wrong = await signIn('official@demo.vn', 'not-the-password');
		expect(refused.error?.code).toBe('invalid_credentials');
		expect({ ...refused.error, stack: null }).toEqual({ ...wrong.error, stack: null });
		// Even a token of a session that still existed is refused in SQL (PT401: the data API's 401).
		const refusedInSql = await db
			.query(`select set_config('request.jwt.claims', $1, true), private.app_role() as role`, [
				JSON.stringify({ sub: data.user!.id, role: 'authenticated', session_id: await openSession(db, data.user!.id) })
			])
			.catch((e: { code?: string }) => e.code);
		expect(refusedInSql).toBe('PT401');
		expect((await admin.updateUserById(data.user!.id, { ban_duration: 'none' })).error).toBeNull();
		expect((await signIn('official@demo.vn')).error).toBeNull();
	});

	it('keeps the admin user endpoints to the service role', async () => {
		const { data } = await signIn('admin@demo.vn');
		for (const key of [anonKey, data.session!.access_token]) {
			const response = await fetchApi(`${BASE}/auth/v1/admin/users`, { headers: { apikey: anonKey, authorization: `Bearer ${key}` } });
			expect(response.status).toBe(403);
		}
		const list = await client(serviceKey).auth.admin.listUsers();
		expect(list.data.users.map((u) => u.email)).toContain('admin@demo.vn');
	});

	it('creates users with passwords of at least 10 characters and unique emails', async () => {
		const admin = client(serviceKey).auth.admin;
		const weak = await admin.createUser({ email: 'new.officer@demo.vn', password: 'short', email_confirm: true });
		expect(weak.error?.code).toBe('weak_password');
		const created = await admin.createUser({ email: 'new.officer@demo.vn', password: 'long-enough-password', email_confirm: true });
		expect(created.error).toBeNull();
		const again = await admin.createUser({ email: 'new.officer@demo.vn', password: 'long-enough-password', email_confirm: true });
		expect(again.error?.code).toBe('email_exists');
		expect((await signIn('new.officer@demo.vn', 'long-enough-password')).error).toBeNull();
		// Without a profile the user has no role: the data API gives them nothing.
		const { data } = await signIn('new.officer@demo.vn', 'long-enough-password');
		const response = await rpcAs(data.session!.access_token);
		expect(response.status).toBe(403);
	});

	it('resetting a password signs the user out everywhere', async () => {
		const { data } = await signIn('investigator@demo.vn');
		const admin = client(serviceKey).auth.admin;
		expect((await admin.updateUserById(data.user!.id, { password: 'a-brand-new-password' })).error).toBeNull();
		expect((await rpcAs(data.session!.access_token)).status).toBe(401);
		expect((await signIn('investigator@demo.vn')).error?.code).toBe('invalid_credentials');
		expect((await signIn('investigator@demo.vn', 'a-brand-new-password')).error).toBeNull();
	});
});
