/**
 * Coverage gaps: which boarding-house workers no outreach reaches. Demand is the workers of each
 * boarding house of the area; reach is every outreach activity held in the period (radius per form)
 * and every active model site (radius per kind), radii from the vocabularies (reach_km). Read with
 * the caller's rights, from all site records or approved ones only.
 */
import type { Feature, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import { coverage, type CoverageResult, type DemandPoint, type ServiceSite } from '../../analysis/coverage';
import { borderReached, borderUnits } from '../../analysis/border';
export type { CoverageParams, CoverageReport, DistrictCoverage, ModeCoverage } from '../../planning/types';
import {
	DEFAULT_DEMAND_WEIGHTS,
	type CoverageParams,
	type CoverageReport,
	type DemandKind,
	type DemandPart,
	type DemandWeights,
	type ModeCoverage
} from '../../planning/types';
import type { Vocabularies } from '../../supabase/shapes';
import { cellCentre, layerGeojson, PlanningInputError, runHotspots, TooFewCasesError, type Client } from './hotspots';

const xy = (f: Feature) => (f.geometry as Point).coordinates as [number, number];

type Site = ServiceSite & { mode: string };
type Unit = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

/** One kind of demand: its places' weights, what reaches each place, and why it may be empty. */
interface Demand {
	kind: DemandKind;
	weights: number[];
	/** Whether each place is reached by the sites; `houses` is the workers' coverage by those same sites, which every caller has already worked out. */
	reached: (sites: Site[], houses: CoverageResult) => boolean[];
	absent?: DemandPart['absent'];
}

const reachedFlags = (result: CoverageResult) => Array.from(result.reach, (n) => n > 0);

/** What a set of sites covers of one kind of demand. */
function partOf(d: Demand, weight: number, flags: boolean[]): DemandPart {
	let total = 0;
	let covered = 0;
	let placesCovered = 0;
	d.weights.forEach((w, i) => {
		total += w;
		if (flags[i]) {
			covered += w;
			placesCovered++;
		}
	});
	return {
		kind: d.kind,
		weight,
		total,
		covered,
		places: d.weights.length,
		placesCovered,
		share: total > 0 ? covered / total : null,
		...(total > 0 ? {} : { absent: d.absent })
	};
}

/** Σ weight × share / Σ weight over the kinds weighted and present; null when none is. */
function weighted(parts: DemandPart[]): number | null {
	const counted = parts.filter((p) => p.weight > 0 && p.share !== null);
	const sum = counted.reduce((a, p) => a + p.weight, 0);
	return sum > 0 ? counted.reduce((a, p) => a + p.weight * p.share!, 0) / sum : null;
}

/** The finest units the data has in each place: those no other unit names as its parent. */
function leaves(units: Unit[]): Unit[] {
	const parents = new Set(units.map((u) => u.properties.parent).filter(Boolean));
	return units.filter((u) => !parents.has(u.properties.code));
}

/** Hot spots of cases (Gi*, 90 % or more) as demand: each hot cell's centre, weighed by its z-score. */
async function hotDemand(client: Client, params: CoverageParams): Promise<{ cells: { lon: number; lat: number; z: number }[]; absent?: DemandPart['absent'] }> {
	try {
		const result = await runHotspots(client, {
			from: params.from,
			to: params.to,
			types: [],
			unit: params.unit,
			method: 'gistar',
			...(params.tier ? { tier: params.tier } : {})
		});
		const cells = result.cells.features.filter((f) => (f.properties.class ?? 0) >= 1).map((f) => ({ ...cellCentre(f), z: f.properties.z ?? 0 }));
		return cells.length ? { cells } : { cells, absent: 'no_hot_spots' };
	} catch (e) {
		if (e instanceof TooFewCasesError) return { cells: [], absent: 'too_few_cases' };
		throw e;
	}
}

/** Refuses weights that are not 0–100 each with at least one above 0. */
export function checkWeights(weights: DemandWeights): void {
	for (const [kind, w] of Object.entries(weights))
		if (!(typeof w === 'number' && Number.isFinite(w) && w >= 0 && w <= 100))
			throw new PlanningInputError(`weights.${kind} must be a number from 0 to 100, got ${String(w)}`);
	if (!Object.values(weights).some((w) => w > 0)) throw new PlanningInputError('at least one kind of demand needs a weight above 0');
}

export async function runCoverage(client: Client, params: CoverageParams): Promise<CoverageReport> {
	const weights = params.weights ?? DEFAULT_DEMAND_WEIGHTS;
	checkWeights(weights);
	const scope = params.unit ? { admin_unit: params.unit } : {};
	const period = { ...(params.from ? { from: params.from } : {}), ...(params.to ? { to: params.to } : {}) };
	const records = params.records ?? 'all';
	const [houses, outreach, sites, units, lines, reachKm, vocabularies, hot] = await Promise.all([
		layerGeojson(client, { layer: 'boarding_houses', filters: scope }, records),
		layerGeojson(client, { layer: 'outreach', filters: { ...scope, ...period } }, records),
		layerGeojson(client, { layer: 'model_sites', filters: scope }, records),
		layerGeojson(client, { layer: 'admin_units', filters: scope }),
		layerGeojson(client, { layer: 'border_lines', filters: { kind: ['border_line'] } }),
		client.rpc('reach_km'),
		client.rpc('record_vocabularies'),
		weights.hotspots > 0 ? hotDemand(client, params) : Promise.resolve(null)
	]);
	if (reachKm.error) throw new Error(reachKm.error.message);
	if (vocabularies.error) throw new Error(vocabularies.error.message);
	const allUnits = units.features as Unit[];
	const names = new Map(allUnits.map((f) => [String(f.properties.code), String(f.properties.name)]));
	const houseDemand: (DemandPoint & { label: string; unit: string })[] = houses.features.map((f, i) => {
		const [lon, lat] = xy(f);
		return {
			id: String(f.id ?? i),
			lon,
			lat,
			weight: Number(f.properties.workers) || 0,
			label: String(f.properties.label),
			unit: String(f.properties.admin_unit)
		};
	});
	const levelUnits = leaves(allUnits);
	const border = borderUnits(levelUnits, lines.features as Feature<LineString | MultiLineString>[]);
	const borderFeatures = new Map(levelUnits.map((u) => [String(u.properties.code), u]));
	const borderPlaces = border.map((b) => ({ ...b, feature: borderFeatures.get(b.code)! }));
	const hotCells = hot?.cells ?? [];
	const hotPoints = hotCells.map((c, i) => ({ id: `h${i}`, lon: c.lon, lat: c.lat, weight: c.z }));
	const demands: Demand[] = [
		{ kind: 'workers', weights: houseDemand.map((d) => d.weight), reached: (_, houses) => reachedFlags(houses), absent: 'no_houses' },
		{ kind: 'border', weights: border.map(() => 1), reached: (s) => borderReached(borderPlaces, s), absent: 'no_border' },
		{ kind: 'hotspots', weights: hotPoints.map((h) => h.weight), reached: (s) => reachedFlags(coverage(hotPoints, s)), absent: hot?.absent }
	];
	if (!demands.some((d) => weights[d.kind] > 0 && d.weights.some((w) => w > 0)))
		throw new PlanningInputError(
			houseDemand.length === 0 && weights.border === 0 && weights.hotspots === 0
				? 'no boarding houses in this area'
				: 'nothing to reach in this area for the kinds of demand weighted'
		);
	const reach: Site[] = [
		...outreach.features.map((f, i) => {
			const [lon, lat] = xy(f);
			const form = String(f.properties.form);
			return { id: `o${i}`, lon, lat, radiusKm: reachKm.data.forms[form] ?? 1, mode: `form:${form}` };
		}),
		...sites.features
			.filter((f) => f.properties.active)
			.map((f, i) => {
				const [lon, lat] = xy(f);
				const kind = String(f.properties.kind);
				return { id: `s${i}`, lon, lat, radiusKm: reachKm.data.sites[kind] ?? 1, mode: `site:${kind}` };
			})
	];
	const result = coverage(houseDemand, reach);
	const flags = demands.map((d) => d.reached(reach, result));
	const parts = demands.map((d, i) => partOf(d, weights[d.kind], flags[i]!));
	const modes = coverageByMode(houseDemand, demands, weights, reach, result.reach, reachKm.data, vocabularies.data);
	const byUnit = new Map<string, { workers: number; covered: number }>();
	houseDemand.forEach((d, i) => {
		const u = byUnit.get(d.unit) ?? { workers: 0, covered: 0 };
		u.workers += d.weight;
		if (result.reach[i]! > 0) u.covered += d.weight;
		byUnit.set(d.unit, u);
	});
	const districts = [...byUnit]
		.map(([code, u]) => ({ code, name: names.get(code) ?? code, workers: u.workers, covered: u.covered, share: u.workers ? u.covered / u.workers : 1 }))
		.sort((a, b) => b.workers - b.covered - (a.workers - a.covered) || a.code.localeCompare(b.code));
	const outreachCount = outreach.features.length;
	return {
		totalWorkers: result.totalWeight,
		coveredWorkers: result.coveredWeight,
		share: result.share,
		demand: houseDemand.map((d, i) => ({
			lon: d.lon,
			lat: d.lat,
			workers: d.weight,
			label: d.label,
			unit: names.get(d.unit) ?? d.unit,
			covered: result.reach[i]! > 0
		})),
		reach: reach.map((r, i) => ({ lon: r.lon, lat: r.lat, radiusKm: r.radiusKm, kind: i < outreachCount ? 'outreach' : 'model_site', mode: r.mode })),
		districts,
		uncovered: result.uncovered.slice(0, 20).map((d) => {
			const full = houseDemand.find((x) => x.id === d.id)!;
			return { label: full.label, unit: names.get(full.unit) ?? full.unit, workers: full.weight, lon: full.lon, lat: full.lat };
		}),
		activities: outreachCount,
		sites: reach.length - outreachCount,
		modes,
		records,
		weights,
		parts,
		weightedShare: weighted(parts),
		housesWithoutWorkers: houseDemand.filter((d) => d.weight === 0).length,
		borderUnits: border.map((b, i) => ({ code: b.code, name: b.name, lon: b.lon, lat: b.lat, covered: flags[1]![i]! })),
		hotCells: hotCells.map((c, i) => ({ ...c, covered: flags[2]![i]! }))
	};
}

/**
 * Coverage by mode (each outreach form, each model-site kind with its own reach): the workers each
 * reaches, and those only it reaches (what the area would lose without it), and its share of every
 * kind of demand and of the weighted one. Every mode is listed, those with nothing in the area too: a
 * form never used here is a gap of its own.
 */
function coverageByMode(
	houses: DemandPoint[],
	demands: Demand[],
	weights: DemandWeights,
	reach: Site[],
	overall: Int32Array,
	radii: { forms: Record<string, number>; sites: Record<string, number> },
	vocabularies: Vocabularies
): ModeCoverage[] {
	const total = houses.reduce((a, d) => a + d.weight, 0);
	const all = [
		...vocabularies.form.map((o) => ({ mode: `form:${o.code}`, kind: 'form' as const, option: o, radiusKm: radii.forms[o.code] ?? 1 })),
		...vocabularies.kind.map((o) => ({ mode: `site:${o.code}`, kind: 'site' as const, option: o, radiusKm: radii.sites[o.code] ?? 1 }))
	];
	return all.map(({ mode, kind, option, radiusKm }) => {
		const own = reach.filter((r) => r.mode === mode);
		const result = coverage(houses, own);
		let only = 0;
		houses.forEach((d, i) => {
			if (result.reach[i]! > 0 && result.reach[i] === overall[i]) only += d.weight;
		});
		const parts = demands.map((d) => partOf(d, weights[d.kind], d.reached(own, result)));
		return {
			kind,
			code: option.code,
			name: { vi: option.vi, en: option.en },
			radiusKm,
			count: own.length,
			coveredWorkers: result.coveredWeight,
			share: total ? result.coveredWeight / total : 0,
			onlyWorkers: only,
			parts: Object.fromEntries(parts.map((p) => [p.kind, p.share])) as Record<DemandKind, number | null>,
			weightedShare: weighted(parts)
		};
	});
}
