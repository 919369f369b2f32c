/**
 * Hot spots of cases for the planner page, computed on the server from what the caller may read:
 * for investigators exact counts per grid cell; for everyone else (and for any analysis shown
 * outside the app, tier "export") the cells of the protected case publication, whose grid is a
 * fixed ladder (0.8° … 0.05°) cut by province. Cells without a published count count as 0, so
 * every output is a function of the publication alone. Run with the caller's own rights.
 */
import bboxOf from '@turf/bbox';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { BandChoice } from '../../analysis/bandwidth';
import type { EmergingCategory } from '../../analysis/emerging';
import { chooseBandOff, emergingOff, giStarOff, kernelDensityOff } from './compute';
import { hexBin, hexFeatures, resolutionForEdge } from '../../analysis/hexbin';
import type { LonLat } from '../../analysis/points';
import type { Database, LayerCollection } from '../../supabase/database.types';
import { refusalStatus } from '../http/rpc';

export type Client = SupabaseClient<Database>;
export type { Bbox, CellProperties, HotspotCell, HotspotData, HotspotMethod, HotspotParams, HotspotResult, RecordScope } from '../../planning/types';
import type { Bbox, CellProperties, HotspotCell, HotspotData, HotspotParams, HotspotResult, RecordScope } from '../../planning/types';
/** Thrown for input the caller should correct: answered with 400 and the message. */
export class PlanningInputError extends Error {}

/** Not the caller's fault: the area and period have too few cases the caller may see (a state to show, not a 400). */
export class TooFewCasesError extends PlanningInputError {}

/** layer_geojson with the caller's rights; a refusal that is the request's fault (a bad argument) becomes a PlanningInputError. */
export async function layerGeojson(
	client: Client,
	args: Database['public']['Functions']['layer_geojson']['Args'],
	records: RecordScope = 'all'
): Promise<LayerCollection> {
	const approvedOnly = records === 'approved' && ['boarding_houses', 'outreach', 'model_sites', 'industrial_zones'].includes(args.layer);
	const { data, error } = await (approvedOnly ? client.rpc('approved_site_layer', args) : client.rpc('layer_geojson', args));
	if (error) throw refusalStatus(error.code) === 400 ? new PlanningInputError(error.message) : new Error(error.message);
	return data;
}

/** The polygons of the area: the unit, or every province. */
export async function areaUnits(client: Client, unit: string | null): Promise<AreaUnit[]> {
	const fc = await layerGeojson(client, { layer: 'admin_units', filters: unit ? { admin_unit: unit } : { level: 'province' } });
	const features = fc.features as Feature<Polygon | MultiPolygon, Record<string, unknown>>[];
	const own = unit ? features.filter((f) => f.properties.code === unit) : features;
	if (own.length === 0) throw new PlanningInputError(unit ? `unknown area "${unit}"` : 'no administrative units');
	return own;
}

/** Published cells an analysis wants before it settles on a cell size it was not given. */
const MIN_SHOWN_CELLS = 5;

/** A cell of about 10 km for the whole country, 5 km for a province, 2 km for a district. */
export function cellForArea(units: Feature<Polygon | MultiPolygon, Record<string, unknown>>[]): number {
	if (units.length > 1) return 0.1;
	return units[0]!.properties.level === 'province' ? 0.05 : 0.02;
}

/** Grid cells whose centre lies in the area. */
export function areaGrid(units: Feature<Polygon | MultiPolygon>[], cellDeg: number): { gx: number; gy: number; lon: number; lat: number }[] {
	const cells: { gx: number; gy: number; lon: number; lat: number }[] = [];
	const boxes = units.map((u) => bboxOf(u));
	const [w, s, e, n] = bboxOf({ type: 'FeatureCollection', features: units });
	for (let gx = Math.floor(w / cellDeg); gx * cellDeg < e; gx++) {
		for (let gy = Math.floor(s / cellDeg); gy * cellDeg < n; gy++) {
			const lon = (gx + 0.5) * cellDeg;
			const lat = (gy + 0.5) * cellDeg;
			const inside = units.some((u, i) => {
				const b = boxes[i]!;
				return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3] && booleanPointInPolygon([lon, lat], u);
			});
			if (inside) cells.push({ gx, gy, lon, lat });
		}
	}
	return cells;
}

