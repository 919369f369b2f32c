/**
 * An adversarial but ordinary signed-in user against the case publication: the six classes of
 * attack found in issue 16 (box differencing and bisection, type subsets, period sweeps, hierarchy
 * subtraction, stored flags, unaudited exact reads), as planner, district official and leader, at
 * the screen and export tiers — plus the LP audit of the publication itself. Each must recover no
 * count below k and no place finer than a published cell.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, openTestDatabase, sqlState, type TestDatabase } from '../../tests/helpers/db';
import { provenSmall, type Cells, type Group } from '../../tests/helpers/disclosure';
import { readPublication, type Publication, type PublicationCell, type Tier } from '../../tests/helpers/publication';
import type { DemoRole } from '../../src/lib/server/demo/seed';

interface Feature {
	geometry: { type: string; coordinates: unknown };
	properties: { count: number; victims: number | null; admin_unit?: string; name?: string; cell?: [number, number] | null; province?: string };
}
interface Collection {
	features: Feature[];
	suppression_k: number;
	cell_deg?: number;
	total?: number;
	period?: { from: string | null; to: string | null };
}
interface Figures {
	k: number;
	figures: Record<string, number | null>;
	cases_by_type: { case_type: string; cases: number | null }[];
	cases_by_month: { month: string; case_type: string; cases: number | null }[];
	period: { from: string | null; to: string | null };
}

const TAY_NINH: [number, number, number, number] = [105.7, 10.4, 106.7, 11.95];
const ROLES: DemoRole[] = ['planner', 'district_official', 'leader'];
/** Items by key, in their order (Map.groupBy, which Node 20 lacks). */
function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
	const out = new Map<string, T[]>();
	for (const item of items) {
		const key = keyOf(item);
		const list = out.get(key);
		if (list) list.push(item);
		else out.set(key, [item]);
	}
	return out;
}
/** A difference of two answers must be nothing, or at least k. */
const leaks = (a: number | null | undefined, b: number | null | undefined, k: number) => a != null && b != null && Math.abs(a - b) > 0 && Math.abs(a - b) < k;

