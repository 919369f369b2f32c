import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, openTestDatabase, sqlState, type TestDatabase } from '../../tests/helpers/db';
import { recomputable, type Cells, type Group } from '../../tests/helpers/disclosure';
import type { DemoRole } from '../../src/lib/server/demo/seed';

interface Figures {
	tier: string;
	k: number;
	exact: boolean;
	figures: Record<string, number | null>;
	cases_by_type: { case_type: string; cases: number | null; victims: number | null }[];
	cases_by_month: { month: string; case_type: string; cases: number | null }[];
	cases_by_month_total?: { month: string; cases: number | null }[];
}
interface CaseTable {
	k: number;
	rows: { row: 'total' | 'unit' | 'unit_type'; unit: string; name: string; case_type: string | null; cases: number | null; victims: number | null }[];
}

/** The cells of report figures and the sums a reader knows between them. */
function reportCells(r: Figures): { cases: Cells; victims: Cells; groups: Group[]; victimGroups: Group[] } {
	const cases: Cells = { N: r.figures.cases! };
	const victims: Cells = { V: r.figures.victims! };
	for (const key of ['female', 'male', 'under_16', '16_17', 'adult']) victims[`V:${key}`] = r.figures[`victims_${key}`]!;
	const groups: Group[] = [{ total: 'N', parts: r.cases_by_type.map((c) => `T:${c.case_type}`) }];
	for (const c of r.cases_by_type) {
		cases[`T:${c.case_type}`] = c.cases;
		victims[`VT:${c.case_type}`] = c.victims;
		groups.push({ total: `T:${c.case_type}`, parts: r.cases_by_month.filter((m) => m.case_type === c.case_type).map((m) => `M:${m.case_type}:${m.month}`) });
	}
	for (const m of r.cases_by_month) cases[`M:${m.case_type}:${m.month}`] = m.cases;
	const victimGroups: Group[] = [
		{ total: 'V', parts: r.cases_by_type.map((c) => `VT:${c.case_type}`) },
		{ total: 'V', parts: ['V:female', 'V:male'] },
		{ total: 'V', parts: ['V:under_16', 'V:16_17', 'V:adult'] }
	];
	return { cases, victims, groups, victimGroups };
}

function tableCells(t: CaseTable): { cases: Cells; victims: Cells; groups: Group[]; victimGroups: Group[] } {
	const key = (r: CaseTable['rows'][number]) => (r.row === 'total' ? 'A' : r.row === 'unit' ? `U:${r.unit}` : `UT:${r.unit}|${r.case_type}`);
	const cases = Object.fromEntries(t.rows.map((r) => [key(r), r.cases]));
	const victims = Object.fromEntries(t.rows.filter((r) => r.row !== 'unit_type').map((r) => [key(r), r.victims]));
	const units = t.rows.filter((r) => r.row === 'unit');
	const groups: Group[] = [
		{ total: 'A', parts: units.map(key) },
		...units.map((u) => ({ total: key(u), parts: t.rows.filter((r) => r.row === 'unit_type' && r.unit === u.unit).map(key) }))
	];
	return { cases, victims, groups, victimGroups: [{ total: 'A', parts: units.map(key) }] };
}

/** Every published cell is 0 or at least k. */
const smallShown = (cells: Cells, k: number) => Object.entries(cells).filter(([, v]) => v !== null && v > 0 && v < k);

