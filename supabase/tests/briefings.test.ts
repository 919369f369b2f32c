import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, failure, openTestDatabase, sqlState, type TestDatabase } from '../../tests/helpers/db';
import type { DemoRole } from '../../src/lib/server/demo/seed';

interface Series<T> {
	series: string;
	k: number;
	exact: boolean;
	data: T;
}
type Month = { month: string; case_type: string; cases: number | null };

describe.each(backends())('briefings on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(() => t?.close());

	const series = <T>(role: DemoRole, name: string, filters: object) =>
		asRole(
			t.db,
			role,
			async (tx) => (await tx.query<{ r: Series<T> }>('select public.briefing_series($1, $2::jsonb) as r', [name, JSON.stringify(filters)])).rows[0]!.r
		);

	it('saves a briefing with its slides for planners, checks each slide, and lets every role open it', async () => {
		const slides = [
			{ id: 'a', kind: 'map', title: 'Điểm nóng Tây Ninh', notes: '', page: 'map', query: 'view=106.2,11.1,9&layers=cases,borderLines' },
			{ id: 'b', kind: 'chart', title: 'Vụ việc theo tháng', chart: 'cases_by_month', filters: { admin_unit: 'tay-ninh' } },
			{ id: 'c', kind: 'figures', title: 'Số liệu chính', filters: { from: '2025-07-01', to: '2025-09-30' } }
		];
		const titles = await asRole(t.db, 'planner', async (tx) => {
			const id = (await tx.query<{ id: string }>('select public.save_briefing($1::jsonb) as id', [JSON.stringify({ title: 'Giao ban cao điểm 2025', slides })]))
				.rows[0]!.id;
			const version = (await tx.query<{ v: number }>('select version as v from public.briefings where id = $1', [id])).rows[0]!.v;
			await tx.query('select public.save_briefing($1::jsonb)', [
				JSON.stringify({ id, version, title: 'Giao ban cao điểm 2025 (sửa)', slides: slides.slice(0, 2) })
			]);
			return (await tx.query<{ title: string; n: number }>('select title, jsonb_array_length(slides) as n from public.briefings where id = $1', [id])).rows[0];
		});
		expect(titles).toEqual({ title: 'Giao ban cao điểm 2025 (sửa)', n: 2 });
		const bad = (slide: object) =>
			asRole(t.db, 'planner', (tx) =>
				tx.query('select public.save_briefing($1::jsonb)', [JSON.stringify({ title: 'x', slides: [slides[0], slide] })]).catch((e) => e.message as string)
			);
		expect(await bad({ kind: 'chart', chart: 'pie' })).toBe('slides[1].chart must be cases_by_month, outreach_by_form, coverage or hotspot_classes');
		expect(await bad({ kind: 'chart', chart: 'coverage' })).toBe('slides[1]: a coverage chart compares a saved plan (plan_id) with what was achieved');
		expect(await bad({ kind: 'map', page: 'map', query: 'view=1"><script>' })).toBe('slides[1]: a map slide has page (map or plan) and the query of its view');
		expect(await asRole(t.db, 'leader', (tx) => sqlState(tx.query(`select public.save_briefing('{"title": "x"}')`)))).toBe('42501');
		expect(await asRole(t.db, 'leader', async (tx) => (await tx.query('select count(*)::int as n from public.briefings')).rows[0])).toEqual({ n: 0 });
	});

	it('appends slides atomically (concurrent adds all land), creates idempotently, and refuses values that would break a briefing later', async () => {
		const briefingId = '7d9d1c1e-3c1b-4b59-9f0e-6a3c2f1b0a01';
		const slide = (n: number) => ({
			id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
			kind: 'figures',
			title: `Trang ${n}`,
			filters: { from: '2025-07-01', to: '2025-09-30' }
		});
		await asRole(t.db, 'planner', async (tx) => {
			const create = () => tx.query<{ r: { status: string; id: string } }>('select public.create_briefing($1, $2) as r', [briefingId, 'Giao ban thử']);
			expect((await create()).rows[0]!.r).toEqual({ status: 'created', id: briefingId });
			expect((await create()).rows[0]!.r).toEqual({ status: 'unchanged', id: briefingId });
			expect((await tx.query<{ n: number }>('select count(*)::int as n from public.briefings where id = $1', [briefingId])).rows[0]!.n).toBe(1);
			const add = (s: object) => tx.query<{ r: { slides: number } }>('select public.add_briefing_slide($1, $2::jsonb) as r', [briefingId, JSON.stringify(s)]);
			for (let n = 1; n <= 10; n++) await add(slide(n));
			// A retried add of the same slide adds nothing.
			expect((await add(slide(10))).rows[0]!.r.slides).toBe(10);
			const refused = async (s: object) => {
				await tx.query('savepoint s');
				try {
					await add(s);
					return null;
				} catch (e) {
					return (e as Error).message;
				} finally {
					await tx.query('rollback to savepoint s');
				}
			};
			expect(await refused({ ...slide(11), filters: { from: '2026-02-30' } })).toBe('slides[0].filters: from and to are real dates YYYY-MM-DD');
			expect(await refused({ ...slide(11), filters: { from: 'yesterday' } })).toBe('slides[0].filters: from and to are real dates YYYY-MM-DD');
			expect(await refused({ ...slide(11), filters: { from: '2025-09-30', to: '2025-07-01' } })).toBe('slides[0].filters: from is after to');
			expect(await refused({ ...slide(11), filters: { admin_unit: 'atlantis' } })).toBe('slides[0].filters.admin_unit: no unit "atlantis"');
			expect(await refused({ ...slide(11), filters: { sql: 1 } })).toBe('slides[0].filters.sql is not a filter of a slide (from, to, admin_unit)');
			expect(await refused({ ...slide(11), title: { x: 1 } })).toBe('slides[0]: title and notes are text');
			expect(await refused({ ...slide(11), id: undefined })).toBe('slide must be an object with an id (a UUID made by the client)');
			const stored = (await tx.query<{ n: number }>('select jsonb_array_length(slides) as n from public.briefings where id = $1', [briefingId])).rows[0]!.n;
			expect(stored).toBe(10);
			expect(await refused({ ...slide(12) }).then(() => null)).toBeNull();
		});
		// Leaders present briefings but do not change them.
		expect(
			await asRole(t.db, 'leader', (tx) => sqlState(tx.query('select public.add_briefing_slide($1, $2::jsonb)', [briefingId, JSON.stringify(slide(1))])))
		).toBe('42501');
	});

	it('saves on the version the editor opened: a stale save answers the conflict, a repeated one is unchanged', async () => {
		await asRole(t.db, 'planner', async (tx) => {
			const id = '7d9d1c1e-3c1b-4b59-9f0e-6a3c2f1b0a02';
			await tx.query('select public.create_briefing($1, $2)', [id, 'Giao ban hai người']);
			const slide = { id: '00000000-0000-4000-8000-000000000001', kind: 'figures', title: 'Số liệu', notes: '' };
			type Answer = { status: string; briefing: { version: number; title: string; notes: string; slides: { id: string }[]; updated_by_name: string } };
			const update = async (version: number, title: string, notes: string, slides: object[]) =>
				(await tx.query<{ r: Answer }>('select public.update_briefing($1, $2, $3, $4, $5::jsonb) as r', [id, version, title, notes, JSON.stringify(slides)]))
					.rows[0]!.r;
			// A saves new notes on version 1.
			const a = await update(1, 'Giao ban hai người', 'Ghi chú của A', [slide]);
			expect([a.status, a.briefing.version]).toEqual(['saved', 2]);
			// A double click sends the same again on version 1: unchanged, not a conflict.
			expect((await update(1, 'Giao ban hai người', 'Ghi chú của A', [slide])).status).toBe('unchanged');
			// B, who opened version 1, saves a new title: a conflict with A's briefing, nothing written.
			const b = await update(1, 'Tiêu đề của B', '', []);
			expect(b.status).toBe('conflict');
			expect(b.briefing).toMatchObject({ version: 2, notes: 'Ghi chú của A', slides: [{ id: slide.id }] });
			expect(b.briefing.updated_by_name).toBeTruthy();
			// An appended slide is a change too.
			await tx.query('select public.add_briefing_slide($1, $2::jsonb)', [id, JSON.stringify({ ...slide, id: '00000000-0000-4000-8000-000000000002' })]);
			expect((await update(2, 'Tiêu đề của B', 'Ghi chú của A', [slide])).status).toBe('conflict');
			// The raw API refuses a change without a version, and a stale one with 40001.
			expect((await failure(tx, () => tx.query('select public.save_briefing($1::jsonb)', [JSON.stringify({ id, title: 'x', slides: [] })])))?.code).toBe(
				'22023'
			);
			expect(
				(await failure(tx, () => tx.query('select public.save_briefing($1::jsonb)', [JSON.stringify({ id, version: 1, title: 'x', slides: [] })])))?.code
			).toBe('PT409');
		});
	});

	it('gives monthly cases by type at the export threshold to every role, investigators too (briefings leave the room)', async () => {
		const filters = { from: '2024-01-01', to: '2025-12-31', admin_unit: 'tay-ninh' };
		const investigator = await series<Month[]>('investigator', 'cases_by_month', filters);
		const leader = await series<Month[]>('leader', 'cases_by_month', filters);
		expect([investigator.exact, investigator.k]).toEqual([false, 11]);
		expect(leader).toEqual(investigator);
		const truth = await asRole(
			t.db,
			'investigator',
			async (tx) =>
				(await tx.query<{ r: { cases_by_month: Month[] } }>(`select public.report_figures($1::jsonb, 'screen') as r`, [JSON.stringify(filters)])).rows[0]!.r
					.cases_by_month
		);
		// Every month of the period and type is listed (an empty month reads like a hidden one), and
		// what is shown is the truth.
		const exact = new Map(truth.map((m) => [`${m.month} ${m.case_type}`, m.cases]));
		expect(leader.data.length).toBe(24 * 6);
		expect(truth.some((m) => m.cases! < leader.k)).toBe(true);
		for (const m of leader.data) expect(m.cases === null || m.cases === exact.get(`${m.month} ${m.case_type}`), `${m.month} ${m.case_type}`).toBe(true);
		expect(leader.data.every((m) => m.cases === null || m.cases >= leader.k)).toBe(true);
	});

	it('gives outreach by form and key figures of an area and period; unknown series and filters are refused', async () => {
		const outreach = await series<{ form: string; activities: number; people_reached: number }[]>('leader', 'outreach_by_form', {
			from: '2025-07-01',
			to: '2025-09-30'
		});
		expect(outreach.data.length).toBeGreaterThan(3);
		expect(outreach.data.every((o) => o.activities > 0 && o.people_reached >= 0)).toBe(true);
		const figures = await series<Record<string, number | null>>('planner', 'figures', { from: '2025-07-01', to: '2025-09-30' });
		expect(figures.data.cases).toBeGreaterThan(figures.k);
		expect(figures.data.victims_female! + figures.data.victims_male!).toBe(figures.data.victims);
		expect(figures.data.outreach).toBe(outreach.data.reduce((s, o) => s + o.activities, 0));
		const byType = await series<{ case_type: string; cases: number | null }[]>('leader', 'cases_by_type', { from: '2025-07-01', to: '2025-09-30' });
		const shown = byType.data.filter((c) => c.cases !== null);
		expect(shown.every((c) => c.cases! >= byType.k)).toBe(true);
		// The hidden types together are the total minus the shown ones: at least k, never one type alone.
		const hidden = byType.data.length - shown.length;
		expect(hidden === 0 || (hidden >= 2 && figures.data.cases! - shown.reduce((s, c) => s + c.cases!, 0) >= byType.k)).toBe(true);
		expect(await asRole(t.db, 'planner', (tx) => sqlState(tx.query(`select public.briefing_series('pie', '{}')`)))).toBe('22023');
		expect(await asRole(t.db, 'planner', (tx) => sqlState(tx.query(`select public.briefing_series('figures', '{"colour": "red"}')`)))).toBe('22023');
	});
});
