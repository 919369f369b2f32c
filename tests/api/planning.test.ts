import { scheduleTeams } from '../../src/lib/analysis/schedule';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { openPglite } from '../../src/lib/server/db/pglite';
import { RestHandler } from '../../src/lib/server/embedded/rest';
import { loadJwtSecret, signToken } from '../../src/lib/server/embedded/jwt';
import { sessionToken } from '../helpers/db';
import { caseCells, runHotspots, PlanningInputError, TooFewCasesError, type Client } from '../../src/lib/server/planning/hotspots';
import { CASE_TYPES } from '../../src/lib/vocabulary';
import { MIN_PATROL_PLACES, solvePlan, type PlanParams } from '../../src/lib/server/planning/deploy';
import { runCoverage } from '../../src/lib/server/planning/coverage';
import { coverage } from '../../src/lib/analysis/coverage';
import { transition } from '../../src/lib/analysis/compare';
import { compareHotspots } from '../../src/lib/server/planning/compare';
import turfDistance from '@turf/distance';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Database } from '../../src/lib/supabase/database.types';
import type { DemoRole } from '../../src/lib/server/demo/seed';

const BASE = 'http://embedded.test/supabase';

/**
 * The planner's analyses on the demo data, run through supabase-js with each role's own rights, as
 * the planner page runs them.
 */