const square = (gx: number, gy: number, d: number): Polygon => ({
	type: 'Polygon',
	coordinates: [
		[
			[gx * d, gy * d],
			[(gx + 1) * d, gy * d],
			[(gx + 1) * d, (gy + 1) * d],
			[gx * d, (gy + 1) * d],
			[gx * d, gy * d]
		]
	]
});

/** The centre of a hot-spot cell (a square as `square` draws it: corners 0 and 2 are opposite). */
export function cellCentre(cell: { geometry: Polygon }): LonLat {
	const ring = cell.geometry.coordinates[0]!;
	return { lon: (ring[0]![0]! + ring[2]![0]!) / 2, lat: (ring[0]![1]! + ring[2]![1]!) / 2 };
}

type AreaUnit = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

/** Counts per cell of the area, with the area's units (so further counts of the same area need not read them again). */
export interface CountedCells {
	cells: HotspotCell[];
	cellDeg: number;
	k: number;
	/** Exact counts (an investigator's view): no cell is held back. */
	exact?: boolean;
	area: Bbox;
	units: AreaUnit[];
	/** Site points known only to their commune, left out of a grid finer than a commune. */
	communeOnlyLeftOut?: number;
}

/** Case counts (or a point layer's) per cell of the area as the caller may see them. */
export async function caseCells(client: Client, params: HotspotParams, knownUnits?: AreaUnit[]): Promise<CountedCells> {
	const units = knownUnits ?? (await areaUnits(client, params.unit));
	const wanted = params.cellDeg ?? cellForArea(units);
	if (!(wanted >= 0.01 && wanted <= 2)) throw new PlanningInputError('cell size must lie between 0.01° and 2°');
	const area = bboxOf({ type: 'FeatureCollection', features: units }) as Bbox;
	if (params.data && params.data !== 'cases') {
		const grid = checkedGrid(units, wanted);
		return { ...(await pointCells(client, params, params.data, grid, wanted, area)), units };
	}
	const ask = (cell: number) =>
		layerGeojson(client, {
			layer: 'cases',
			bbox: area,
			filters: {
				aggregate: 'grid',
				cell_deg: cell,
				...(params.tier === 'export' ? { tier: 'export' } : {}),
				...(params.from ? { from: params.from } : {}),
				...(params.to ? { to: params.to } : {}),
				...(params.types.length ? { case_type: params.types } : {}),
				...(params.unit ? { admin_unit: params.unit } : {})
			}
		});
	let counts = await ask(wanted);
	// Where few cells of the chosen size are published, a size the planner did not fix grows up the
	// ladder until the map has something to say (still only published cells).
	// (never so far that the area holds fewer than 3 cells).
	for (;;) {
		const next = Math.min(0.8, (counts.cell_deg ?? wanted) * 2);
		if (params.cellDeg !== undefined || !counts.suppression_k || counts.features.length >= MIN_SHOWN_CELLS || next <= (counts.cell_deg ?? 2)) break;
		if (areaGrid(units, next).length < 3) break;
		counts = await ask(next);
	}
	// The publication answers on its own ladder: the grid follows the cell it used.
	const cellDeg = counts.cell_deg ?? wanted;
	const grid = checkedGrid(units, cellDeg);
	const shown = new Map<string, number>();
	for (const f of counts.features) {
		// A cell cut by a province border comes as one piece per province: their counts add up.
		const [gx, gy] = f.properties.cell as [number, number];
		shown.set(`${gx},${gy}`, (shown.get(`${gx},${gy}`) ?? 0) + Number(f.properties.count));
	}
	return {
		cells: grid.map((c) => ({ ...c, count: shown.get(`${c.gx},${c.gy}`) ?? null })),
		cellDeg,
		k: counts.suppression_k ?? 3,
		exact: !counts.suppression_k,
		area,
		units
	};
}

