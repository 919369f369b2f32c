import { openSession } from '../../src/lib/server/embedded/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { openPglite } from '../../src/lib/server/db/pglite';
import { RestHandler, MAX_BODY_BYTES } from '../../src/lib/server/embedded/rest';
import { inject } from 'vitest';
import { readFileSync } from 'node:fs';
import { demoUserId } from '../../src/lib/server/demo/seed';
import { loadJwtSecret, signToken } from '../../src/lib/server/embedded/jwt';
import { AuthHandler } from '../../src/lib/server/embedded/auth';
import { sessionToken } from '../helpers/db';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/lib/supabase/database.types';

const BASE = 'http://embedded.test/supabase';

/**
 * The HTTP layer as supabase-js and PostgREST clients see it: served by the embedded backend's
 * handler over the prepared test database.
 */
describe('embedded Supabase HTTP API', () => {
	let dataDir: string;
	let db: Awaited<ReturnType<typeof openPglite>>;
	let handler: RestHandler;
	let secret: Uint8Array;
	let anonKey: string;
	let plannerToken: string;

	const fetchApi: typeof fetch = async (input, init) => {
		const request = new Request(input, init);
		return handler.handle(request, new URL(request.url).pathname.slice('/supabase'.length));
	};
	const client = (token?: string) =>
		createClient(BASE, anonKey, {
			auth: { persistSession: false },
			global: { fetch: fetchApi, headers: token ? { Authorization: `Bearer ${token}` } : {} },
			realtime: { transport: WebSocket as never }
		});
	const post = (body: string, token = plannerToken, headers: Record<string, string> = {}) =>
		fetchApi(`${BASE}/rest/v1/rpc/layer_geojson`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', apikey: anonKey, authorization: `Bearer ${token}`, ...headers },
			body
		});

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'hotspot-api-'));
		db = await openPglite(undefined, new Blob([readFileSync(inject('pgliteSnapshot'))]));
		secret = loadJwtSecret(dataDir);
		handler = new RestHandler(db, secret);
		anonKey = await signToken(secret, { role: 'anon' }, 3600);
		plannerToken = await sessionToken(db, secret, 'planner');
	});
	afterAll(async () => {
		await db?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('keeps the generated JWT secret private to its owner', () => {
		expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
	});

	it('serves supabase.rpc for a signed-in user', async () => {
		const { data, error, status } = await client(plannerToken).rpc('layer_geojson', { layer: 'border_gates', filters: { country: 'CN' } });
		expect(error).toBeNull();
		expect(status).toBe(200);
		expect(data.type).toBe('FeatureCollection');
		expect(data.features.length).toBeGreaterThan(0);
		expect(data.features.every((f: { properties: { country: string } }) => f.properties.country === 'CN')).toBe(true);
	});

	it('answers a bad argument with 400 and PostgREST’s error body, never 500', async () => {
		const { error, status } = await client(plannerToken).rpc('layer_geojson', { layer: 'cases', bbox: [107, 11, 106, 12] });
		expect(status).toBe(400);
		expect(error).toMatchObject({ code: '22023', message: 'bbox must have west < east and south < north', details: 'got {107,11,106,12}' });
		const notNumbers = await post(JSON.stringify({ layer: 'cases', bbox: ['a', 1, 2, 3] }));
		expect(notNumbers.status).toBe(400);
		expect(await notNumbers.json()).toMatchObject({ code: '22P02' });
		const notJson = await post('{"layer": ');
		expect(notJson.status).toBe(400);
		expect(await notJson.json()).toMatchObject({ code: 'PGRST102' });
	});

	it('answers each documented refusal of a function with its status: bad values 400, missing 404, stale 409', async () => {
		const official = await sessionToken(db, secret, 'district_official');
		const admin = await sessionToken(db, secret, 'admin');
		const maybe = await client(official).rpc('import_records', { kind: 'boarding_houses', records: [], dry_run: 'maybe' });
		expect([maybe.status, maybe.error?.code]).toEqual([400, '22P02']);
		const notUuid = await client(admin).rpc('delete_record', { record_kind: 'boarding_houses', record_id: 'not-a-uuid', base_version: 1 });
		expect([notUuid.status, notUuid.error?.code]).toEqual([400, '22P02']);
		const missing = await client(plannerToken).rpc('save_briefing', { briefing: { id: randomUUID(), version: 1, title: 'x', slides: [] } });
		expect([missing.status, missing.error?.message]).toEqual([404, 'no such briefing']);
		// An official's new record waits for review; a reviewer who saw an older version is told so.
		const id = randomUUID();
		const saved = await client(official).rpc('save_record', {
			record_kind: 'boarding_houses',
			record_id: id,
			base_version: null,
			fields: { label: 'Dãy trọ chờ duyệt', workers: 5, lon: 106.18, lat: 11.07 }
		});
		expect(saved.error).toBeNull();
		const stale = await client(admin).rpc('review_record', { record_kind: 'boarding_houses', record_id: id, decision: 'approve', seen_version: 99 });
		expect(stale.status).toBe(409);
		expect(stale.error).toMatchObject({ code: 'PT409', message: 'the record changed since you opened it: look at it again' });
	});

	it('answers anon with 401 and no data', async () => {
		const { data, error, status } = await client().rpc('layer_geojson', { layer: 'admin_units' });
		expect(status).toBe(401);
		expect(data).toBeNull();
		expect(error?.code).toBe('42501');
	});

	it('refuses missing, forged, expired, alg:none and wrong-audience tokens with 401', async () => {
		const sub = await demoUserId(db, 'investigator');
		const claims = { role: 'authenticated' as const, aud: 'authenticated', sub, session_id: await openSession(db, sub) };
		const forged = await new SignJWT(claims)
			.setProtectedHeader({ alg: 'HS256' })
			.setExpirationTime('1h')
			.sign(new TextEncoder().encode('x'.repeat(48)));
		const expired = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(1_700_000_000).setExpirationTime(1_700_000_100).sign(secret);
		const wrongAudience = await signToken(secret, { ...claims, aud: 'someone-else' }, 3600);
		const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
		const algNone = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, exp: 9_999_999_999 })}.`;
		for (const [name, token] of Object.entries({ forged, expired, wrongAudience, algNone, garbage: 'not-a-jwt' })) {
			const response = await post(JSON.stringify({ layer: 'cases' }), token);
			expect(response.status, name).toBe(401);
			const body = await response.json();
			expect(body.code, name).toMatch(/^PGRST30[13]$/);
			expect(body.features, name).toBeUndefined();
		}
		const none = await fetchApi(`${BASE}/rest/v1/rpc/layer_geojson`, { method: 'POST', body: '{}' });
		expect(none.status).toBe(401);
	});

	it('answers 404 for unknown functions and routes, 405 when a GET (read only, as on PostgREST) would write', async () => {
		expect((await client(plannerToken).rpc('drop_everything')).status).toBe(404);
		const privateFn = await fetchApi(`${BASE}/rest/v1/rpc/private.app_role`, {
			method: 'POST',
			headers: { authorization: `Bearer ${plannerToken}` },
			body: '{}'
		});
		expect(privateFn.status).toBe(404);
		const table = await fetchApi(`${BASE}/rest/v1/cases?select=*`, { headers: { authorization: `Bearer ${plannerToken}` } });
		expect(table.status).toBe(404);
		const get = await client(plannerToken).rpc('delete_plan', { plan_id: randomUUID() }, { get: true });
		expect([get.status, get.error?.code]).toEqual([405, '25006']);
		// A GET of a function that only reads is answered.
		expect((await client(plannerToken).rpc('layer_geojson', { layer: 'admin_units' }, { get: true })).status).toBe(200);
	});

	it('refuses bodies over the limit with 413', async () => {
		const big = JSON.stringify({ layer: 'cases', filters: { admin_unit: 'x'.repeat(MAX_BODY_BYTES) } });
		expect((await post(big)).status).toBe(413);
		const declared = await post('{}', plannerToken, { 'content-length': String(MAX_BODY_BYTES + 1) });
		expect(declared.status).toBe(413);
	});

	it('treats SQL in every text argument as data, and writes nothing', async () => {
		const counts = async () =>
			(
				await db.query<{ t: string; n: number }>(
					`select 'cases' as t, count(*)::int as n from public.cases union all select 'users', count(*)::int from auth.users
				 union all select 'profiles', count(*)::int from public.profiles union all select 'zones', count(*)::int from public.industrial_zones
				 union all select 'units', count(*)::int from public.admin_units`
				)
			).rows;
		const before = await counts();
		const payloads = ["x'; drop table public.cases; --", "x') or 1=1 --", 'x"; delete from auth.users; --', '$$; truncate public.admin_units; $$'];
		const sb = client(plannerToken);
		for (const evil of payloads) {
			const attempts = [
				sb.rpc('layer_geojson', { layer: evil }),
				...['admin_unit', 'from', 'to', 'form', 'case_type', 'aggregate'].map((key) =>
					sb.rpc('layer_geojson', { layer: key === 'form' ? 'outreach' : 'cases', filters: { [key]: evil } })
				),
				sb.rpc('layer_geojson', { layer: 'border_gates', filters: { country: [evil], kind: evil } }),
				sb.rpc('layer_geojson', { layer: 'admin_units', filters: { level: evil } }),
				sb.rpc('layer_geojson', { layer: 'cases', bbox: [evil, 1, 2, 3] as never }),
				sb.rpc('admin_set_profile', { target_user: evil, new_role: evil, unit_code: evil, new_display_name: evil }),
				sb.rpc(evil as never)
			];
			for (const { status, error } of await Promise.all(attempts)) {
				expect([400, 403, 404]).toContain(status);
				expect(error?.message).not.toMatch(/syntax error/i);
			}
		}
		expect(await counts()).toEqual(before);
	});

	it('refuses oversized auth bodies too', async () => {
		const auth = new AuthHandler(db, secret, { minPasswordLength: 10 });
		const response = await auth.handle(
			new Request(`${BASE}/auth/v1/token?grant_type=password`, { method: 'POST', body: JSON.stringify({ email: 'a@b.vn', password: 'x'.repeat(100_000) }) }),
			'/auth/v1/token',
			{ clientAddress: '10.0.0.9' }
		);
		expect(response.status).toBe(413);
	});
});

describe('embedded backend start-up', () => {
	it('reuses a persisted database: the second start applies no migration, seeds nothing, and finishes an import the first left half-written', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'hotspot-start-'));
		try {
			const first: string[] = [];
			const a = await EmbeddedBackend.start({ dataDir, demo: true, demoCases: 50, log: (m) => first.push(m) });
			const info = await a.demoInfo();
			// An official's large import is committed and its first batch written when the server stops.
			const url = 'http://embedded.invalid/supabase';
			const official = createClient<Database>(url, a.anonKey, {
				auth: { persistSession: false },
				global: { fetch: a.fetchFor(url), headers: { Authorization: `Bearer ${await a.demoToken('district_official')}` } },
				realtime: { transport: WebSocket as never }
			});
			const importId = randomUUID();
			const file = [0, 1, 2, 3, 4].map((i) => ({ label: `Nhập dở khi dừng ${i}`, workers: 10 + i, rooms: 1, lon: 106.18 + i * 0.002, lat: 11.07 }));
			const staged = await official.rpc('import_stage', { import_id: importId, kind: 'boarding_houses', records: file, first_index: 0 });
			expect(staged.data?.staged).toBe(5);
			const committed = await official.rpc('import_finish', { import_id: importId, kind: 'boarding_houses', expected: 5, batch_rows: 2 });
			expect(committed.data).toEqual({ inserted: 5, remaining: 3 });
			await a.close();
			expect(first.some((m) => m.startsWith('applied migrations'))).toBe(true);
			expect(first).toContain('seeded demo data (50 cases)');
			expect(info).toMatchObject({ cases: 50 });

			const second: string[] = [];
			const started = Date.now();
			const b = await EmbeddedBackend.start({ dataDir, demo: true, demoCases: 50, log: (m) => second.push(m) });
			const seconds = (Date.now() - started) / 1000;
			const { rows } = await b.db.query<{ n: number }>('select count(*)::int as n from public.cases');
			// The import is written whole before anyone reads, as the official's rows awaiting review.
			const imported = await b.db.query<{ label: string; approval: string }>(
				`select label, approval from public.boarding_houses where label like 'Nhập dở khi dừng%' order by workers`
			);
			await b.close();
			expect(second.filter((m) => m.startsWith('applied') || m.startsWith('seeded'))).toEqual([]);
			expect(rows[0]!.n).toBe(50);
			expect(second).toContain('wrote the last 3 rows of an import committed before the server stopped');
			expect(imported.rows).toEqual(file.map((r) => ({ label: r.label, approval: 'submitted' })));
			console.log(`second start on the same data dir: ${seconds.toFixed(1)} s`);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