describe.each(backends())('attacks on the case publication on %s', (kind) => {
	let t: TestDatabase;
	let pub: Record<Tier, Publication>;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
		pub = { screen: await readPublication(t.db, 'screen'), export: await readPublication(t.db, 'export') };
	});
	afterAll(() => t?.close());

	const rpc = <T>(role: DemoRole, sql: string, params: unknown[] = []) => asRole(t.db, role, async (tx) => (await tx.query<{ r: T }>(sql, params)).rows[0]!.r);
	const layer = (role: DemoRole, bbox: number[], filters: object) =>
		rpc<Collection>(role, `select public.layer_geojson('cases', $1::float8[], $2::jsonb) as r`, [bbox, JSON.stringify(filters)]);
	const figures = (role: DemoRole, filters: object, tier: Tier) =>
		rpc<Figures>(role, 'select public.report_figures($1::jsonb, $2) as r', [JSON.stringify(filters), tier]);
	const kOf = (tier: Tier) => (tier === 'screen' ? 3 : 11);

	it('publishes nothing below k, and what it publishes is the truth', async () => {
		for (const tier of ['screen', 'export'] as const) {
			const shown = pub[tier].cells.filter((c) => !c.hidden);
			expect(shown.length).toBeGreaterThan(50);
			expect(shown.filter((c) => c.n < kOf(tier))).toEqual([]);
		}
		// The cells add up to the cases table, whatever the level.
		const total = await rpc<number>('investigator', 'select count(*)::int as r from public.cases');
		const countryAll = pub.screen.cells.find((c) => c.key === 'C|VN|all|*')!;
		expect(countryAll.n).toBe(total);
		const levelSum = (prefix: string) =>
			pub.screen.cells.filter((c) => c.cube === 'C' && c.t === 'all' && c.c === '*' && c.s.startsWith(prefix)).reduce((s, c) => s + c.n, 0);
		for (const level of ['P:', 'G0:', 'G2:', 'G4:']) expect(levelSum(level), level).toBe(total);
	});

	// Thousands of small LPs: minutes on a busy 2-core machine, more than the default test time.
	it('lets no suppressed cell be proven to hold 1 to k-1 cases, by linear programming over the publication', async () => {
		for (const tier of ['screen', 'export'] as const) {
			const k = kOf(tier);
			const p = pub[tier];
			let audited = 0;
			// Space: every tree of one period and class (provinces → units, provinces → grid ladder), zeros
			// given to the attacker (stronger than the truth: the publication never tells zeros apart).
			const periodClass = (c: PublicationCell) => `${c.cube}|${c.t}|${c.c}`;
			const byPeriodClass = groupBy(p.cells, periodClass);
			// The sums within one period and class: a total and its parts all of that period and class.
			const cellOf = new Map(p.cells.map((c) => [c.key, c]));
			const spaceSums = groupBy(
				p.groups.filter((g) => g.parts.every((x) => periodClass(cellOf.get(x)!) === periodClass(cellOf.get(g.total)!))),
				(g) => periodClass(cellOf.get(g.total)!)
			);
			for (const [key, sel] of byPeriodClass) {
				if (!sel.some((c) => c.hidden && c.n < k)) continue;
				const cells: Cells = Object.fromEntries(sel.map((c) => [c.key, c.hidden ? null : c.n]));
				const truth = Object.fromEntries(sel.map((c) => [c.key, c.n]));
				expect(await provenSmall(cells, spaceSums.get(key) ?? [], truth, k, 2), `${tier} ${key}`).toEqual([]);
				audited++;
			}
			// Time × class of every space node, with every empty cell unknown as it is to a reader.
			const times = (await t.db.query<{ key: string; parent: string | null; level: string }>('select key, parent, level from private.case_pub_time')).rows;
			const classes = (
				await t.db.query<{ cube: string; key: string; parent: string | null; tag: string | null }>('select cube, key, parent, tag from private.case_pub_class')
			).rows;
			// A class published without months (corridors) has no month cells to guess at.
			const monthly = new Set(p.cells.filter((c) => c.t.startsWith('M')).map((c) => `${c.cube}|${c.c}`));
			for (const [key, sel] of groupBy(p.cells, (c) => `${c.cube}|${c.s}`)) {
				if (!sel.some((c) => c.hidden && c.n < k)) continue;
				const [cube, s] = key.split('|') as [string, string];
				const months = sel.some((c) => c.t.startsWith('M'));
				// A class with no cell here is, to a reader, unknown at every time: siblings like that add
				// up to one unknown with the same sums, so each group's are folded into one stand-in.
				const present = new Set(sel.map((c) => c.c));
				const cdom = classes.filter((x) => x.cube === cube && (present.has(x.key) || x.parent === null));
				for (const x of classes.filter((y) => y.cube === cube && !present.has(y.key) && y.parent !== null && present.has(y.parent))) {
					const stand = `~${x.parent}~${x.tag}`;
					if (monthly.has(`${cube}|${x.key}`)) monthly.add(`${cube}|${stand}`);
					if (!cdom.some((y) => y.key === stand)) cdom.push({ ...x, key: stand });
				}
				const tdomOf = (ck: string) => times.filter((x) => (months && monthly.has(`${cube}|${ck}`)) || x.level !== 'month');
				const id = (tk: string, ck: string) => `${cube}|${s}|${tk}|${ck}`;
				const cells: Cells = {};
				const truth: Record<string, number> = {};
				for (const c of cdom) for (const x of tdomOf(c.key)) [cells[id(x.key, c.key)], truth[id(x.key, c.key)]] = [null, 0];
				for (const c of sel) [cells[c.key], truth[c.key]] = [c.hidden ? null : c.n, c.n];
				const groups: Group[] = [];
				for (const c of cdom) {
					const tdom = tdomOf(c.key);
					for (const x of tdom) {
						const kids = tdom.filter((y) => y.parent === x.key);
						if (kids.length) groups.push({ total: id(x.key, c.key), parts: kids.map((y) => id(y.key, c.key)) });
						for (const tag of new Set(cdom.filter((y) => y.parent === c.key).map((y) => y.tag))) {
							// Parts without months make no group of a month.
							const parts = cdom.filter((y) => y.parent === c.key && y.tag === tag && cells[id(x.key, y.key)] !== undefined).map((y) => id(x.key, y.key));
							if (parts.length) groups.push({ total: id(x.key, c.key), parts });
						}
					}
				}
				expect(await provenSmall(cells, groups, truth, k, 2), `${tier} ${key}`).toEqual([]);
				audited++;
			}
			expect(audited).toBeGreaterThan(100);
		}
	}, 600_000);

	it('box differencing and bisection give back nothing: a box selects whole published cells', async () => {
		for (const role of ROLES) {
			for (const [filters, k] of [
				[{ aggregate: 'grid', cell_deg: 0.1 }, 3],
				[{ aggregate: 'admin_unit' }, 3],
				[{ aggregate: 'grid', cell_deg: 0.05, tier: 'export' }, 11]
			] as const) {
				const whole = await layer(role, TAY_NINH, filters);
				const [w, s, e, n] = TAY_NINH;
				// A, A minus a strip, A minus another strip, A minus both (inclusion–exclusion), then a sliver.
				const boxes = [TAY_NINH, [w + 0.013, s, e, n], [w, s + 0.017, e, n], [w + 0.013, s + 0.017, e, n], [w + 1e-6, s, e, n]];
				const totals: number[] = [];
				for (const box of boxes) {
					const r = await layer(role, box, filters);
					expect(
						r.features.every((f) => f.properties.count >= k),
						JSON.stringify(filters)
					).toBe(true);
					totals.push(r.features.reduce((sum, f) => sum + f.properties.count, 0));
				}
				const [a, b, c, d] = totals as [number, number, number, number];
				expect(a - b - c + d === 0 || Math.abs(a - b - c + d) >= k, `${role} ${JSON.stringify(filters)}`).toBe(true);
				for (const x of totals) expect(leaks(totals[0], x, k)).toBe(false);
				// Bisecting down to a tiny box still answers with whole cells of the ladder.
				const tiny = await layer(role, [106.1, 11.0, 106.1001, 11.0001], filters);
				for (const f of tiny.features) expect(whole.features.some((g) => JSON.stringify(g) === JSON.stringify(f))).toBe(true);
			}
			// The map itself and the snapped points of exports, zoom by zoom.
			for (const zoom of [6, 8, 10, 12]) {
				const m = await rpc<Collection>(role, `select public.map_layer('cases', $1::float8[], $2, '{}') as r`, [TAY_NINH, zoom]);
				const m2 = await rpc<Collection>(role, `select public.map_layer('cases', $1::float8[], $2, '{}') as r`, [
					[TAY_NINH[0] + 0.001, ...TAY_NINH.slice(1)],
					zoom
				]);
				expect(leaks(m.total, m2.total, 3)).toBe(false);
				const x = await rpc<Collection>(role, `select public.export_case_points($1::float8[], $2, '{}') as r`, [TAY_NINH, zoom]);
				const x2 = await rpc<Collection>(role, `select public.export_case_points($1::float8[], $2, '{}') as r`, [
					[TAY_NINH[0] + 0.001, ...TAY_NINH.slice(1)],
					zoom
				]);
				expect(x.features.every((f) => f.properties.count >= 11)).toBe(true);
				expect(leaks(x.total, x2.total, 11)).toBe(false);
				expect(x.cell_deg).toBeGreaterThanOrEqual(0.05);
			}
		}
	});

	it('type subsets give back no hidden type: all types minus all but one is nothing or at least k', async () => {
		const types = (await t.db.query<{ code: string }>('select code from public.case_types order by code')).rows.map((r) => r.code);
		let compared = 0;
		for (const role of ROLES)
			for (const tier of ['screen', 'export'] as const)
				for (const area of [{}, { admin_unit: 'tay-ninh' }, { admin_unit: 'lao-cai' }]) {
					const period = { from: '2025-01-01', to: '2025-12-31', ...area };
					const all = await figures(role, period, tier);
					for (const dropped of types) {
						const rest = await figures(role, { ...period, case_type: types.filter((x) => x !== dropped) }, tier);
						expect(leaks(all.figures.cases, rest.figures.cases, kOf(tier)), `${role} ${tier} ${dropped}`).toBe(false);
						if (all.figures.cases != null && rest.figures.cases != null) compared++;
					}
					for (const c of all.cases_by_type) expect(c.cases === null || c.cases >= kOf(tier)).toBe(true);
				}
		// The hot spots of types go through the same cells.
		const grid = await layer('planner', TAY_NINH, { aggregate: 'grid', cell_deg: 0.2 });
		const gridOne = await layer('planner', TAY_NINH, { aggregate: 'grid', cell_deg: 0.2, case_type: types.slice(1) });
		for (const f of gridOne.features) {
			const same = grid.features.find((g) => JSON.stringify(g.geometry) === JSON.stringify(f.geometry));
			if (same) expect(leaks(same.properties.count, f.properties.count, 3)).toBe(false);
		}
		expect(compared).toBeGreaterThan(0);
	});

	it('period sweeps a week or a day apart give back nothing: free dates snap to whole buckets', async () => {
		for (const role of ROLES)
			for (const tier of ['screen', 'export'] as const) {
				let previous: Figures | null = null;
				const start = Date.UTC(2025, 5, 20);
				for (let day = 0; day < 70; day += 3) {
					const to = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
					const r = await figures(role, { from: '2025-01-01', to, admin_unit: 'tay-ninh' }, tier);
					// The answer says which whole months it counts.
					expect(r.period.to!.slice(8)).toMatch(/^(28|29|30|31)$/);
					if (previous) {
						expect(leaks(previous.figures.cases, r.figures.cases, kOf(tier)), `${role} ${tier} to ${to}`).toBe(false);
						expect(leaks(previous.figures.victims, r.figures.victims, kOf(tier))).toBe(false);
					}
					previous = r;
				}
				// A day's window is the whole month around it.
				const day = await figures(role, { from: '2025-07-30', to: '2025-07-30' }, tier);
				expect(day.period).toEqual({ from: '2025-07-01', to: '2025-07-31' });
			}
		// The map's grid snaps to quarters: the 30/7 week is the peak quarter.
		const week = await layer('planner', TAY_NINH, { aggregate: 'grid', cell_deg: 0.1, from: '2025-07-24', to: '2025-07-30' });
		expect(week.period).toEqual({ from: '2025-07-01', to: '2025-09-30' });
	});

	it('hierarchy subtraction gives back nothing: a province minus its visible districts, the country minus its provinces', async () => {
		type Units = { units: { code: string; cases: number | null }[]; suppression_k: number };
		for (const role of ROLES)
			for (const fn of ['unit_indicators', 'export_unit_indicators'])
				for (const period of [{}, { from: '2025-07-01', to: '2025-09-30' }]) {
					const provinces = await rpc<Units>(role, `select public.${fn}('province', $1::jsonb) as r`, [JSON.stringify(period)]);
					const districts = await rpc<Units>(role, `select public.${fn}('district', $1::jsonb) as r`, [JSON.stringify(period)]);
					const k = provinces.suppression_k;
					for (const p of provinces.units) {
						const parts = districts.units.filter((d) => d.code.startsWith(`${p.code}.`));
						if (!parts.length || p.cases === null) continue;
						const visible = parts.reduce((s, d) => s + (d.cases ?? 0), 0);
						expect(p.cases - visible === 0 || p.cases - visible >= k, `${role} ${fn} ${p.code}`).toBe(true);
					}
					const country = await rpc<Figures>(role, 'select public.report_figures($1::jsonb, $2) as r', [
						JSON.stringify(period),
						fn === 'unit_indicators' ? 'screen' : 'export'
					]);
					const visible = provinces.units.reduce((s, u) => s + (u.cases ?? 0), 0);
					if (country.figures.cases != null) expect(country.figures.cases - visible === 0 || country.figures.cases - visible >= k).toBe(true);
				}
	});

	it('refuses stored views that carry embed, tier or lang, and the export table protects its tree', async () => {
		for (const query of ['embed=0&layers=cases', 'layers=cases&tier=screen', 'lang=en', 'x=1&EMBED=0']) {
			const state = await asRole(t.db, 'planner', (tx) =>
				sqlState(tx.query('select public.save_briefing($1::jsonb)', [JSON.stringify({ title: 'x', slides: [{ kind: 'map', page: 'map', query }] })]))
			);
			expect(state, query).toBe('22023');
		}
		type Table = { rows: { row: string; unit: string; case_type: string | null; cases: number | null }[] };
		const table = await rpc<Table>('leader', `select public.export_case_table('{"admin_unit": "tay-ninh"}') as r`);
		const total = table.rows.find((r) => r.row === 'total')!;
		const units = table.rows.filter((r) => r.row === 'unit');
		expect(units.length).toBeGreaterThan(1);
		for (const r of table.rows) expect(r.cases === null || r.cases >= 11).toBe(true);
		const visible = units.reduce((s, u) => s + (u.cases ?? 0), 0);
		if (total.cases !== null) expect(total.cases - visible === 0 || total.cases - visible >= 11).toBe(true);
	});

	it('audits every exact read and every export-tier answer, and records only the export details it knows', async () => {
		const caseId = await rpc<string>('investigator', 'select id::text as r from public.cases limit 1');
		const before = (await t.db.query<{ n: number }>('select coalesce(max(id), 0)::int as n from public.audit_log')).rows[0]!.n;
		const logged = await asRole(t.db, 'investigator', async (tx) => {
			await tx.query(`select public.list_records('cases')`);
			await tx.query(`select public.record_history('cases', $1)`, [caseId]);
			await tx.query(`select public.deleted_records('cases')`);
			await tx.query(`select public.export_case_points(array[102, 8, 110, 24], 6, '{}')`);
			await tx.query(`select public.report_figures('{}', 'export')`);
			await tx.query(`select public.export_case_table('{}')`);
			await tx.query(`select public.export_unit_indicators('province', '{}')`);
			await tx.query('reset role');
			return (
				await tx.query<{ action: string; fn: string | null }>(`select action, details ->> 'function' as fn from public.audit_log where id > $1 order by id`, [
					before
				])
			).rows;
		});
		expect(logged.filter((r) => r.action === 'read_exact_cases').map((r) => r.fn)).toEqual(['list_records', 'record_history', 'deleted_records']);
		expect(
			logged
				.filter((r) => r.action === 'export_tier_read')
				.map((r) => r.fn)
				.sort()
		).toEqual(['export_case_points', 'export_case_table', 'report_figures', 'unit_indicators'].sort());
		const refused = (details: object) =>
			asRole(t.db, 'planner', (tx) => sqlState(tx.query(`select public.log_export('report', 'pdf', 3, $1::jsonb)`, [JSON.stringify(details)])));
		expect(await refused({ note: 'anything' })).toBe('22023');
		expect(await refused({ unit: 'x'.repeat(300) })).toBe('22023');
		expect(await refused({ unit: { nested: true } })).toBe('22023');
		expect(await refused({ unit: 'tay-ninh', tier: 'export' })).toBeNull();
		expect(await asRole(t.db, 'planner', (tx) => sqlState(tx.query(`select public.log_export('report', 'pdf', -1)`)))).toBe('22023');
	});

	it('keeps investigators exact: the same questions answer with the true counts', async () => {
		const exact = await layer('investigator', TAY_NINH, { aggregate: 'grid', cell_deg: 0.02 });
		expect(exact.suppression_k).toBe(0);
		const truth = await rpc<number>(
			'investigator',
			`select count(*)::int as r from public.cases where geom && st_makeenvelope(105.7, 10.4, 106.7, 11.95, 4326)`
		);
		expect(exact.features.reduce((s, f) => s + f.properties.count, 0)).toBe(truth);
		const r = await figures('investigator', { from: '2025-07-30', to: '2025-07-30' }, 'screen');
		expect(r.figures.cases).toBe(await rpc<number>('investigator', `select count(*)::int as r from public.cases where occurred_on = '2025-07-30'`));
	});
});