/** The grid cells of the area, refused when too few or too many for an analysis. */
function checkedGrid(units: AreaUnit[], cellDeg: number) {
	const grid = areaGrid(units, cellDeg);
	if (grid.length < 3) throw new PlanningInputError('the area holds fewer than 3 grid cells: choose a smaller cell');
	if (grid.length > 60_000) throw new PlanningInputError(`${grid.length} grid cells: choose a larger cell for this area`);
	return grid;
}

/** Cells smaller than this (degrees, about 5.5 km: a commune's width) are finer than a commune. */
const COMMUNE_CELL_DEG = 0.05;

/** Counts of a point layer per cell (no suppression: these layers are not about people). */
async function pointCells(
	client: Client,
	params: HotspotParams,
	layer: Exclude<HotspotData, 'cases'>,
	grid: { gx: number; gy: number; lon: number; lat: number }[],
	cellDeg: number,
	area: Bbox
) {
	const points = await layerGeojson(
		client,
		{
			layer,
			bbox: area,
			filters: {
				...(layer === 'outreach' && params.from ? { from: params.from } : {}),
				...(layer === 'outreach' && params.to ? { to: params.to } : {}),
				...(params.unit ? { admin_unit: params.unit } : {})
			}
		},
		params.records
	);
	const counts = new Map<string, number>();
	// A point known only to its commune's centre says nothing about a cell smaller than the commune.
	const fine = cellDeg < COMMUNE_CELL_DEG;
	let communeOnlyLeftOut = 0;
	for (const f of points.features) {
		if (fine && f.properties?.location_source === 'commune') {
			communeOnlyLeftOut++;
			continue;
		}
		const [lon, lat] = (f.geometry as Point).coordinates as [number, number];
		const key = `${Math.floor(lon / cellDeg)},${Math.floor(lat / cellDeg)}`;
		counts.set(key, (counts.get(key) ?? 0) + (layer === 'boarding_houses' ? Number(f.properties.workers) || 0 : 1));
	}
	return { cells: grid.map((c) => ({ ...c, count: counts.get(`${c.gx},${c.gy}`) || null })), cellDeg, k: 0, area, communeOnlyLeftOut };
}

/** The distance band of Gi*: the planner's, or the one ArcGIS Optimized Hot Spot Analysis would choose (in a worker). */
async function bandFor(points: LonLat[], values: Float64Array, bandKm: number | undefined): Promise<BandChoice> {
	return bandKm ? { bandKm, method: 'peak', reason: `${bandKm} km, set by the planner`, profile: [] } : chooseBandOff(points, values);
}

/** @param counted the area's counts when the caller has them already (the patrol planner does) */
export async function runHotspots(client: Client, params: HotspotParams, counted?: CountedCells): Promise<HotspotResult> {
	const records = params.data && params.data !== 'cases' ? (params.records ?? 'all') : 'all';
	const cells = counted ?? (await caseCells(client, params));
	const leftOut = cells.communeOnlyLeftOut ? { communeOnlyLeftOut: cells.communeOnlyLeftOut } : {};
	return { ...(await hotspotsOf(client, params, cells)), records, ...leftOut };
}

