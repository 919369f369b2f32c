import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, failure, openTestDatabase, switchUser, type TestDatabase } from '../../tests/helpers/db';
import { demoUserId, type DemoRole } from '../../src/lib/server/demo/seed';
import type { Queryable } from '../../src/lib/server/db';

interface Row {
	id: string;
	version: number;
	label: string;
	workers: number;
	approval: 'submitted' | 'returned' | 'approved';
	review_comment: string | null;
	proposal: { status: string; comment?: string; changed: string[]; by_name: string; record: { workers: number; label: string } } | null;
}

/** Bến Cầu (the demo official's district, Tây Ninh). */
const BEN_CAU = { lon: 106.18, lat: 11.07 };

describe.each(backends())('data approval on %s', (kind) => {
	let t: TestDatabase;
	const users = new Map<DemoRole, string>();
	const as = (tx: Queryable, who: DemoRole) => switchUser(tx, who, users.get(who)!);
	const call = async <T>(tx: Queryable, sql: string, params: unknown[] = []) => (await tx.query<{ r: T }>(sql, params)).rows[0]!.r;
	const save = (tx: Queryable, id: string, version: number | null, fields: object) =>
		call<{ status: string; record: Row }>(tx, `select public.save_record('boarding_houses', $1, $2, $3::jsonb) as r`, [id, version, JSON.stringify(fields)]);
	const review = (tx: Queryable, id: string, decision: string, comment: string | null, version: number | null = null) =>
		call<{ status: string; record: Row }>(tx, `select public.review_record('boarding_houses', $1, $2, $3, $4) as r`, [id, decision, comment, version]);
	const queue = (tx: Queryable) => call<{ total: number; rows: Row[] }>(tx, `select public.review_queue('boarding_houses') as r`);

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		for (const role of ['admin', 'planner', 'district_official', 'investigator', 'leader'] as const) users.set(role, await demoUserId(t.db, role));
	});
	afterAll(() => t?.close());

	it('takes a record from submitted through returned (with a comment) to approved, then locks it for the district', async () => {
		await asRole(t.db, 'district_official', async (tx) => {
			const id = randomUUID();
			const created = await save(tx, id, null, { label: 'Dãy trọ chờ duyệt', workers: 40, rooms: 8, ...BEN_CAU });
			expect(created.record.approval).toBe('submitted');

			await as(tx, 'planner');
			expect((await queue(tx)).rows.map((r) => r.id)).toContain(id);
			expect((await failure(tx, () => review(tx, id, 'return', '  ')))?.message).toBe('comment: say what to fix when returning a record');
			expect((await failure(tx, () => review(tx, id, 'approve', null, created.record.version + 5)))?.code).toBe('PT409');
			const returned = await review(tx, id, 'return', 'Số công nhân không khớp sổ đăng ký tạm trú', created.record.version);
			expect([returned.record.approval, returned.record.review_comment]).toEqual(['returned', 'Số công nhân không khớp sổ đăng ký tạm trú']);

			await as(tx, 'district_official');
			const mine = await queue(tx);
			expect(mine.rows[0]).toMatchObject({ id, approval: 'returned', review_comment: 'Số công nhân không khớp sổ đăng ký tạm trú' });
			const fixed = await save(tx, id, returned.record.version, { label: 'Dãy trọ chờ duyệt', workers: 46, rooms: 8, ...BEN_CAU });
			expect([fixed.status, fixed.record.approval, fixed.record.workers]).toEqual(['updated', 'submitted', 46]);

			await as(tx, 'leader');
			expect((await failure(tx, () => review(tx, id, 'approve', null)))?.code).toBe('42501');
			expect((await failure(tx, () => queue(tx)))?.code).toBe('42501');
			await as(tx, 'planner');
			const approved = await review(tx, id, 'approve', null, fixed.record.version);
			expect(approved.record.approval).toBe('approved');
			expect((await queue(tx)).rows.map((r) => r.id)).not.toContain(id);
			expect((await failure(tx, () => review(tx, id, 'approve', null)))?.message).toBe('nothing to review: the record is approved');

			// Locked: no direct write by the district, whatever the path.
			await as(tx, 'district_official');
			const direct = await failure(tx, () => tx.query(`update public.boarding_houses set workers = 99 where id = $1`, [id]));
			expect(direct?.message).toBe('this record is approved and locked for the district');
			expect((await failure(tx, () => call(tx, `select public.delete_record('boarding_houses', $1) as r`, [id])))?.code).toBe('42501');
			// A change through the form becomes a proposal; the approved values stay in use.
			const proposed = await save(tx, id, approved.record.version, { label: 'Dãy trọ chờ duyệt', workers: 52, rooms: 8, ...BEN_CAU });
			expect(proposed.status).toBe('submitted');
			expect(proposed.record.workers).toBe(46);
			expect(proposed.record.proposal).toMatchObject({ status: 'submitted', changed: ['workers'], record: { workers: 52 } });
			// A second save from the form as it was before the proposal meets the conflict view, as any stale save does.
			expect((await save(tx, id, approved.record.version, { label: 'Dãy trọ chờ duyệt', workers: 53, rooms: 8, ...BEN_CAU })).status).toBe('conflict');
			const history = await call<{ changes: { field: string }[] }[]>(tx, `select public.record_history('boarding_houses', $1) as r`, [id]);
			expect(history.flatMap((h) => h.changes.map((c) => c.field))).toEqual(expect.arrayContaining(['approval', 'review_comment', 'workers']));

			await as(tx, 'planner');
			const back = await review(tx, id, 'return', 'Chờ biên bản kiểm tra');
			expect([back.record.workers, back.record.proposal?.status, back.record.proposal?.comment]).toEqual([46, 'returned', 'Chờ biên bản kiểm tra']);
			await as(tx, 'district_official');
			const again = await save(tx, id, back.record.version, { label: 'Dãy trọ chờ duyệt', workers: 50, rooms: 8, ...BEN_CAU });
			expect([again.status, again.record.proposal?.status, again.record.proposal?.record.workers]).toEqual(['submitted', 'submitted', 50]);
			await as(tx, 'planner');
			const applied = await review(tx, id, 'approve', null);
			expect([applied.record.workers, applied.record.approval, applied.record.proposal]).toEqual([50, 'approved', null]);
		});
	});

	it('counts only approved site records when asked, and says how many are not yet approved', async () => {
		await asRole(t.db, 'district_official', async (tx) => {
			const filters = JSON.stringify({ from: '2025-07-01', to: '2025-09-30', admin_unit: 'tay-ninh' });
			const figures = () =>
				call<{ figures: { outreach: number }; unapproved_records: number; data: string }>(
					tx,
					`select public.report_figures($1::jsonb || $2::jsonb, 'screen') as r`,
					[filters, '{}']
				);
			const approvedOnly = () =>
				call<{ figures: { outreach: number }; unapproved_records: number; data: string }>(
					tx,
					`select public.report_figures($1::jsonb || '{"data": "approved"}', 'screen') as r`,
					[filters]
				);
			const before = [await figures(), await approvedOnly()];
			await call(tx, `select public.save_record('outreach', $1, null, $2::jsonb) as r`, [
				randomUUID(),
				JSON.stringify({ form: 'meeting', held_on: '2025-07-30', people_reached: 120, ...BEN_CAU })
			]);
			const after = [await figures(), await approvedOnly()];
			expect(after[0]!.figures.outreach).toBe(before[0]!.figures.outreach + 1);
			expect(after[0]!.unapproved_records).toBe(before[0]!.unapproved_records + 1);
			expect(after[1]!.figures.outreach).toBe(before[1]!.figures.outreach);
			expect([after[0]!.data, after[1]!.data]).toEqual(['all', 'approved']);
		});
	});

	it('approves report figures of a unit and period, keeps them, and locks that outreach until un-approved', async () => {
		await asRole(t.db, 'planner', async (tx) => {
			const approval = await call<{ period: string; figures: { k: number; data: string }; approved_by: string }>(
				tx,
				`select public.approve_report('tay-ninh', 'q3-2025', '2025-07-01', '2025-09-30') as r`
			);
			expect(approval).toMatchObject({ period: 'q3-2025', figures: { k: 11, data: 'approved', tier: 'export' } });
			expect((await failure(tx, () => call(tx, `select public.approve_report('tay-ninh', 'q3-2025', '2025-07-01', '2025-09-30') as r`)))?.message).toBe(
				'the report of tay-ninh for q3-2025 is already approved'
			);

			await as(tx, 'district_official');
			const outreach = (held_on: string) =>
				call(tx, `select public.save_record('outreach', $1, null, $2::jsonb) as r`, [
					randomUUID(),
					JSON.stringify({ form: 'meeting', held_on, people_reached: 80, ...BEN_CAU })
				]);
			expect((await failure(tx, () => outreach('2025-08-15')))?.message).toBe(
				'outreach on 15/08/2025 is locked: the report of Tây Ninh for q3-2025 (01/07/2025–30/09/2025) is approved'
			);
			expect(await failure(tx, () => outreach('2025-10-15'))).toBeNull();
			// Imports take the same lock.
			const imported = await failure(tx, () =>
				call(tx, `select public.import_records('outreach', $1::jsonb) as r`, [
					JSON.stringify([{ form: 'meeting', held_on: '2025-09-01', people_reached: 10, ...BEN_CAU }])
				])
			);
			expect(imported?.message ?? '').toMatch(/locked/);

			await as(tx, 'leader');
			expect((await failure(tx, () => call(tx, `select public.unapprove_report('tay-ninh', 'q3-2025') as r`)))?.code).toBe('42501');
			await as(tx, 'planner');
			await call(tx, `select public.unapprove_report('tay-ninh', 'q3-2025') as r`);
			expect(await call(tx, `select public.report_approval('tay-ninh', 'q3-2025') as r`)).toBeNull();
			await as(tx, 'district_official');
			expect(await failure(tx, () => outreach('2025-08-15'))).toBeNull();
		});
	});
});
