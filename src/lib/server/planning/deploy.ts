/**
 * The deployment planner: where k patrol or propaganda teams should go during a campaign to cover
 * the most demand, solved with the analysis engine (maximal covering, exact with HiGHS or fast), the
 * value of each extra team, and a weekly schedule. Inputs are read with the caller's rights.
 *
 * Demand: for patrols, case counts per grid cell as the caller may see them (cells below k count 0);
 * for propaganda teams, boarding-house workers. Candidates: border points every 10 km, gates,
 * trail ends and Gi* hot-spot cells (patrol); district centres, boarding-house clusters and
 * industrial zones (propaganda).
 */
import { explainReach } from '$lib/analysis/reach';
import bboxOf from '@turf/bbox';
import type { Feature, LineString, MultiLineString, Point, Polygon, MultiPolygon } from 'geojson';
import centroid from '@turf/centroid';
import { namePlaces, patrolCandidates, propagandaCandidates, type Candidate } from '../../analysis/candidates';
import { validateProblem, type McLpProblem } from '../../analysis/mclp';
import { planOff } from './compute';
import { campaignWeeks, scheduleTeams, type Schedule } from '../../analysis/schedule';
import { haversineKm, type LonLat } from '../../analysis/points';
export type { PlanParams, PlanResult } from '../../planning/types';
import type { PlanParams, PlanResult } from '../../planning/types';
import { areaUnits, caseCells, layerGeojson, cellCentre, PlanningInputError, runHotspots, TooFewCasesError, type Bbox, type Client } from './hotspots';

const inBox = (p: LonLat, [w, s, e, n]: Bbox, pad = 0.05) => p.lon >= w - pad && p.lon <= e + pad && p.lat >= s - pad && p.lat <= n + pad;

const layer = (client: Client, name: 'border_lines' | 'border_gates' | 'boarding_houses' | 'industrial_zones' | 'admin_units', bbox: Bbox, filters = {}) =>
	layerGeojson(client, { layer: name, bbox, filters });

/** Named points of a layer (gates, zones) as landmarks. */
function named(features: Feature<Point, Record<string, unknown>>[], property: string) {
	return features
		.filter((f) => f.properties[property])
		.map((f) => ({ lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]!, name: String(f.properties[property]) }));
}

/** Checks the planner's numbers; each problem is named. */
export function checkPlanParams(p: PlanParams): void {
	if (!Number.isInteger(p.k) || p.k < 1 || p.k > 100) throw new PlanningInputError(`number of sites k must be a whole number from 1 to 100, got ${p.k}`);
	if (!(p.radiusKm > 0 && p.radiusKm <= 100)) throw new PlanningInputError(`radius must lie between 0 and 100 km, got ${p.radiusKm}`);
	if (!Number.isInteger(p.teams) || p.teams < 1 || p.teams > p.k)
		throw new PlanningInputError(`teams must be a whole number from 1 to k = ${p.k}, got ${p.teams}`);
	if (!/^\d{4}-\d{2}-\d{2}$/.test(p.from) || !/^\d{4}-\d{2}-\d{2}$/.test(p.to) || p.to < p.from)
		throw new PlanningInputError('the period needs a first and a last day (YYYY-MM-DD), the last not before the first');
	if (p.capacity !== undefined && !(p.capacity > 0 && Number.isFinite(p.capacity)))
		throw new PlanningInputError(`the capacity of a site must be a positive number, got ${p.capacity}`);
	if (p.seed !== undefined && !(Number.isInteger(p.seed) && p.seed >= 1 && p.seed < 2 ** 31))
		throw new PlanningInputError(`the rotation seed must be a whole number from 1, got ${p.seed}`);
	const both = p.pinned.filter((id) => p.forbidden.includes(id));
	if (both.length) throw new PlanningInputError(`site ${both[0]} is both pinned and forbidden`);
	if (p.pinned.length > p.k) throw new PlanningInputError(`${p.pinned.length} pinned sites do not fit in k = ${p.k}`);
	const weeks = campaignWeeks(p.from, p.to).length;
	if (p.k > p.teams * weeks) throw new PlanningInputError(`${p.k} sites cannot be visited by ${p.teams} teams in ${weeks} weeks (one site per team a week)`);
}

