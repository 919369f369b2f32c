/**
 * What the planner's analyses take and answer (/api/hotspots, /api/plan, /api/coverage): shared by
 * the server modules that compute them and the pages that show them.
 */
import type { FeatureCollection, Polygon } from 'geojson';
import type { BandChoice } from '$lib/analysis/bandwidth';
import type { Candidate } from '$lib/analysis/candidates';
import type { EmergingCategory, EmergingReason } from '$lib/analysis/emerging';
import type { LonLat } from '$lib/analysis/points';
import type { Schedule } from '$lib/analysis/schedule';
import type { ReachExplanation } from '$lib/analysis/reach';
import type { Transition } from '$lib/analysis/compare';

export type Bbox = [number, number, number, number];

/** What is counted per cell: cases (suppressed aggregates), or any point layer of the map. */
export type HotspotData = 'cases' | 'outreach' | 'boarding_houses' | 'model_sites';

export interface HotspotParams {
	/** Cases by default; boarding houses count their workers, the others their records. */
	data?: HotspotData;
	from: string | null;
	to: string | null;
	types: string[];
	/** Province or district code; null: the whole country. */
	unit: string | null;
	/** Grid cell in degrees; chosen for the area when absent. */
	cellDeg?: number;
	/** Gi* distance band in km; chosen as ArcGIS Optimized Hot Spot Analysis does when absent. */
	bandKm?: number;
	method: HotspotMethod;
	/** H3 resolution for method "hex"; chosen for the cell size when absent. */
	resolution?: number;
	/** Time slices for method "emerging" (e.g. the peak campaign of each year), oldest first. */
	slices?: { from: string; to: string }[];
	/** Site layers: all records, or approved ones only (cases are not approved). */
	records?: RecordScope;
	/** Case counts as the app shows them ("screen"), or as shown outside the app ("export"). */
	tier?: 'screen' | 'export';
}

/** Which site records an analysis counts. */
export type RecordScope = 'all' | 'approved';

export type HotspotMethod = 'gistar' | 'kde' | 'hex' | 'emerging';

export interface HotspotCell {
	gx: number;
	gy: number;
	lon: number;
	lat: number;
	/** Shown count, or null when the cell has fewer than k (or no) cases. */
	count: number | null;
}

export interface CellProperties {
	count: number | null;
	z?: number;
	p?: number;
	class?: number;
	density?: number;
	category?: EmergingCategory;
	/** Mann–Kendall trend of the Gi* z-scores: 1 up, −1 down, 0 none. */
	trend?: number;
	/** Emerging: what decided the category (hot and cold steps of all, the final run, the trend). */
	reason?: EmergingReason;
	/** Gi*: hot although the cell itself shows no count — its neighbours made it so. */
	byNeighbours?: boolean;
}

export interface HotspotResult {
	method: HotspotMethod;
	cellDeg: number;
	suppressionK: number;
	/** Cells as polygons with count, z, p and class (Gi*), density (KDE), H3 hexagons (hex) or emerging categories. */
	cells: FeatureCollection<Polygon, CellProperties>;
	resolution?: number;
	/** Number of cells per emerging category. */
	categoryCounts?: Partial<Record<EmergingCategory, number>>;
	band?: BandChoice;
	bandwidthKm?: number;
	/** Gi*: hot cells that show no count of their own (hot only because of their neighbours). */
	hotByNeighbours?: number;
	/** Site points known only to their commune, left out of a grid finer than a commune. */
	communeOnlyLeftOut?: number;
	/** Number of cells per Gi* class, '3' … '-3'. */
	classCounts?: Record<string, number>;
	area: Bbox;
	casesShown: number;
	/** The site records counted (cases: always all, they are not approved). */
	records: RecordScope;
}

export interface PlanParams {
	teamType: 'patrol' | 'propaganda';
	/** Sites to choose (pinned ones included). */
	k: number;
	radiusKm: number;
	/** Teams that visit the chosen sites over the campaign weeks. */
	teams: number;
	from: string;
	to: string;
	unit: string | null;
	types: string[];
	exact: boolean;
	pinned: string[];
	forbidden: string[];
	/** Sites already deployed (e.g. of a saved plan) that stay: added as candidates and always chosen. */
	keep?: { label: string; lon: number; lat: number }[];
	/** Patrols: the seed of their drawn rotation (1 when not given; the same seed, the same weeks). */
	seed?: number;
	/** Most demand one site serves (workers a team reaches over the campaign); none: no limit. */
	capacity?: number;
}

export interface PlanResult {
	params: PlanParams;
	candidates: Candidate[];
	chosen: (Candidate & { covered: number })[];
	covered: number;
	total: number;
	share: number;
	optimal: boolean;
	gap: number;
	method: 'exact' | 'heuristic';
	seconds: number;
	/** An exact plan asked for, the fast plan given: why (the solver failed, or found less in its time). */
	fallback?: string;
	/** Covered share with 1 … 2k sites (same pins and exclusions), for the marginal-value curve. */
	marginal: { k: number; share: number }[];
	/** The heaviest demand no chosen site reaches. */
	uncovered: (LonLat & { weight: number; label: string })[];
	/** What no number of teams reaches at this radius, the radius that reaches all, the sites that cover what can be. */
	reach: ReachExplanation;
	demandCount: number;
	schedule: Schedule;
	area: Bbox;
}