describe('hot spots and deployment plans on demo data', () => {
	let dataDir: string;
	let db: Awaited<ReturnType<typeof openPglite>>;
	let handler: RestHandler;
	let secret: Uint8Array;
	let anonKey: string;
	const clients = new Map<DemoRole, Client>();

	const fetchApi: typeof fetch = async (input, init) => {
		const request = new Request(input, init);
		return handler.handle(request, new URL(request.url).pathname.slice('/supabase'.length));
	};
	const as = async (role: DemoRole): Promise<Client> => {
		if (!clients.has(role)) {
			const token = await sessionToken(db, secret, role);
			clients.set(
				role,
				createClient<Database>(BASE, anonKey, {
					auth: { persistSession: false },
					global: { fetch: fetchApi, headers: { Authorization: `Bearer ${token}` } },
					realtime: { transport: WebSocket as never }
				})
			);
		}
		return clients.get(role)!;
	};
	const PEAK = { from: '2024-07-01', to: '2024-09-30' };
	const plan = (over: Partial<PlanParams> = {}): PlanParams => ({
		teamType: 'propaganda',
		k: 6,
		radiusKm: 5,
		teams: 2,
		...PEAK,
		unit: 'tay-ninh',
		types: [],
		exact: false,
		pinned: [],
		forbidden: [],
		...over
	});

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'hotspot-planning-'));
		db = await openPglite(undefined, new Blob([readFileSync(inject('pgliteSnapshot'))]));
		secret = loadJwtSecret(dataDir);
		handler = new RestHandler(db, secret);
		anonKey = await signToken(secret, { role: 'anon' }, 3600);
	});
	afterAll(async () => {
		await db?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('finds Gi* hot spots over the whole country, never showing a planner a count below k', async () => {
		const result = await runHotspots(await as('planner'), { from: null, to: null, types: [], unit: null, method: 'gistar' });
		expect(result.method).toBe('gistar');
		expect(result.band!.bandKm).toBeGreaterThan(0);
		expect(result.band!.reason.length).toBeGreaterThan(10);
		const counts = result.cells.features.map((f) => f.properties.count);
		expect(counts.filter((c) => c !== null).every((c) => c! >= result.suppressionK)).toBe(true);
		// Some cells hold cases the planner may not see one by one: they are there, without a count.
		expect(counts.some((c) => c === null)).toBe(true);
		const classes = result.classCounts!;
		expect(Object.values(classes).reduce((a, b) => a + b, 0)).toBe(result.cells.features.length);
		// The demo cases cluster near borders and zones: there are significant hot spots.
		expect(classes['3']! + classes['2']!).toBeGreaterThan(0);
		// Hot cells hold more cases, on average, than cells that are not significant.
		const mean = (cls: number[]) => {
			const xs = result.cells.features.filter((f) => cls.includes(f.properties.class!)).map((f) => f.properties.count ?? 0);
			return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
		};
		expect(mean([3, 2])).toBeGreaterThan(mean([0]));
		// A hot cell without a shown count of its own is flagged as hot because of its neighbours, and counted.
		const flagged = result.cells.features.filter((f) => f.properties.byNeighbours);
		expect(flagged.every((f) => f.properties.class! > 0 && !f.properties.count)).toBe(true);
		expect(result.cells.features.filter((f) => f.properties.class! > 0 && !f.properties.count)).toHaveLength(flagged.length);
		expect(result.hotByNeighbours).toBe(flagged.length);
	});

	it('computes KDE for a province, and says why when a period has too few cases', async () => {
		const kde = await runHotspots(await as('leader'), { from: null, to: null, types: [], unit: 'tay-ninh', method: 'kde' });
		expect(kde.bandwidthKm).toBeGreaterThan(0);
		expect(kde.cells.features.length).toBeGreaterThan(0);
		expect(kde.cells.features.every((f) => f.properties.density! > 0)).toBe(true);
		await expect(
			runHotspots(await as('planner'), { from: '2021-07-24', to: '2021-07-25', types: ['organ_removal'], unit: 'tay-ninh', method: 'gistar' })
		).rejects.toThrow(PlanningInputError);
	});

	it('bins the shown counts into H3 hexagons, none below k, and finds trends across the years', async () => {
		const client = await as('planner');
		const grid = await runHotspots(client, { from: null, to: null, types: [], unit: null, method: 'gistar' });
		const hex = await runHotspots(client, { from: null, to: null, types: [], unit: null, method: 'hex', resolution: 4 });
		expect(hex.resolution).toBe(4);
		const counts = hex.cells.features.map((f) => f.properties.count!);
		expect(counts.every((c) => c >= hex.suppressionK)).toBe(true);
		// Every shown case lands in exactly one hexagon.
		expect(counts.reduce((a, b) => a + b, 0)).toBe(grid.casesShown);
		const years = [2021, 2022, 2023, 2024, 2025].map((y) => ({ from: `${y}-01-01`, to: `${y}-12-31` }));
		const trend = await runHotspots(client, { from: null, to: null, types: [], unit: null, method: 'emerging', slices: years });
		const total = Object.values(trend.categoryCounts!).reduce((a, b) => a + b, 0);
		expect(total).toBe(grid.cells.features.length);
		expect(trend.cells.features.every((f) => f.properties.category !== 'none')).toBe(true);
		expect(trend.cells.features.length).toBeGreaterThan(0);
		await expect(runHotspots(client, { from: null, to: null, types: [], unit: null, method: 'emerging', slices: years.slice(0, 2) })).rejects.toThrow(
			/3 to 20 time slices/
		);
	});

	it('finds hot spots of any point layer: boarding-house workers count in full', async () => {
		const client = await as('planner');
		const result = await runHotspots(client, { data: 'boarding_houses', from: null, to: null, types: [], unit: 'tay-ninh', method: 'gistar' });
		const { data } = await client.rpc('layer_geojson', { layer: 'boarding_houses', filters: { admin_unit: 'tay-ninh' } });
		const workers = data!.features.reduce((s, f) => s + Number(f.properties.workers), 0);
		// Cells whose centre lies outside the province may miss a few houses on its edge; no cell is suppressed.
		expect(result.casesShown).toBeGreaterThan(workers * 0.9);
		expect(result.casesShown).toBeLessThanOrEqual(workers);
		expect(result.suppressionK).toBe(0);
		expect(result.classCounts!['3']! + result.classCounts!['2']!).toBeGreaterThan(0);
	});

	it('leaves points known only to their commune out of grids finer than a commune, and says how many', async () => {
		const client = await as('planner');
		const params = { data: 'boarding_houses' as const, from: null, to: null, types: [], unit: 'tay-ninh', method: 'gistar' as const };
		const before = await runHotspots(client, { ...params, cellDeg: 0.02 });
		const marked = await db.query<{ workers: number }>(
			`update public.boarding_houses h set location_source = 'commune' from public.admin_units u
			 where u.id = h.admin_unit_id and u.code = 'tay-ninh.ben-cau' returning h.workers`
		);
		try {
			expect(marked.rows.length).toBeGreaterThan(0);
			const workers = marked.rows.reduce((s, r) => s + Number(r.workers), 0);
			const fine = await runHotspots(client, { ...params, cellDeg: 0.02 });
			expect(fine.communeOnlyLeftOut).toBe(marked.rows.length);
			// Their workers leave the counts (those on the border may lie in cells outside the province, counted by neither).
			expect(fine.casesShown).toBeLessThan(before.casesShown);
			expect(fine.casesShown).toBeGreaterThanOrEqual(before.casesShown - workers);
			// A cell as wide as a commune or wider counts them.
			const coarse = await runHotspots(client, { ...params, cellDeg: 0.05 });
			expect(coarse.communeOnlyLeftOut).toBeUndefined();
		} finally {
			await db.query(`update public.boarding_houses set location_source = 'typed' where location_source = 'commune'`);
		}
	});

	it('plans propaganda teams over Tây Ninh’s boarding houses, with marginal values and a schedule', async () => {
		const result = await solvePlan(await as('planner'), plan());
		expect(result.chosen).toHaveLength(6);
		expect(result.share).toBeGreaterThan(0);
		expect(result.share).toBeLessThanOrEqual(1);
		expect(result.covered).toBeLessThanOrEqual(result.total);
		// More teams never cover less (up to 2k).
		expect(result.marginal.map((m) => m.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
		for (let i = 1; i < result.marginal.length; i++) expect(result.marginal[i]!.share).toBeGreaterThanOrEqual(result.marginal[i - 1]!.share - 0.02);
		// Every chosen site is visited over the 14 weeks of the peak campaign by the 2 teams.
		expect(result.schedule.weeks).toHaveLength(14);
		const visited = new Set(result.schedule.visits.map((v) => v.siteId));
		for (const c of result.chosen) expect(visited.has(c.id)).toBe(true);
		expect(new Set(result.schedule.visits.map((v) => v.team)).size).toBe(2);
		// Clusters are named by place: the district they lie in, and a landmark beside most of them.
		const clusters = result.candidates.filter((c) => c.kind === 'boarding_cluster');
		expect(clusters.length).toBeGreaterThan(0);
		expect(clusters.every((c) => typeof c.detail?.place === 'string' && c.detail.place.length > 0)).toBe(true);
		expect(clusters.filter((c) => c.detail?.near).length).toBeGreaterThan(clusters.length / 2);

		// Pin a site that was not chosen and forbid the best one: both are respected on re-solving.
		const outside = result.candidates.find((c) => !result.chosen.some((x) => x.id === c.id))!;
		const best = [...result.chosen].sort((a, b) => b.covered - a.covered)[0]!;
		const again = await solvePlan(await as('planner'), plan({ pinned: [outside.id], forbidden: [best.id] }));
		const ids = again.chosen.map((c) => c.id);
		expect(ids).toContain(outside.id);
		expect(ids).not.toContain(best.id);
		expect(again.covered).toBeLessThanOrEqual(result.covered + 1e-9 + result.total * 0.02);
	});

	it('says what a plan cannot reach and what would: the radius that reaches every house, the sites that cover all that can be', async () => {
		const tight = await solvePlan(await as('planner'), plan({ radiusKm: 0.2, k: 3 }));
		expect(tight.share).toBeLessThan(1);
		const { outOfReach, radiusForAll, sitesForAllReachable } = tight.reach;
		expect(outOfReach.count).toBeGreaterThan(0);
		expect(outOfReach.weight).toBeLessThanOrEqual(tight.total - tight.covered);
		expect(radiusForAll).toBeGreaterThan(0.2);
		// Where the curve gets there, that many sites cover every reachable worker.
		if (sitesForAllReachable !== null)
			expect(tight.marginal.find((m) => m.k === sitesForAllReachable)!.share).toBeCloseTo((tight.total - outOfReach.weight) / tight.total, 9);
		// At the radius it names, nothing is out of reach any more.
		const wide = await solvePlan(await as('planner'), plan({ radiusKm: radiusForAll, k: 3 }));
		expect(wide.reach.outOfReach).toEqual({ weight: 0, count: 0 });
		expect(wide.reach.radiusForAll).toBe(radiusForAll);
	});

	it('plans sites of limited capacity: none serves more than it can, and the plan covers no more than without the limit', async () => {
		const client = await as('planner');
		const free = await solvePlan(client, plan());
		const capacity = Math.max(1, Math.floor(free.covered / free.chosen.length / 2));
		const limited = await solvePlan(client, plan({ capacity }));
		expect(limited.params.capacity).toBe(capacity);
		for (const c of limited.chosen) expect(c.covered).toBeLessThanOrEqual(capacity + 1e-6);
		expect(limited.covered).toBeCloseTo(
			limited.chosen.reduce((s, c) => s + c.covered, 0),
			6
		);
		expect(limited.covered).toBeLessThanOrEqual(capacity * limited.chosen.length + 1e-6);
		expect(limited.covered).toBeLessThan(free.covered);
		// The curve: more sites of the same capacity never serve less.
		for (let i = 1; i < limited.marginal.length; i++) expect(limited.marginal[i]!.share).toBeGreaterThanOrEqual(limited.marginal[i - 1]!.share - 1e-9);
		await expect(solvePlan(client, plan({ capacity: -5 }))).rejects.toThrow('the capacity of a site must be a positive number, got -5');
	});

	it('proves the optimum with the exact solver on a small patrol plan', async () => {
		const years = { from: '2021-01-01', to: '2025-12-31' };
		const result = await solvePlan(await as('planner'), plan({ teamType: 'patrol', k: 3, teams: 3, radiusKm: 15, exact: true, ...years }));
		expect(result.method).toBe('exact');
		expect(result.optimal).toBe(true);
		expect(result.gap).toBe(0);
		expect(result.candidates.some((c) => c.kind === 'gate')).toBe(true);
		// The heuristic cannot beat a proven optimum.
		const fast = await solvePlan(await as('planner'), plan({ teamType: 'patrol', k: 3, teams: 3, radiusKm: 15, ...years }));
		expect(fast.covered).toBeLessThanOrEqual(result.covered + 1e-9);
		// Patrols rotate in a drawn order: seed 1 unless asked.
		expect(fast.schedule.seed).toBe(1);
		const patrol = (seed?: number) => solvePlan(as2, plan({ teamType: 'patrol', k: 6, teams: 2, radiusKm: 15, ...years, ...(seed ? { seed } : {}) }));
		const as2 = await as('planner');
		const [one, two] = [await patrol(7), await patrol(8)];
		expect(one.schedule.seed).toBe(7);
		// The rotation is the plan's sites and its seed: anyone with both makes the same weeks (the
		// sites themselves may differ between runs: the fast solver stops at a time limit).
		expect(scheduleTeams(one.chosen, 2, one.schedule.weeks, { seed: 7 }).visits).toEqual(one.schedule.visits);
		expect(scheduleTeams(two.chosen, 2, two.schedule.weeks, { seed: 8 }).visits).toEqual(two.schedule.visits);
		expect(scheduleTeams(one.chosen, 2, one.schedule.weeks, { seed: 8 }).visits).not.toEqual(one.schedule.visits);
		expect(two.schedule.seed).toBe(8);
		const propaganda = await solvePlan(as2, plan({ seed: 7 }));
		expect(propaganda.schedule.seed).toBeNull();
		await expect(solvePlan(as2, plan({ teamType: 'patrol', seed: 0.5 }))).rejects.toThrow('the rotation seed must be a whole number from 1, got 0.5');
	});

	it('finds the boarding-house workers no outreach or model site reaches, per district', async () => {
		const client = await as('district_official');
		const year = await runCoverage(client, { from: '2024-01-01', to: '2024-12-31', unit: 'tay-ninh' });
		expect(year.totalWorkers).toBeGreaterThan(0);
		expect(year.coveredWorkers).toBeLessThanOrEqual(year.totalWorkers);
		expect(year.districts.reduce((s, d) => s + d.workers, 0)).toBe(year.totalWorkers);
		expect(year.districts.reduce((s, d) => s + d.covered, 0)).toBe(year.coveredWorkers);
		// Districts with the most uncovered workers come first; the uncovered list is heaviest first.
		const gaps = year.districts.map((d) => d.workers - d.covered);
		expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
		expect(year.uncovered.map((u) => u.workers)).toEqual([...year.uncovered.map((u) => u.workers)].sort((a, b) => b - a));
		expect(year.demand.filter((d) => !d.covered).length).toBeGreaterThanOrEqual(year.uncovered.length);
		// One week of outreach reaches no more than the whole year does.
		const week = await runCoverage(client, { from: '2024-07-24', to: '2024-07-30', unit: 'tay-ninh' });
		expect(week.activities).toBeLessThan(year.activities);
		expect(week.coveredWorkers).toBeLessThanOrEqual(year.coveredWorkers);
		expect(week.totalWorkers).toBe(year.totalWorkers);
	});

	it('breaks coverage down by outreach form and site kind, each with its own reach, and lists the forms not used', async () => {
		const client = await as('planner');
		const year = await runCoverage(client, { from: '2024-01-01', to: '2024-12-31', unit: 'tay-ninh' });
		const { data: vocabularies } = await client.rpc('record_vocabularies');
		const { data: radii } = await client.rpc('reach_km');
		// Every form and kind is listed, with the radius an admin set for it.
		expect(year.modes.map((m) => `${m.kind}:${m.code}`).sort()).toEqual(
			[...vocabularies!.form.map((o) => `form:${o.code}`), ...vocabularies!.kind.map((o) => `site:${o.code}`)].sort()
		);
		for (const m of year.modes) expect(m.radiusKm).toBe(m.kind === 'form' ? radii!.forms[m.code] : radii!.sites[m.code]);
		expect(year.modes.filter((m) => m.kind === 'form').reduce((a, m) => a + m.count, 0)).toBe(year.activities);
		expect(year.modes.filter((m) => m.kind === 'site').reduce((a, m) => a + m.count, 0)).toBe(year.sites);
		for (const m of year.modes) {
			// A mode reaches no more than all of them together, and what only it reaches is part of what it reaches.
			expect(m.coveredWorkers).toBeLessThanOrEqual(year.coveredWorkers);
			expect(m.onlyWorkers).toBeLessThanOrEqual(m.coveredWorkers);
			expect(m.share).toBeCloseTo(m.coveredWorkers / year.totalWorkers, 12);
			if (m.count === 0) expect([m.coveredWorkers, m.onlyWorkers]).toEqual([0, 0]);
		}
		// Together they reach what the whole does; what each alone reaches adds up to no more than that.
		expect(Math.max(...year.modes.map((m) => m.coveredWorkers))).toBeGreaterThan(0);
		expect(year.modes.reduce((a, m) => a + m.onlyWorkers, 0)).toBeLessThanOrEqual(year.coveredWorkers);
		// Without the mode that alone reaches most, the area loses exactly those workers (counted afresh).
		const key = year.modes.reduce((a, b) => (b.onlyWorkers > a.onlyWorkers ? b : a));
		expect(key.onlyWorkers).toBeGreaterThan(0);
		const demand = year.demand.map((d, i) => ({ id: String(i), lon: d.lon, lat: d.lat, weight: d.workers }));
		const rest = year.reach.filter((r) => r.mode !== `${key.kind}:${key.code}`).map((r, i) => ({ id: String(i), ...r }));
		expect(coverage(demand, rest).coveredWeight).toBe(year.coveredWorkers - key.onlyWorkers);
	});

	it('weighs border units and case hot spots beside workers, each reached by the definition the README gives', async () => {
		const client = await as('planner');
		const weights = { workers: 50, border: 30, hotspots: 20 };
		const r = await runCoverage(client, { from: null, to: null, unit: 'tay-ninh', weights });
		const [workers, border, hot] = r.parts;
		expect(r.parts.map((p) => p.kind)).toEqual(['workers', 'border', 'hotspots']);
		expect([workers!.total, workers!.covered]).toEqual([r.totalWorkers, r.coveredWorkers]);
		// Tây Ninh lies on the Cambodian border: some of its units do, each counted once.
		expect(r.borderUnits.length).toBeGreaterThan(0);
		expect([border!.total, border!.places]).toEqual([r.borderUnits.length, r.borderUnits.length]);
		expect(border!.covered).toBe(r.borderUnits.filter((b) => b.covered).length);
		// A border unit is reached by a site inside it or whose reach takes in its point (checked here with turf).
		const { data: units } = await client.rpc('layer_geojson', { layer: 'admin_units', filters: { admin_unit: 'tay-ninh' } });
		for (const b of r.borderUnits) {
			const shape = units!.features.find((f) => f.properties.code === b.code)!;
			const reached = r.reach.some(
				(s) => turfDistance([s.lon, s.lat], [b.lon, b.lat]) <= s.radiusKm || booleanPointInPolygon([s.lon, s.lat], shape as Feature<Polygon | MultiPolygon>)
			);
			expect(reached, b.name).toBe(b.covered);
		}
		// Hot-spot demand is the Gi* hot cells (90 %+) of the same cases, weighed by z.
		const gi = await runHotspots(client, { from: null, to: null, types: [], unit: 'tay-ninh', method: 'gistar' });
		const hotCells = gi.cells.features.filter((f) => (f.properties.class ?? 0) >= 1);
		expect(hotCells.length).toBeGreaterThan(0);
		expect(r.hotCells).toHaveLength(hotCells.length);
		expect(hot!.total).toBeCloseTo(
			hotCells.reduce((a, f) => a + f.properties.z!, 0),
			9
		);
		// The weighted share is the weights' average of the shares of the kinds present.
		const present = r.parts.filter((p) => p.share !== null);
		expect(r.weightedShare).toBeCloseTo(present.reduce((a, p) => a + p.weight * p.share!, 0) / present.reduce((a, p) => a + p.weight, 0), 12);
		for (const m of r.modes) {
			expect(m.parts.border!).toBeLessThanOrEqual(border!.share!);
			if (m.count === 0) expect(m.weightedShare).toBe(0);
		}
		expect(r.weights).toEqual(weights);
		// A briefing slide's coverage reads the export tier: its hot cells are the export tier's.
		const exported = await runCoverage(client, { from: null, to: null, unit: 'tay-ninh', weights, tier: 'export' });
		const giExport = await runHotspots(client, { from: null, to: null, types: [], unit: 'tay-ninh', method: 'gistar', tier: 'export' });
		expect(exported.hotCells.map((c) => `${c.lon},${c.lat}`)).toEqual(
			giExport.cells.features
				.filter((f) => (f.properties.class ?? 0) >= 1)
				.map((f) => {
					const ring = f.geometry.coordinates[0]!;
					return `${(ring[0]![0]! + ring[2]![0]!) / 2},${(ring[0]![1]! + ring[2]![1]!) / 2}`;
				})
		);
		expect(giExport.suppressionK).toBeGreaterThan(gi.suppressionK);
	});

	it('refuses weights it cannot use, and says when the area has none of a kind', async () => {
		const client = await as('planner');
		const run = (weights: Record<string, number>, unit = 'tay-ninh') =>
			runCoverage(client, { from: '2024-01-01', to: '2024-12-31', unit, weights: weights as never });
		await expect(run({ workers: -1, border: 0, hotspots: 0 })).rejects.toThrow('weights.workers must be a number from 0 to 100, got -1');
		await expect(run({ workers: 0, border: 0, hotspots: 0 })).rejects.toThrow('at least one kind of demand needs a weight above 0');
		await expect(run({ workers: 0, border: 0, hotspots: Number.NaN })).rejects.toThrow(PlanningInputError);
		// Ho Chi Minh City has no land border: the border kind is absent and leaves the weighting.
		const city = await run({ workers: 50, border: 50, hotspots: 0 }, 'ho-chi-minh');
		expect(city.parts[1]).toMatchObject({ kind: 'border', total: 0, share: null, absent: 'no_border' });
		expect(city.weightedShare).toBeCloseTo(city.share, 12);
		await expect(run({ workers: 0, border: 100, hotspots: 0 }, 'ho-chi-minh')).rejects.toThrow(
			'nothing to reach in this area for the kinds of demand weighted'
		);
	});

	it('runs coverage and hot spots on approved site records only when asked, and says which', async () => {
		const client = await as('planner');
		const workers = async (fn: 'layer_geojson' | 'approved_site_layer') => {
			const { data, error } = await client.rpc(fn, { layer: 'boarding_houses', filters: { admin_unit: 'tay-ninh' } });
			if (error) throw error;
			return data.features.reduce((s, f) => s + Number(f.properties.workers), 0);
		};
		const awaiting = (await workers('layer_geojson')) - (await workers('approved_site_layer'));
		// The demo official's submitted houses are not yet approved.
		expect(awaiting).toBeGreaterThan(0);
		const all = await runCoverage(client, { from: '2024-01-01', to: '2024-12-31', unit: 'tay-ninh' });
		const approved = await runCoverage(client, { from: '2024-01-01', to: '2024-12-31', unit: 'tay-ninh', records: 'approved' });
		expect([all.records, approved.records]).toEqual(['all', 'approved']);
		expect(all.totalWorkers - approved.totalWorkers).toBe(awaiting);
		const hot = (records: 'all' | 'approved') =>
			runHotspots(client, { data: 'boarding_houses', from: null, to: null, types: [], unit: 'tay-ninh', method: 'gistar', records });
		const [hotAll, hotApproved] = [await hot('all'), await hot('approved')];
		expect(hotApproved.records).toBe('approved');
		// (Houses on the province's edge may fall in no cell, as above.)
		expect(hotAll.casesShown - hotApproved.casesShown).toBeGreaterThan(0);
		expect(hotAll.casesShown - hotApproved.casesShown).toBeLessThanOrEqual(awaiting);
		// Cases are not approved: the scope does not apply to them.
		expect((await runHotspots(client, { from: null, to: null, types: [], unit: null, method: 'gistar', records: 'approved' })).records).toBe('all');
	});

	it('refuses a patrol plan on fewer places with cases than it needs, saying how many there are', { timeout: 120_000 }, async () => {
		const client = await as('planner');
		// Years of data in Tây Ninh, by case type, as a planner sees them: the published cells with cases in each.
		const months = [2021, 2022, 2023, 2024, 2025].flatMap((y) =>
			[[], ...CASE_TYPES.map((c) => [c])].map((types) => ({ from: `${y}-01-01`, to: `${y}-12-31`, types }))
		);
		const places = await Promise.all(
			months.map(async (p) => (await caseCells(client, { ...p, unit: 'tay-ninh', method: 'gistar' })).cells.filter((c) => c.count).length)
		);
		const few = months.findIndex((_, i) => places[i]! > 0 && places[i]! < MIN_PATROL_PLACES);
		const enough = months.findIndex((_, i) => places[i]! >= MIN_PATROL_PLACES);
		expect(few, `places per month: ${places.join(', ')}`).toBeGreaterThanOrEqual(0);
		const refused = solvePlan(client, plan({ teamType: 'patrol', k: 2, teams: 2, radiusKm: 15, ...months[few]! }));
		await expect(refused).rejects.toThrow(TooFewCasesError);
		await expect(refused).rejects.toThrow(`only ${places[few]} cells of this area and period show cases (a cell with fewer than 3 is not shown`);
		if (enough >= 0) {
			const ok = await solvePlan(client, plan({ teamType: 'patrol', k: 2, teams: 2, radiusKm: 15, ...months[enough]! }));
			expect(ok.demandCount).toBe(places[enough]);
		}
	});

	it('compares the hot spots of two periods cell by cell on one grid and one band', { timeout: 120_000 }, async () => {
		const client = await as('planner');
		const first = { from: '2024-01-01', to: '2024-12-31' };
		const second = { from: '2025-01-01', to: '2025-12-31' };
		const r = await compareHotspots(client, { first, second, types: [], unit: null });
		// Each period on its own, on the same grid and band, gives the classes the comparison moved between.
		const a = await runHotspots(client, { ...first, types: [], unit: null, method: 'gistar' });
		const b = await runHotspots(client, { ...second, types: [], unit: null, method: 'gistar', cellDeg: r.cellDeg, bandKm: r.bandKm });
		expect([a.cellDeg, a.band!.bandKm]).toEqual([r.cellDeg, r.bandKm]);
		const key = (f: { geometry: { coordinates: number[][][] } }) => f.geometry.coordinates[0]![0]!.join(',');
		const classB = new Map(b.cells.features.map((f) => [key(f), f.properties.class ?? 0]));
		const moved = new Map(r.cells.features.map((f) => [key(f), f.properties]));
		let significant = 0;
		for (const f of a.cells.features) {
			const ca = f.properties.class ?? 0;
			const cb = classB.get(key(f))!;
			if (ca === 0 && cb === 0) {
				expect(moved.has(key(f))).toBe(false);
				continue;
			}
			significant++;
			expect(moved.get(key(f))).toMatchObject({ first: ca, second: cb, transition: transition(ca, cb) });
		}
		expect(significant).toBe(r.cells.features.length);
		expect(significant).toBeGreaterThan(0);
		expect(Object.values(r.counts).reduce((x, y) => x + y, 0)).toBe(r.cellCount);
		expect(r.first.hot).toBe(a.cells.features.filter((f) => (f.properties.class ?? 0) > 0).length);
		expect(r.kappa).not.toBeNull();
		expect(r.p).toBeGreaterThan(0);
		expect(r.exact).toBe(false);
		// Bad periods are named; a period the planner sees no case in is "too few", not a map.
		await expect(compareHotspots(client, { first, second: { from: '2025-02-01', to: '2025-01-01' }, types: [], unit: null })).rejects.toThrow(
			'second needs a first and a last day (YYYY-MM-DD), the last not before the first'
		);
		await expect(compareHotspots(client, { first: { from: '2019-01-01', to: '2019-12-31' }, second, types: [], unit: null })).rejects.toThrow(TooFewCasesError);
		// A day that does not exist is the caller's to correct (400), not a failure of the analysis.
		await expect(compareHotspots(client, { first: { from: '2025-02-30', to: '2025-03-31' }, second, types: [], unit: null })).rejects.toThrow(
			PlanningInputError
		);
	});

	it('names the problem with bad plan input', async () => {
		const client = await as('planner');
		await expect(solvePlan(client, plan({ k: 0 }))).rejects.toThrow(/number of sites k/);
		await expect(solvePlan(client, plan({ pinned: ['nope'] }))).rejects.toThrow(/site nope is not a candidate/);
		await expect(solvePlan(client, plan({ unit: 'atlantis' }))).rejects.toThrow(/unknown admin_unit "atlantis"/);
		await expect(solvePlan(client, plan({ k: 30, teams: 1 }))).rejects.toThrow(/cannot be visited by 1 teams in 14 weeks/);
	});

	it('saves a plan with its sites for planners only, and every role can read it', async () => {
		const result = await solvePlan(await as('planner'), plan({ k: 3, teams: 3 }));
		const input = {
			name: 'Cao điểm 2024 — Tây Ninh',
			team_type: 'propaganda' as const,
			starts_on: PEAK.from,
			ends_on: PEAK.to,
			admin_unit: 'tay-ninh',
			params: { k: 3, radius_km: 5 },
			figures: { covered: result.covered, total: result.total, share: result.share },
			sites: result.chosen.map((c, i) => ({ label: c.label, lon: c.lon, lat: c.lat, team: String(i + 1), candidate: c.id }))
		};
		const saved = await (await as('planner')).rpc('save_plan', { plan: input });
		expect(saved.error).toBeNull();
		const leaderList = await (await as('leader')).rpc('list_plans');
		const mine = leaderList.data!.find((p) => p.id === saved.data);
		expect(mine?.sites).toHaveLength(3);
		expect(mine?.admin_unit_name).toBe('Tây Ninh');
		// A leader may not save, and bad input names its field, writing nothing.
		expect((await (await as('leader')).rpc('save_plan', { plan: input })).error?.code).toBe('42501');
		const bad = await (await as('planner')).rpc('save_plan', { plan: { ...input, sites: [...input.sites, { label: 'x', lon: 200, lat: 10 }] } });
		expect(bad.error?.code).toBe('22023');
		expect(bad.error?.message).toContain('filters.lon must lie between -180 and 180');
		const after = await (await as('planner')).rpc('list_plans');
		expect(after.data!.filter((p) => p.name === input.name)).toHaveLength(1);
		// Saved twice at once with the client's id (a double click): one plan, both answers name it.
		const twice = { ...input, id: crypto.randomUUID(), name: 'Cao điểm 2024 — bấm hai lần' };
		const answers = await Promise.all([(await as('planner')).rpc('save_plan', { plan: twice }), (await as('planner')).rpc('save_plan', { plan: twice })]);
		expect(answers.map((a) => a.data)).toEqual([twice.id, twice.id]);
		const listed = (await (await as('planner')).rpc('list_plans')).data!.filter((p) => p.name === twice.name);
		expect(listed.map((p) => [p.id, p.sites.length])).toEqual([[twice.id, 3]]);

		// A new plan keeps the saved plan's sites as deployed: they are chosen whatever else is.
		const keep = mine!.sites.map((s) => ({ label: s.label, lon: s.lon, lat: s.lat }));
		const next = await solvePlan(await as('planner'), plan({ k: 5, keep }));
		expect(
			next.chosen
				.filter((c) => c.kind === 'existing')
				.map((c) => c.label)
				.sort()
		).toEqual(keep.map((s) => s.label).sort());
		await expect(solvePlan(await as('planner'), plan({ k: 2, keep }))).rejects.toThrow(/3 kept and pinned sites do not fit in k = 2/);

		// Planners record how each deployment went; nobody else may, and unknown statuses are named.
		const site = mine!.sites[0]!;
		expect((await (await as('planner')).rpc('set_deployment_status', { deployment_id: site.id, new_status: 'done' })).error).toBeNull();
		expect((await (await as('leader')).rpc('list_plans')).data!.find((p) => p.id === saved.data)!.sites.find((s) => s.id === site.id)!.status).toBe('done');
		expect((await (await as('leader')).rpc('set_deployment_status', { deployment_id: site.id, new_status: 'planned' })).error?.code).toBe('42501');
		expect((await (await as('planner')).rpc('set_deployment_status', { deployment_id: site.id, new_status: 'lost' as never })).error?.message).toContain(
			'unknown status "lost"'
		);
		// Against the status seen: a planner who saw "planned" is told it is now "done"; a repeat is no conflict.
		const stale = await (await as('planner')).rpc('set_deployment_status', { deployment_id: site.id, new_status: 'cancelled', seen_status: 'planned' });
		expect([stale.error?.code, stale.error?.message]).toEqual(['PT409', 'someone changed this deployment since you opened it: it is now done']);
		expect((await (await as('planner')).rpc('set_deployment_status', { deployment_id: site.id, new_status: 'done', seen_status: 'planned' })).error).toBeNull();
		expect((await (await as('planner')).rpc('set_deployment_status', { deployment_id: site.id, new_status: 'active', seen_status: 'done' })).error).toBeNull();

		// Only planners delete, and deleting takes the plan's deployments with it.
		expect((await (await as('leader')).rpc('delete_plan', { plan_id: saved.data! })).error?.code).toBe('42501');
		expect((await (await as('planner')).rpc('delete_plan', { plan_id: saved.data! })).error).toBeNull();
		expect((await (await as('planner')).rpc('list_plans')).data!.some((p) => p.id === saved.data)).toBe(false);
		const left = await db.query<{ n: number }>('select count(*)::int as n from public.deployments where plan_id = $1', [saved.data]);
		expect(left.rows[0]!.n).toBe(0);
		expect((await (await as('planner')).rpc('delete_plan', { plan_id: saved.data! })).error?.code).toBe('22023');
	});
});