describe.each(backends())('privacy tiers on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(() => t?.close());

	const rpc = <T>(role: DemoRole, sql: string, params: unknown[] = []) => asRole(t.db, role, async (tx) => (await tx.query<{ r: T }>(sql, params)).rows[0]!.r);
	const figures = (role: DemoRole, filters: object, tier: 'screen' | 'export') =>
		rpc<Figures>(role, 'select public.report_figures($1::jsonb, $2) as r', [JSON.stringify(filters), tier]);
	const protect = (cells: Cells, groups: Group[], k: number) =>
		rpc<Cells>('planner', 'select private.protect_cells($1::jsonb, $2::jsonb, $3) as r', [JSON.stringify(cells), JSON.stringify(groups), k]);

	it('suppresses the parts a total would give back, and the audit finds what primary suppression alone leaves open', async () => {
		// A district of 20 cases in three communes (12, 5, 3), k = 11: 5 and 3 are small; hiding only
		// them lets 20 - 12 = 8 be read as their sum (and each lies in 1..7), so 12 goes too.
		const cells = { D: 20, C1: 12, C2: 5, C3: 3 };
		const groups = [{ total: 'D', parts: ['C1', 'C2', 'C3'] }];
		expect(await protect(cells, groups, 11)).toEqual({ D: 20, C1: null, C2: null, C3: null });
		// One small part among large ones: the smallest large one goes with it.
		expect(await protect({ D: 60, C1: 30, C2: 25, C3: 5 }, groups, 11)).toEqual({ D: 60, C1: 30, C2: null, C3: null });
		// The auditor: a single suppressed part is recomputed from its total.
		expect(await recomputable({ D: 60, C1: 30, C2: 25, C3: null }, groups)).toEqual(['C3']);
		// Parts all ones: hidden, yet each is known (the total says how many there are).
		expect(await recomputable({ D: 2, C1: 0, C2: null, C3: null }, groups)).toEqual(['C2', 'C3']);
		expect(await protect({ D: 2, C1: 0, C2: 1, C3: 1 }, groups, 11)).toEqual({ D: null, C1: 0, C2: null, C3: null });
		// Across levels: province 40 = districts 30 + 10; district 10 = communes 6 + 4. The small
		// district hides its sibling too, or 40 - 30 gives it back.
		const tree = [
			{ total: 'P', parts: ['D1', 'D2'] },
			{ total: 'D2', parts: ['C1', 'C2'] }
		];
		const out = await protect({ P: 40, D1: 30, D2: 10, C1: 6, C2: 4 }, tree, 11);
		expect(out).toEqual({ P: 40, D1: null, D2: null, C1: null, C2: null });
		expect(await recomputable(out, tree)).toEqual([]);
		expect(await recomputable({ P: 40, D1: 30, D2: null, C1: null, C2: null }, tree)).toEqual(['D2']);
		// A suppressed total is at least as large as its suppressed parts: two types of two months of
		// one case each, residual 4, are four ones — so more must go.
		const deep = [
			{ total: 'N', parts: ['T1', 'T2', 'T3'] },
			{ total: 'T1', parts: ['M1', 'M2'] },
			{ total: 'T2', parts: ['M3', 'M4'] }
		];
		expect(await recomputable({ N: 30, T1: null, T2: null, T3: 26, M1: null, M2: null, M3: null, M4: null }, deep)).toEqual([
			'T1',
			'T2',
			'M1',
			'M2',
			'M3',
			'M4'
		]);
		const safe = await protect({ N: 30, T1: 2, T2: 2, T3: 26, M1: 1, M2: 1, M3: 1, M4: 1 }, deep, 3);
		expect(safe.T3).toBeNull();
		expect(await recomputable(safe, deep)).toEqual([]);
	});

	it('gives reports and briefings only published cells: nothing below the export threshold, every shown figure true', async () => {
		const units = (
			await rpc<{ code: string }[]>('planner', `select jsonb_agg(jsonb_build_object('code', code)) as r from public.admin_units where level = 'province'`)
		).map((u) => u.code);
		const periods = [
			{ from: '2025-07-01', to: '2025-09-30' },
			{ from: '2025-01-01', to: '2025-12-31' },
			{ from: '2024-01-01', to: '2025-12-31' }
		];
		let shownCells = 0;
		let hiddenLarge = 0;
		for (const unit of ['', ...units.slice(0, 12)]) {
			for (const period of periods) {
				const filters = { ...period, ...(unit ? { admin_unit: unit } : {}) };
				const truth = await figures('investigator', filters, 'screen');
				expect(truth.exact).toBe(true);
				for (const role of ['leader', 'investigator'] as const) {
					const r = await figures(role, filters, 'export');
					expect([r.k, r.exact]).toEqual([11, false]);
					const { cases, victims } = reportCells(r);
					const exact = reportCells(truth);
					expect(smallShown(cases, r.k)).toEqual([]);
					expect(smallShown(victims, r.k)).toEqual([]);
					for (const [id, v] of Object.entries(cases)) if (v !== null) expect(v, id).toBe(exact.cases[id] ?? 0);
					for (const [id, v] of Object.entries(victims)) if (v !== null) expect(v, id).toBe(exact.victims[id] ?? 0);
					shownCells += Object.values(cases).filter((v) => v !== null).length;
					hiddenLarge += Object.entries(cases).filter(([id, v]) => v === null && (exact.cases[id] ?? 0) >= r.k).length;
				}
				// The briefing chart of the same area and period is the export tier, whoever asks.
				const chart = await rpc<{ k: number; data: Figures['cases_by_month'] }>('planner', `select public.briefing_series('cases_by_month', $1::jsonb) as r`, [
					JSON.stringify(filters)
				]);
				expect(chart.k).toBe(11);
				expect(chart.data).toEqual((await figures('planner', filters, 'export')).cases_by_month);
			}
		}
		expect(shownCells).toBeGreaterThan(20);
		// The test would pass trivially if nothing needed complementary suppression.
		expect(hiddenLarge).toBeGreaterThan(0);
	});

	it('gives each month’s published all-type total, true when shown, so a month whose types are hidden is not read as none', async () => {
		let rescued = 0;
		for (const unit of ['', 'tay-ninh', 'an-giang']) {
			const filters = { from: '2024-01-01', to: '2025-12-31', ...(unit ? { admin_unit: unit } : {}) };
			const truth = await figures('investigator', filters, 'screen');
			const r = await figures('leader', filters, 'export');
			const totals = r.cases_by_month_total!;
			expect(totals.map((m) => m.month)).toEqual([...new Set(r.cases_by_month.map((m) => m.month))]);
			for (const { month, cases } of totals) {
				const exact = truth.cases_by_month.filter((m) => m.month === month).reduce((sum, m) => sum + (m.cases ?? 0), 0);
				const shown = r.cases_by_month.filter((m) => m.month === month);
				if (cases !== null) {
					expect(cases, month).toBe(exact);
					expect(cases === 0 || cases >= r.k).toBe(true);
					if (shown.some((m) => m.cases === null) && cases > shown.reduce((sum, m) => sum + (m.cases ?? 0), 0)) rescued++;
				}
			}
			// A type selection's total is not a published cell: none is given.
			expect((await figures('leader', { ...filters, case_type: ['labour_fraud'] }, 'export')).cases_by_month_total).toEqual([]);
		}
		// Without the totals these months would have looked emptier than they were.
		expect(rescued).toBeGreaterThan(0);
		// The briefing chart carries them too.
		const chart = await rpc<{ totals: Figures['cases_by_month_total'] }>('planner', `select public.briefing_series('cases_by_month', $1::jsonb) as r`, [
			JSON.stringify({ from: '2024-01-01', to: '2025-12-31' })
		]);
		expect(chart.totals).toEqual((await figures('planner', { from: '2024-01-01', to: '2025-12-31' }, 'export')).cases_by_month_total);
	});

	it('protects in-app figures at k = 3 the same way, and gives investigators exact ones', async () => {
		const filters = { from: '2025-01-01', to: '2025-12-31', admin_unit: 'tay-ninh' };
		const truth = await figures('investigator', filters, 'screen');
		const r = await figures('planner', filters, 'screen');
		expect([r.k, r.exact]).toEqual([3, false]);
		const { cases } = reportCells(r);
		expect(smallShown(cases, 3)).toEqual([]);
		expect(Object.values(cases).some((v) => v === null)).toBe(true);
		expect(Object.values(cases).some((v) => v !== null)).toBe(true);
		expect(Object.values(reportCells(truth).cases).every((v) => v !== null)).toBe(true);
		// Reports for units below a district are for investigators only.
		expect(await asRole(t.db, 'planner', (tx) => sqlState(tx.query(`select public.report_figures('{"admin_unit": "nowhere"}')`)))).toBe('22023');
	});

	it('exports cases as counts per unit and type from the export publication', async () => {
		for (const filters of [{}, { admin_unit: 'tay-ninh' }, { from: '2025-07-01', to: '2025-09-30' }, { admin_unit: 'lao-cai', case_type: ['cross_border'] }]) {
			const table = await rpc<CaseTable>('investigator', 'select public.export_case_table($1::jsonb) as r', [JSON.stringify(filters)]);
			expect(table.k).toBe(11);
			const { cases, victims } = tableCells(table);
			expect(smallShown(cases, 11)).toEqual([]);
			expect(smallShown(victims, 11)).toEqual([]);
		}
		const country = await rpc<CaseTable>('leader', `select public.export_case_table('{}') as r`);
		const total = await rpc<number>('investigator', 'select count(*)::int as r from public.cases');
		expect(country.rows[0]).toMatchObject({ row: 'total', unit: '', cases: total });
		expect(country.rows.filter((r) => r.row === 'unit').length).toBe(34);
		expect(country.rows.filter((r) => r.row === 'unit' && r.cases !== null).length).toBeGreaterThan(5);
		expect(await asRole(t.db, 'leader', (tx) => sqlState(tx.query(`select public.export_case_table('{"day": "2025-07-30"}')`)))).toBe('22023');
	});

	it('snaps cases to one anonymous point per published cell, inside its own province, at the export threshold', async () => {
		type Snapped = {
			cell_deg: number;
			total: number;
			features: { geometry: { coordinates: [number, number] }; properties: { count: number; province: string } }[];
		};
		for (const role of ['leader', 'investigator'] as const) {
			const map = await rpc<Snapped & { mode: string; suppression_k: number }>(role, `select public.export_case_points(array[100, 7, 112, 24], 7, '{}') as r`);
			expect([map.mode, map.suppression_k, map.cell_deg]).toEqual(['aggregate', 11, 0.4]);
			expect(map.features.length).toBeGreaterThan(0);
			expect(map.features.every((f) => f.properties.count >= 11)).toBe(true);
			const inside = await rpc<boolean[]>(
				'planner',
				`
				select jsonb_agg(st_intersects(u.geom, st_setsrid(st_makepoint((f -> 'geometry' -> 'coordinates' ->> 0)::float8, (f -> 'geometry' -> 'coordinates' ->> 1)::float8), 4326))) as r
				from jsonb_array_elements($1::jsonb) f join public.admin_units u on u.code = f -> 'properties' ->> 'province'`,
				[JSON.stringify(map.features)]
			);
			expect(inside.length).toBe(map.features.length);
			expect(inside.every(Boolean)).toBe(true);
		}
	});

	it('lets admins set both thresholds (export never below the screen), and records them with every export', async () => {
		expect(await asRole(t.db, 'planner', (tx) => sqlState(tx.query('select public.set_privacy_thresholds(3, 11)')))).toBe('42501');
		const refused = (a: number, b: number) =>
			asRole(t.db, 'admin', (tx) =>
				tx.query('select public.set_privacy_thresholds($1, $2)', [a, b]).then(
					() => '',
					(e: Error) => e.message
				)
			);
		expect(await refused(1, 11)).toBe('suppression_k: 1 is not between 2 and 100');
		expect(await refused(5, 4)).toBe('export_k: 4 must lie between suppression_k (5) and 100');
		const seen = await asRole(t.db, 'admin', async (tx) => {
			await tx.query('select public.set_privacy_thresholds(4, 20)');
			const k = async (tier: string) => (await tx.query<{ k: number }>(`select (public.report_figures('{}', $1) ->> 'k')::int as k`, [tier])).rows[0]!.k;
			const ks = [await k('export'), await k('screen')];
			await tx.query(`select public.log_export('report', 'pdf', 12, '{"unit": "tay-ninh", "tier": "export"}')`);
			const logged = (await tx.query<{ d: object }>(`select details as d from public.audit_log where action = 'export' order by id desc limit 1`)).rows[0]!.d;
			return { ks, logged };
		});
		expect(seen.ks).toEqual([20, 4]);
		expect(seen.logged).toMatchObject({ unit: 'tay-ninh', tier: 'export', format: 'pdf', rows: 12, suppression_k: 4, export_k: 20 });
	});
});