/**
 * Places with cases (published cells) a patrol plan needs before it is drawn: fewer say nothing of
 * where cases are (the same floor as the fewest grid cells a hot-spot analysis runs on).
 */
export const MIN_PATROL_PLACES = 3;

export async function solvePlan(client: Client, input: PlanParams): Promise<PlanResult> {
	let params = input;
	checkPlanParams(params);
	const units = await areaUnits(client, params.unit);
	const area = bboxOf({ type: 'FeatureCollection', features: units }) as Bbox;
	let demand: (LonLat & { weight: number; label: string })[];
	let candidates: Candidate[];
	if (params.teamType === 'patrol') {
		const period = { from: params.from, to: params.to, types: params.types, unit: params.unit, method: 'gistar' as const };
		// One read of the case counts serves both the demand and the hot-spot candidates.
		const [counted, lines, gates, districts] = await Promise.all([
			caseCells(client, period, units),
			layer(client, 'border_lines', area),
			layer(client, 'border_gates', area, { kind: 'gate' }),
			layer(client, 'admin_units', area, { level: 'district', ...(params.unit ? { admin_unit: params.unit } : {}) })
		]);
		const cells = counted.cells;
		const hot = await runHotspots(client, period, counted).catch((e) => {
			if (e instanceof PlanningInputError) return null;
			throw e;
		});
		demand = cells.filter((c) => c.count).map((c) => ({ lon: c.lon, lat: c.lat, weight: c.count!, label: `${c.count} cases` }));
		// A plan on a handful of places follows chance, not where cases are: say so instead of drawing one.
		if (demand.length > 0 && demand.length < MIN_PATROL_PLACES)
			throw new TooFewCasesError(
				`only ${demand.length} cells of this area and period show cases${counted.exact ? '' : ` (a cell with fewer than ${counted.k} is not shown and cannot be counted)`}: a patrol plan needs at least ${MIN_PATROL_PLACES} to follow where cases are rather than chance — widen the period, the area or the case types`
			);
		const hotspots = (hot?.cells.features ?? []).filter((f) => (f.properties.class ?? 0) >= 2).map(cellCentre);
		candidates = patrolCandidates({
			borderLines: lines.features.filter((f) => f.properties.kind === 'border_line') as Feature<LineString | MultiLineString, { country?: string }>[],
			trails: lines.features.filter((f) => f.properties.kind === 'trail' && f.geometry.type === 'LineString') as Feature<LineString, { name?: string }>[],
			gates: gates.features as Feature<Point, { name?: string }>[],
			hotspots
		}).filter((c) => inBox(c, area));
		candidates = namePlaces(
			candidates,
			districts.features as Feature<Polygon | MultiPolygon, { name?: string }>[],
			named(gates.features as Feature<Point, Record<string, unknown>>[], 'name'),
			10
		);
	} else {
		const [houses, zones, districts] = await Promise.all([
			layer(client, 'boarding_houses', area, params.unit ? { admin_unit: params.unit } : {}),
			layer(client, 'industrial_zones', area, params.unit ? { admin_unit: params.unit } : {}),
			layer(client, 'admin_units', area, { level: 'district', ...(params.unit ? { admin_unit: params.unit } : {}) })
		]);
		const points = (houses.features as Feature<Point, Record<string, unknown>>[]).map((f) => ({
			lon: f.geometry.coordinates[0]!,
			lat: f.geometry.coordinates[1]!,
			workers: Number(f.properties.workers) || 0,
			label: String(f.properties.label)
		}));
		demand = points.filter((p) => p.workers > 0).map((p) => ({ lon: p.lon, lat: p.lat, weight: p.workers, label: p.label }));
		candidates = propagandaCandidates({
			units: districts.features as Feature<Polygon | MultiPolygon, { code?: string; name?: string }>[],
			boardingHouses: points,
			industrialZones: zones.features as Feature<Polygon | MultiPolygon, { name?: string }>[]
		});
		// A cluster is named by the zone beside it, else by its biggest boarding house.
		const zoneMarks = (zones.features as Feature<Polygon | MultiPolygon, Record<string, unknown>>[]).map((z) => {
			const [lon, lat] = centroid(z).geometry.coordinates;
			return { lon: lon!, lat: lat!, name: String(z.properties.name ?? '') };
		});
		const houseMarks = [...points].sort((a, b) => b.workers - a.workers).map((p) => ({ lon: p.lon, lat: p.lat, name: p.label }));
		candidates = namePlaces(
			candidates,
			districts.features as Feature<Polygon | MultiPolygon, { name?: string }>[],
			[...zoneMarks, ...houseMarks].filter((m) => m.name),
			2
		);
	}
	if (demand.length === 0)
		throw new PlanningInputError(params.teamType === 'patrol' ? 'no case counts to cover in this area and period' : 'no boarding houses in this area');
	const keep = (params.keep ?? []).map((s, i) => {
		if (!Number.isFinite(s.lon) || !Number.isFinite(s.lat) || Math.abs(s.lon) > 180 || Math.abs(s.lat) > 90)
			throw new PlanningInputError(`kept site ${i + 1} has no valid coordinates`);
		return { lon: s.lon, lat: s.lat, id: `existing-${i}`, kind: 'existing' as const, label: String(s.label || `site ${i + 1}`) };
	});
	candidates = [...keep, ...candidates];
	params = { ...params, pinned: [...new Set([...keep.map((c) => c.id), ...params.pinned])] };
	if (params.pinned.length > params.k) throw new PlanningInputError(`${params.pinned.length} kept and pinned sites do not fit in k = ${params.k}`);
	const ids = new Map(candidates.map((c, i) => [c.id, i]));
	const indexOf = (id: string) => {
		const i = ids.get(id);
		if (i === undefined) throw new PlanningInputError(`site ${id} is not a candidate of this plan`);
		return i;
	};
	const problem: McLpProblem = {
		demand,
		candidates,
		radiusKm: params.radiusKm,
		k: Math.min(params.k, candidates.length - params.forbidden.length),
		fixed: params.pinned.map(indexOf),
		forbidden: params.forbidden.map(indexOf)
	};
	if (problem.k < 1) throw new PlanningInputError('no candidate sites left to choose');
	try {
		validateProblem(problem);
	} catch (e) {
		throw new PlanningInputError((e as Error).message);
	}
	// The covered share with 1 … 2k sites (same pins and exclusions): the marginal-value curve.
	const marginalKs: number[] = [];
	for (let k = Math.max(1, params.pinned.length); k <= Math.min(2 * params.k, candidates.length - params.forbidden.length); k++) marginalKs.push(k);
	const { solution, marginal } = await planOff(params.capacity ? { ...problem, capacity: params.capacity } : problem, params.exact, 20, marginalKs);
	// What each site covers: with a capacity, what it serves in the best sharing of the demand.
	const chosen = solution.chosen.map((j, n) => {
		const c = candidates[j]!;
		const covered = solution.served ? solution.served[n]! : demand.reduce((sum, d) => sum + (haversineKm(c, d) <= params.radiusKm ? d.weight : 0), 0);
		return { ...c, covered };
	});
	const uncovered = demand
		.filter((d) => !chosen.some((c) => haversineKm(c, d) <= params.radiusKm))
		.sort((a, b) => b.weight - a.weight)
		.slice(0, 20);
	const forbidden = new Set(problem.forbidden);
	const reach = explainReach(
		demand,
		candidates.filter((_, j) => !forbidden.has(j)),
		params.radiusKm,
		marginal
	);
	const weeks = campaignWeeks(params.from, params.to);
	let schedule: Schedule;
	try {
		// Patrols rotate in a drawn order (reproducible from its seed); propaganda teams follow their route.
		schedule = scheduleTeams(chosen, Math.min(params.teams, chosen.length), weeks, params.teamType === 'patrol' ? { seed: params.seed ?? 1 } : {});
	} catch (e) {
		throw new PlanningInputError((e as Error).message);
	}
	return {
		params,
		candidates,
		chosen,
		covered: solution.covered,
		total: solution.total,
		share: solution.total ? solution.covered / solution.total : 1,
		optimal: solution.optimal,
		gap: solution.gap,
		method: solution.method,
		seconds: solution.seconds,
		...(solution.fallback ? { fallback: solution.fallback } : {}),
		marginal,
		uncovered,
		reach,
		demandCount: demand.length,
		schedule,
		area
	};
}
