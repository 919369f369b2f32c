import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, failure, openTestDatabase, type TestDatabase } from '../../tests/helpers/db';
import type { Queryable } from '../../src/lib/server/db';

type Reach = { forms: Record<string, number>; sites: Record<string, number> };

/** The reach an admin sets for each outreach form and model-site kind: all or none, each field named. */
describe.each(backends())('reach of outreach forms and model sites on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => (t = await openTestDatabase(kind)));
	afterAll(() => t?.close());

	const set = async (tx: Queryable, reach: unknown) =>
		(await tx.query<{ r: Reach }>('select public.set_reach_km($1::jsonb) as r', [JSON.stringify(reach)])).rows[0]!.r;
	const read = async (tx: Queryable) => (await tx.query<{ r: Reach }>('select public.reach_km() as r')).rows[0]!.r;

	it('lets an admin set the reach of forms and kinds, which coverage then reads, and audits it', async () => {
		await asRole(t.db, 'admin', async (tx) => {
			const before = await read(tx);
			expect(before.forms.loudspeaker).toBe(1.5);
			const after = await set(tx, { forms: { loudspeaker: 0.4, meeting: 3 }, sites: { hotline_point: 12.5 } });
			expect(after.forms).toMatchObject({ loudspeaker: 0.4, meeting: 3, poster: before.forms.poster });
			expect(after.sites.hotline_point).toBe(12.5);
			expect(await read(tx)).toEqual(after);
			const audit = await tx.query<{ details: { reach: Reach } }>(
				`select details from public.audit_log where action = 'set_reach_km' order by id desc limit 1`
			);
			expect(audit.rows[0]?.details.reach.forms.loudspeaker).toBe(0.4);
		});
	});

	it('writes all or none: a bad value or an unknown form is named and nothing changes', async () => {
		await asRole(t.db, 'admin', async (tx) => {
			const before = await read(tx);
			const refused = async (reach: unknown) => (await failure(tx, () => set(tx, reach)))!;
			const negative = await refused({ forms: { meeting: 2.5, loudspeaker: -1 } });
			expect([negative.code, negative.message]).toEqual(['22023', 'forms.loudspeaker: -1 is not a distance of more than 0 and at most 50 km']);
			expect((await refused({ forms: { meeting: '2' } })).message).toBe('forms.meeting: "2" is not a distance of more than 0 and at most 50 km');
			expect((await refused({ sites: { tip_box: 80 } })).message).toBe('sites.tip_box: 80 is not a distance of more than 0 and at most 50 km');
			expect((await refused({ sites: { lighthouse: 2 } })).message).toBe('sites.lighthouse: no such model-site kind');
			expect((await refused({ radios: { x: 1 } })).message).toMatch(/^reach: /);
			expect(await read(tx)).toEqual(before);
		});
	});

	it('is for admins only', async () => {
		for (const role of ['planner', 'district_official', 'investigator', 'leader'] as const) {
			await asRole(t.db, role, async (tx) => {
				expect((await failure(tx, () => set(tx, { forms: { meeting: 2 } })))?.code).toBe('42501');
			});
		}
	});
});