async function hotspotsOf(client: Client, params: HotspotParams, counted: CountedCells): Promise<Omit<HotspotResult, 'records'>> {
	const { cells, cellDeg, k, area, units } = counted;
	const points: LonLat[] = cells.map((c) => ({ lon: c.lon, lat: c.lat }));
	const values = Float64Array.from(cells, (c) => c.count ?? 0);
	const casesShown = values.reduce((a, b) => a + b, 0);
	if (casesShown === 0) throw new TooFewCasesError('no cell of this area and period has at least k cases: widen the period, the area or the cell');
	const feature = (c: HotspotCell, props: Omit<CellProperties, 'count'>) => ({
		type: 'Feature' as const,
		geometry: square(c.gx, c.gy, cellDeg),
		properties: { count: c.count, ...props }
	});
	if (params.method === 'hex') {
		// H3 hexagons summing the shown cell counts (each ≥ k), so no hexagon reveals a small count.
		const resolution = params.resolution ?? resolutionForEdge(cellDeg * 111 * 1.5);
		if (!Number.isInteger(resolution) || resolution < 0 || resolution > 12) throw new PlanningInputError('H3 resolution must be a whole number from 0 to 12');
		const shownCells = cells.filter((c) => c.count);
		const bins = hexBin(
			shownCells,
			resolution,
			shownCells.map((c) => c.count!)
		);
		const hexes = hexFeatures(bins);
		return {
			method: 'hex',
			cellDeg,
			suppressionK: k,
			resolution,
			cells: { type: 'FeatureCollection', features: hexes.features.map((f) => ({ ...f, properties: { count: f.properties.total } })) },
			area,
			casesShown
		};
	}
	if (params.method === 'kde') {
		// A KDE grid aligned on the cells, so each cell reads the density at its own centre.
		const gx0 = Math.min(...cells.map((c) => c.gx));
		const gy0 = Math.min(...cells.map((c) => c.gy));
		const gx1 = Math.max(...cells.map((c) => c.gx)) + 1;
		const gy1 = Math.max(...cells.map((c) => c.gy)) + 1;
		const grid = await kernelDensityOff(points, { bbox: [gx0 * cellDeg, gy0 * cellDeg, gx1 * cellDeg, gy1 * cellDeg], cellDeg, weights: values });
		const density = (c: HotspotCell) => grid.values[(c.gy - gy0) * grid.columns + (c.gx - gx0)] ?? 0;
		return {
			method: 'kde',
			cellDeg,
			suppressionK: k,
			bandwidthKm: grid.bandwidthKm,
			cells: { type: 'FeatureCollection', features: cells.map((c) => feature(c, { density: density(c) })).filter((f) => (f.properties.density ?? 0) > 0) },
			area,
			casesShown
		};
	}
	if (params.method === 'emerging') {
		const slices = params.slices ?? [];
		if (slices.length < 3 || slices.length > 20) throw new PlanningInputError('an emerging-trend analysis needs 3 to 20 time slices');
		const series = await Promise.all(slices.map((slice) => caseCells(client, { ...params, from: slice.from, to: slice.to, cellDeg }, units)));
		const values = series.map((sl) => Float64Array.from(sl.cells, (c) => c.count ?? 0));
		const band = await bandFor(
			points,
			Float64Array.from(points, (_, i) => values.reduce((sum, v) => sum + v[i]!, 0)),
			params.bandKm
		);
		const result = await emergingOff(points, values, band.bandKm);
		const categoryCounts: Partial<Record<EmergingCategory, number>> = {};
		result.category.forEach((c) => (categoryCounts[c] = (categoryCounts[c] ?? 0) + 1));
		return {
			method: 'emerging',
			cellDeg,
			suppressionK: k,
			band,
			categoryCounts,
			cells: {
				type: 'FeatureCollection',
				features: cells
					.map((c, i) => feature(c, { category: result.category[i]!, trend: result.trend[i]!.trend, reason: result.reason[i]! }))
					.filter((f) => f.properties.category !== 'none')
			},
			area,
			casesShown
		};
	}
	const band = await bandFor(points, values, params.bandKm);
	const gi = await giStarOff(points, values, { neighbourhood: { kind: 'distance', bandKm: band.bandKm }, fdr: true });
	const classCounts: Record<string, number> = { '3': 0, '2': 0, '1': 0, '0': 0, '-1': 0, '-2': 0, '-3': 0 };
	let hotByNeighbours = 0;
	const features = cells.map((c, i) => {
		const cls = gi.classes[i]!;
		classCounts[String(cls)]!++;
		// Hot although the cell itself shows nothing: its neighbours made it so (said on the map).
		const byNeighbours = cls > 0 && !c.count;
		if (byNeighbours) hotByNeighbours++;
		return feature(c, { z: Number(gi.z[i]!.toFixed(3)), p: Number(gi.p[i]!.toPrecision(3)), class: cls, ...(byNeighbours ? { byNeighbours: true } : {}) });
	});
	return { method: 'gistar', cellDeg, suppressionK: k, band, classCounts, hotByNeighbours, cells: { type: 'FeatureCollection', features }, area, casesShown };
}