/** Gi* hot spots of two periods compared cell by cell (src/lib/server/planning/compare.ts). */
export interface HotspotComparison {
	first: { from: string; to: string; casesShown: number; hot: number };
	second: { from: string; to: string; casesShown: number; hot: number };
	cellDeg: number;
	/** The first period's Gi* band, used for both. */
	bandKm: number;
	suppressionK: number;
	exact: boolean;
	cellCount: number;
	counts: Record<Transition, number>;
	similarity: number | null;
	kappa: number | null;
	p: number | null;
	permutations: number;
	/** Cells significant in either period, with how they moved. */
	cells: FeatureCollection<Polygon, { transition: Transition; first: number; second: number; zFirst: number; zSecond: number }>;
	area: Bbox;
}

export interface CoverageParams {
	from: string | null;
	to: string | null;
	unit: string | null;
	/** All site records, or approved ones only. */
	records?: RecordScope;
	/** How much each kind of demand counts in the overall share; workers only when absent. */
	weights?: DemandWeights;
	/** Case counts (hot-spot demand) as the app shows them, or as shown outside it (a briefing slide). */
	tier?: 'screen' | 'export';
}

/** The kinds of demand outreach should reach. */
export const DEMAND_KINDS = ['workers', 'border', 'hotspots'] as const;
export type DemandKind = (typeof DEMAND_KINDS)[number];
/** Weights of the kinds of demand, 0–100 each, at least one above 0. */
export type DemandWeights = Record<DemandKind, number>;
export const DEFAULT_DEMAND_WEIGHTS: DemandWeights = { workers: 100, border: 0, hotspots: 0 };

/** Whether a coverage answer weighed more than the workers: its weighted share then says something of its own. */
export const weighsBeyondWorkers = (report: { parts: DemandPart[] }) => report.parts.some((p) => p.kind !== 'workers' && p.weight > 0);

/**
 * One kind of demand: boarding-house workers (weighed by workers), border units (each counts once)
 * or case hot spots (Gi* hot cells at 90 % or more, weighed by their z-score).
 */
export interface DemandPart {
	kind: DemandKind;
	weight: number;
	/** Workers, border units, or the hot cells' summed z. */
	total: number;
	covered: number;
	/** Places of this kind (boarding houses, border units, hot cells). */
	places: number;
	placesCovered: number;
	/** covered / total; null when the area has none of this kind (it then takes no part in the weighting). */
	share: number | null;
	/** Why a kind has no demand here: no boarding house with workers, no unit on the border, too few cases, no hot spot. */
	absent?: 'no_houses' | 'no_border' | 'too_few_cases' | 'no_hot_spots';
}

export interface DistrictCoverage {
	code: string;
	name: string;
	workers: number;
	covered: number;
	share: number;
}

/** What one outreach form or model-site kind reaches on its own. */
export interface ModeCoverage {
	kind: 'form' | 'site';
	code: string;
	name: { vi: string; en: string };
	radiusKm: number;
	/** Activities of the period (forms) or active sites (kinds) in the area. */
	count: number;
	coveredWorkers: number;
	/** coveredWorkers / all workers of the area. */
	share: number;
	/** Workers no other mode reaches: what the area would lose without this one. */
	onlyWorkers: number;
	/** Its share of each kind of demand (null where the area has none of that kind) … */
	parts: Record<DemandKind, number | null>;
	/** … and of the weighted demand. */
	weightedShare: number | null;
}

export interface CoverageReport {
	totalWorkers: number;
	coveredWorkers: number;
	share: number;
	/** Boarding houses with whether anything reaches them. */
	demand: { lon: number; lat: number; workers: number; label: string; unit: string; covered: boolean }[];
	/** The reach of activities and sites, for the map. */
	reach: { lon: number; lat: number; radiusKm: number; kind: 'outreach' | 'model_site'; /** `form:<code>` or `site:<code>` */ mode: string }[];
	/** Per district, the most uncovered workers first. */
	districts: DistrictCoverage[];
	/** The largest boarding houses nothing reaches. */
	uncovered: { label: string; unit: string; workers: number; lon: number; lat: number }[];
	activities: number;
	sites: number;
	/** Coverage by each outreach form and model-site kind (its own reach), all of them listed. */
	modes: ModeCoverage[];
	records: RecordScope;
	weights: DemandWeights;
	/** Each kind of demand, covered or not. */
	parts: DemandPart[];
	/** Σ weight × share / Σ weight over the kinds the area has; null when it has none weighted. */
	weightedShare: number | null;
	/** Boarding houses without a worker count: they weigh nothing (a minimum-data note). */
	housesWithoutWorkers: number;
	/** Border units of the area and whether anything reaches them. */
	borderUnits: { code: string; name: string; lon: number; lat: number; covered: boolean }[];
	/** Hot cells (cases, Gi*) when weighted, and whether anything reaches their centre. */
	hotCells: { lon: number; lat: number; z: number; covered: boolean }[];
}
