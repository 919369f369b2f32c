import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureCollection, Geometry, Point } from 'geojson';
import { asRole, backends, openTestDatabase, sqlState, type TestDatabase } from '../../tests/helpers/db';
import type { Queryable } from '../../src/lib/server/db/types';
import type { DemoRole } from '../../src/lib/server/demo/seed';
import type { UnitIndicators } from '../../src/lib/supabase/database.types';

type Collection = FeatureCollection<Geometry, Record<string, unknown>> & {
	mode: 'features' | 'clusters' | 'aggregate' | 'surface';
	total: number;
	suppression_k?: number;
	cell_deg?: number;
};

const TAY_NINH = [105.7, 10.4, 106.7, 11.95];
const VIETNAM = [101, 8, 110, 24];
const PEAK_2024 = { from: '2024-07-01', to: '2024-09-30' };

const sum = (fc: { features: { properties: Record<string, unknown> }[] }, key: string) => fc.features.reduce((s, f) => s + Number(f.properties[key] ?? 0), 0);

describe.each(backends())('map_layer and unit_indicators on %s', (kind) => {
	let t: TestDatabase;
	const view = (role: DemoRole, layer: string, bbox: number[] | null, zoom: number | null, filters: object = {}, max = 3000) =>
		asRole(
			t.db,
			role,
			async (tx) =>
				(
					await tx.query<{ fc: Collection }>('select public.map_layer($1, $2::float8[], $3, $4::jsonb, $5) as fc', [
						layer,
						bbox ? `{${bbox.join(',')}}` : null,
						zoom,
						JSON.stringify(filters),
						max
					])
				).rows[0]!.fc
		);
	const whole = (role: DemoRole, layer: string, bbox: number[], filters: object = {}) =>
		asRole(
			t.db,
			role,
			async (tx) =>
				(
					await tx.query<{ fc: Collection }>('select public.layer_geojson($1, $2::float8[], $3::jsonb) as fc', [
						layer,
						`{${bbox.join(',')}}`,
						JSON.stringify(filters)
					])
				).rows[0]!.fc
		);
	const indicators = (role: DemoRole, level: string, filters: object = {}) =>
		asRole(
			t.db,
			role,
			async (tx) =>
				(
					await tx.query<{ r: { units: UnitIndicators[]; suppression_k: number; exact: boolean } }>('select public.unit_indicators($1, $2::jsonb) as r', [
						level,
						JSON.stringify(filters)
					])
				).rows[0]!.r
		);

	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(() => t?.close());

	it('returns the features themselves while few are in view, the same as the whole layer there', async () => {
		const fc = await view('planner', 'outreach', TAY_NINH, 9, PEAK_2024);
		const all = await whole('planner', 'outreach', TAY_NINH, PEAK_2024);
		expect(fc.mode).toBe('features');
		expect(fc.total).toBe(all.features.length);
		expect(fc.features.length).toBe(all.features.length);
		expect(new Set(fc.features.map((f) => f.id)).size).toBe(fc.features.length);
		expect(fc.features[0]!.properties).toHaveProperty('unit_name');
	});

	it('clusters on a zoom-dependent grid when the view holds more than max_features', async () => {
		const all = await whole('planner', 'outreach', VIETNAM);
		const fc = await view('planner', 'outreach', VIETNAM, 6, {}, 50);
		expect(all.features.length).toBeGreaterThan(50);
		expect(fc.mode).toBe('clusters');
		expect(fc.total).toBe(all.features.length);
		// Nothing is lost: counts and weights add up to the layer's.
		expect(sum(fc, 'count')).toBe(all.features.length);
		expect(sum(fc, 'weight')).toBe(sum(all, 'people_reached'));
		expect(fc.features.length).toBeLessThan(all.features.length);
		// Zooming in makes the cells smaller, so there are more of them.
		const closer = await view('planner', 'outreach', VIETNAM, 8, {}, 50);
		expect(closer.cell_deg!).toBeCloseTo(fc.cell_deg! / 4);
		expect(closer.features.length).toBeGreaterThan(fc.features.length);
		// A cluster sits inside its own grid cell.
		for (const f of fc.features) {
			const [x, y] = (f.geometry as Point).coordinates as [number, number];
			expect(x).toBeGreaterThanOrEqual(VIETNAM[0]!);
			expect(y).toBeLessThanOrEqual(VIETNAM[3]!);
		}
	});

	it('clusters boarding houses when zoomed out however few there are', async () => {
		const out = await view('planner', 'boarding_houses', TAY_NINH, 8);
		const inside = await view('planner', 'boarding_houses', TAY_NINH, 11);
		expect(out.mode).toBe('clusters');
		expect(inside.mode).toBe('features');
		expect(out.total).toBe(inside.total);
		expect(sum(out, 'weight')).toBe(sum(inside, 'workers'));
	});

	it('gives non-investigators suppressed aggregates only, whatever they ask', async () => {
		const fc = await view('planner', 'cases', TAY_NINH, 12, {}, 50000);
		expect(fc.mode).toBe('aggregate');
		expect(fc.features.every((f) => Number(f.properties.count) >= fc.suppression_k!)).toBe(true);
		expect(fc.features.every((f) => f.geometry.type !== 'Point')).toBe(true);
		expect(fc.total).toBe(sum(fc, 'count'));
		const grid = await view('leader', 'cases', TAY_NINH, 9, { aggregate: 'grid' });
		expect(grid.mode).toBe('aggregate');
		expect(grid.features.every((f) => f.geometry.type === 'Polygon' && Number(f.properties.count) >= 3)).toBe(true);
		expect(await sqlState(view('planner', 'cases', TAY_NINH, 9, { aggregate: 'none' }))).toBe('22023');
	});

	it('gives investigators points or clusters of them, and audits both', async () => {
		const exact = await view('investigator', 'cases', TAY_NINH, 10);
		expect(exact.mode).toBe('features');
		expect(exact.features.every((f) => f.geometry.type === 'Point')).toBe(true);
		const keys = new Set(exact.features.flatMap((f) => Object.keys(f.properties)));
		expect([...keys].some((k) => /name$|phone|address|id_number/.test(k) && k !== 'unit_name')).toBe(false);
		const [clusters, log] = await asRole(t.db, 'investigator', async (tx) => {
			const fc = (await tx.query<{ fc: Collection }>(`select public.map_layer('cases', '{105.7,10.4,106.7,11.95}', 7, '{}', 10) as fc`)).rows[0]!.fc;
			await tx.query('reset role');
			const row = (
				await tx.query<{ details: Record<string, unknown> }>(`select details from public.audit_log where action = 'read_exact_cases' order by id desc limit 1`)
			).rows[0];
			return [fc, row] as const;
		});
		expect(clusters.mode).toBe('clusters');
		expect(clusters.total).toBe(exact.total);
		expect(log?.details).toMatchObject({ rows: exact.total, mode: 'clusters', zoom: 7 });
	});

	it("reads an investigator's exact cases through the place index, never the whole table", async () => {
		// With sequential scans priced out, a plan that may use the GiST index uses it; under RLS
		// (the policy a barrier, && not leakproof) the only plan left was the whole table.
		// The statistics of a transaction are pending counts (flushed now and then): compare before and after.
		const counted = async (tx: Queryable) =>
			(
				await tx.query<{ table_scans: number; index_scans: number }>(
					`select pg_stat_get_xact_numscans('public.cases'::regclass)::int as table_scans,
					        pg_stat_get_xact_numscans('public.cases_geom_idx'::regclass)::int as index_scans`
				)
			).rows[0]!;
		const { before, after, points, whole } = await asRole(t.db, 'investigator', async (tx) => {
			await tx.query('set local enable_seqscan = off');
			const before = await counted(tx);
			const points = (await tx.query<{ fc: Collection }>(`select public.map_layer('cases', '{105.7,10.4,106.7,11.95}', 10, '{}', 3000) as fc`)).rows[0]!.fc;
			const whole = (await tx.query<{ fc: Collection }>(`select public.layer_geojson('cases', '{105.7,10.4,106.7,11.95}', '{}') as fc`)).rows[0]!.fc;
			return { before, after: await counted(tx), points, whole };
		});
		expect(points.mode).toBe('features');
		expect(points.total).toBeGreaterThan(0);
		expect(whole.features.length).toBe(points.total);
		expect(after.table_scans - before.table_scans).toBe(0);
		// map_layer reads twice (clusters, then the features), layer_geojson once.
		expect(after.index_scans - before.index_scans).toBeGreaterThanOrEqual(3);
		// The reader that bypasses RLS is an investigator's only: every other role is refused by it.
		for (const role of ['planner', 'leader', 'district_official', 'admin'] as const) {
			const direct = asRole(t.db, role, (tx) => tx.query(`select count(*) from private.investigator_cases(null, null, null, null, null)`));
			expect(await sqlState(direct), role).toBe('42501');
		}
	});

	it('draws the outreach coverage surface as cells of people reached', async () => {
		const surface = await view('planner', 'outreach_surface', VIETNAM, 6, { ...PEAK_2024, form: ['meeting', 'school_talk'] });
		const all = await whole('planner', 'outreach', VIETNAM, { ...PEAK_2024, form: ['meeting', 'school_talk'] });
		expect(surface.mode).toBe('surface');
		expect(surface.features.length).toBeGreaterThan(0);
		expect(sum(surface, 'people_reached')).toBe(sum(all, 'people_reached'));
		expect(sum(surface, 'count')).toBe(all.features.length);
	});

	it('rejects bad arguments with 22023 and a message naming them', async () => {
		for (const [layer, bbox, zoom, filters, max] of [
			['nope', TAY_NINH, 8, {}, 10],
			['outreach', null, 8, {}, 10],
			['outreach', TAY_NINH, 30, {}, 10],
			['outreach', TAY_NINH, 8, {}, 0],
			['outreach', TAY_NINH, 8, { colour: 'red' }, 10],
			['outreach', [106, 10, 105, 11], 8, {}, 10]
		] as const) {
			expect(await sqlState(view('planner', layer, bbox as number[] | null, zoom, filters, max)), `${layer} ${zoom} ${max}`).toBe('22023');
		}
		expect(await sqlState(asRole(t.db, 'anon', (tx) => tx.query(`select public.map_layer('outreach', '{105,10,106,11}', 8)`)))).toBe('42501');
	});

	it('gives indicators per province rolled up from the units below, cases suppressed below k', async () => {
		const planner = await indicators('planner', 'province', PEAK_2024);
		const investigator = await indicators('investigator', 'province', PEAK_2024);
		expect(planner.exact).toBe(false);
		expect(investigator.exact).toBe(true);
		expect(planner.units.length).toBe(34);
		const byCode = new Map(investigator.units.map((u) => [u.code, u]));
		let suppressed = 0;
		for (const u of planner.units) {
			const truth = byCode.get(u.code)!;
			expect(truth.cases).not.toBeNull();
			// Small counts are hidden, and so are some larger ones (complementary suppression); what is
			// shown is the truth.
			if (truth.cases! < planner.suppression_k) expect(u.cases).toBeNull();
			if (u.cases === null) {
				expect(u.victims).toBeNull();
				suppressed++;
			} else expect(u.cases).toBe(truth.cases);
		}
		expect(suppressed).toBeGreaterThan(0);
		// Sites roll up: every boarding house and every person reached in the period is counted once.
		const houses = await whole('planner', 'boarding_houses', [-180, -90, 180, 90]);
		expect(planner.units.reduce((s, u) => s + u.workers, 0)).toBe(sum(houses, 'workers'));
		const reached = await whole('planner', 'outreach', [-180, -90, 180, 90], PEAK_2024);
		expect(planner.units.reduce((s, u) => s + u.people_reached, 0)).toBe(sum(reached, 'people_reached'));
		// Districts of Tây Ninh add up to the province.
		const districts = await indicators('investigator', 'district', PEAK_2024);
		const tayNinh = byCode.get('tay-ninh')!;
		const inTayNinh = districts.units.filter((u) => u.code.startsWith('tay-ninh.'));
		expect(inTayNinh.length).toBeGreaterThan(0);
		expect(inTayNinh.reduce((s, u) => s + u.workers, 0)).toBe(tayNinh.workers);
	});

	it('rejects an unknown level or filter', async () => {
		expect(await sqlState(indicators('planner', 'village'))).toBe('22023');
		expect(await sqlState(indicators('planner', 'province', { form: 'telepathy' }))).toBe('22023');
	});
});
