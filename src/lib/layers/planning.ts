import { ArcLayer, GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { color } from 'd3-color';
import type { FeatureCollection, Geometry, Polygon } from 'geojson';
import type { MessageKey } from '$lib/i18n/messages';
import type { FlowSegment } from '$lib/planning/corridors';
import type { Change } from '$lib/analysis/campaign';
import type { Transition } from '$lib/analysis/compare';
import { CHANGE_KEYS } from '$lib/planning/labels';
import { DENSITY_RAMP, GI_CLASS_COLORS, rgbCss, type Rgb } from './colors';
import { rampEntries, sequentialColor, type LegendEntry, type LegendSection } from '$lib/map/legend';

export { GI_CLASS_COLORS };

/**
 * ArcGIS Emerging Hot Spot Analysis categories: hot patterns in reds and oranges (darkest for the
 * strongest), cold ones in the matching blues, oscillating between the two; historical grey-toned.
 */
export const EMERGING_COLORS: Record<string, Rgb> = {
	new: [255, 166, 0],
	consecutive: [252, 141, 89],
	intensifying: [165, 0, 38],
	persistent: [215, 48, 39],
	diminishing: [244, 165, 130],
	sporadic: [253, 219, 199],
	oscillating: [197, 27, 125],
	historical: [191, 170, 170],
	new_cold: [0, 160, 200],
	consecutive_cold: [116, 173, 209],
	intensifying_cold: [49, 54, 149],
	persistent_cold: [69, 117, 180],
	diminishing_cold: [171, 217, 233],
	sporadic_cold: [224, 243, 248],
	oscillating_cold: [77, 146, 33],
	historical_cold: [170, 178, 191]
};

type CellProps = { count: number | null; class?: number; density?: number; category?: string };

/** Gi* classes, KDE density, H3 counts or emerging categories of the cells of a hot-spot run. */
export function hotspotCellsLayer(cells: FeatureCollection<Polygon, CellProps>, method: 'gistar' | 'kde' | 'hex' | 'emerging') {
	const value = (p: CellProps) => (method === 'hex' ? (p.count ?? 0) : (p.density ?? 0));
	const max = Math.max(0, ...cells.features.map((f) => value(f.properties)));
	// The legend's scale (planLegend), so its low and high are the cells' colours.
	const density = sequentialColor(DENSITY_RAMP, max || 1);
	return new GeoJsonLayer<CellProps>({
		id: 'hotspot-cells',
		data: cells,
		filled: true,
		stroked: true,
		getFillColor: (f) => {
			if (method === 'kde' || method === 'hex') {
				const c = color(density(value(f.properties)))!.rgb();
				return [c.r, c.g, c.b, 170];
			}
			if (method === 'emerging') return [...(EMERGING_COLORS[f.properties.category ?? ''] ?? [200, 200, 200]), 200] as [...Rgb, number];
			const cls = String(f.properties.class ?? 0);
			return [...(GI_CLASS_COLORS[cls] ?? GI_CLASS_COLORS['0']!), cls === '0' ? 25 : 190] as [...Rgb, number];
		},
		getLineColor: [255, 255, 255, 120],
		lineWidthUnits: 'pixels',
		getLineWidth: 0.5,
		pickable: true,
		updateTriggers: { getFillColor: [method, max] }
	});
}

export interface SiteMark {
	id: string;
	label: string;
	lon: number;
	lat: number;
	state: 'chosen' | 'pinned' | 'forbidden' | 'candidate';
}

export const SITE_COLORS: Record<SiteMark['state'], [number, number, number, number]> = {
	chosen: [17, 94, 89, 255],
	pinned: [0, 128, 0, 255],
	forbidden: [150, 150, 150, 200],
	candidate: [90, 90, 90, 150]
};

/** Candidate sites (small), chosen ones (large, numbered) with their coverage rings. */
export function planSiteLayers(sites: SiteMark[], radiusKm: number) {
	const chosen = sites.filter((s) => s.state === 'chosen' || s.state === 'pinned');
	return [
		new ScatterplotLayer<SiteMark>({
			id: 'plan-rings',
			data: chosen,
			radiusUnits: 'meters',
			getRadius: radiusKm * 1000,
			getPosition: (s) => [s.lon, s.lat],
			filled: true,
			getFillColor: [17, 94, 89, 35],
			stroked: true,
			lineWidthUnits: 'pixels',
			getLineWidth: 1.5,
			getLineColor: [17, 94, 89, 200],
			updateTriggers: { getRadius: radiusKm }
		}),
		new ScatterplotLayer<SiteMark>({
			id: 'plan-sites',
			data: sites,
			radiusUnits: 'pixels',
			getRadius: (s) => (s.state === 'candidate' || s.state === 'forbidden' ? 3.5 : 8),
			getPosition: (s) => [s.lon, s.lat],
			getFillColor: (s) => SITE_COLORS[s.state],
			stroked: true,
			lineWidthUnits: 'pixels',
			getLineWidth: 1.5,
			getLineColor: [255, 255, 255, 230],
			pickable: true,
			updateTriggers: { getFillColor: sites, getRadius: sites }
		}),
		new TextLayer<SiteMark & { n: number }>({
			id: 'plan-site-numbers',
			data: chosen.map((s, i) => ({ ...s, n: i + 1 })),
			getText: (s) => String(s.n),
			getPosition: (s) => [s.lon, s.lat],
			getSize: 10,
			getColor: [255, 255, 255, 255],
			fontFamily: '"Be Vietnam Pro", "DejaVu Sans", sans-serif',
			fontWeight: 700,
			characterSet: '0123456789',
			getTextAnchor: 'middle',
			getAlignmentBaseline: 'center'
		})
	];
}

/** The heaviest demand no chosen site reaches. */
export function uncoveredLayer(points: { lon: number; lat: number; weight: number; label: string }[]) {
	const max = Math.max(1, ...points.map((p) => p.weight));
	return new ScatterplotLayer<{ lon: number; lat: number; weight: number; label: string }>({
		id: 'plan-uncovered',
		data: points,
		radiusUnits: 'pixels',
		getRadius: (p) => 3 + 7 * Math.sqrt(p.weight / max),
		getPosition: (p) => [p.lon, p.lat],
		filled: false,
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineWidth: 2,
		getLineColor: [185, 28, 28, 230],
		pickable: true
	});
}

const REACH_COLORS: Record<Reach['kind'], Rgb> = { outreach: [0, 114, 178], model_site: [0, 158, 115] };
const DEMAND_COVERED: Rgb = [22, 163, 74];
const DEMAND_UNCOVERED: Rgb = [220, 38, 38];
const UNCOVERED_RING: Rgb = [185, 28, 28];

type Reach = { lon: number; lat: number; radiusKm: number; kind: 'outreach' | 'model_site' };
type Demand = { lon: number; lat: number; workers: number; label: string; covered: boolean };

/** Rings marking the other kinds of demand: border units (violet) and case hot spots (dark orange). */
const BORDER_RING: Rgb = [109, 40, 217];
const HOT_RING: Rgb = [194, 65, 12];
type Place = { lon: number; lat: number; covered: boolean };

/** A kind of demand other than workers: a dot green or red as reached or not, ringed in its colour. */
const demandRing = <T extends Place>(id: string, data: T[], ring: Rgb, radius: number) =>
	new ScatterplotLayer<T>({
		id,
		data,
		radiusUnits: 'pixels',
		getRadius: radius,
		getPosition: (d) => [d.lon, d.lat],
		getFillColor: (d) => [...(d.covered ? DEMAND_COVERED : DEMAND_UNCOVERED), 220],
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineWidth: 3,
		getLineColor: [...ring, 255],
		pickable: true
	});

/**
 * Coverage gaps: the reach of activities and sites (faint discs) and the demand, covered or not:
 * boarding houses sized by workers, and (when weighted) border units and case hot spots.
 */
export function coverageLayers(report: { reach: Reach[]; demand: Demand[]; borderUnits?: (Place & { name: string })[]; hotCells?: (Place & { z: number })[] }) {
	const max = Math.max(1, ...report.demand.map((d) => d.workers));
	return [
		new ScatterplotLayer<Reach>({
			id: 'coverage-reach',
			data: report.reach,
			radiusUnits: 'meters',
			getRadius: (r) => r.radiusKm * 1000,
			getPosition: (r) => [r.lon, r.lat],
			getFillColor: (r) => [...REACH_COLORS[r.kind], r.kind === 'outreach' ? 28 : 35],
			stroked: false
		}),
		new ScatterplotLayer<Demand>({
			id: 'coverage-demand',
			data: report.demand,
			radiusUnits: 'pixels',
			getRadius: (d) => 2.5 + 6 * Math.sqrt(d.workers / max),
			getPosition: (d) => [d.lon, d.lat],
			getFillColor: (d) => [...(d.covered ? DEMAND_COVERED : DEMAND_UNCOVERED), 210],
			stroked: true,
			lineWidthUnits: 'pixels',
			getLineWidth: 0.5,
			getLineColor: [255, 255, 255, 220],
			pickable: true
		}),
		demandRing('coverage-border', report.borderUnits ?? [], BORDER_RING, 7),
		demandRing('coverage-hot', report.hotCells ?? [], HOT_RING, 5)
	];
}

const GI_ORDER = ['3', '2', '1', '0', '-1', '-2', '-3'];

/**
 * The legend of the planner's map: the hot-spot run's classes, density or counts; the coverage
 * analysis' reach and demand; the plan's sites, rings and what no site reaches.
 */
/** Corridor legs: to the crossing in Vietnam (amber), abroad (red), crossing unknown (grey). */
export const CORRIDOR_COLORS: Record<FlowSegment['leg'], Rgb> = { out: [217, 119, 6], abroad: [185, 28, 28], direct: [107, 114, 128] };

/** Pixels of a leg: 2 for the fewest cases up to 14 for the most (by square root, as area reads). */
export const corridorWidth = (cases: number, max: number) => 2 + 12 * Math.sqrt(cases / Math.max(1, max));

/**
 * The flow map of border corridors: a leg per published cell (origin → crossing, crossing →
 * destination, origin → destination when the crossing is unknown) as arcs as wide as their cases,
 * and each crossing a dot sized by its cases.
 */
export function corridorLayers(segments: FlowSegment[], crossings: { lon: number; lat: number; cases: number; label: string }[]) {
	const max = Math.max(1, ...segments.map((s) => s.cases));
	const maxCrossing = Math.max(1, ...crossings.map((c) => c.cases));
	return [
		new ArcLayer<FlowSegment>({
			id: 'corridor-legs',
			data: segments,
			getSourcePosition: (d) => d.from,
			getTargetPosition: (d) => d.to,
			getSourceColor: (d) => [...CORRIDOR_COLORS[d.leg], d.leg === 'direct' ? 120 : 200] as [...Rgb, number],
			getTargetColor: (d) => [...CORRIDOR_COLORS[d.leg], d.leg === 'direct' ? 120 : 230] as [...Rgb, number],
			getWidth: (d) => corridorWidth(d.cases, max),
			widthUnits: 'pixels',
			getHeight: (d) => (d.leg === 'out' ? 0.3 : 0.6),
			greatCircle: false,
			pickable: true,
			updateTriggers: { getWidth: [max] }
		}),
		new ScatterplotLayer<(typeof crossings)[number]>({
			id: 'corridor-crossings',
			data: crossings,
			getPosition: (d) => [d.lon, d.lat],
			getRadius: (d) => 4 + 10 * Math.sqrt(d.cases / maxCrossing),
			radiusUnits: 'pixels',
			getFillColor: [...CORRIDOR_COLORS.abroad, 220] as [...Rgb, number],
			getLineColor: [255, 255, 255, 255],
			stroked: true,
			lineWidthUnits: 'pixels',
			getLineWidth: 1.5,
			pickable: true,
			updateTriggers: { getRadius: [maxCrossing] }
		})
	];
}

/** How a cell moved between two periods: reds for hot (darkest newly hot), blues for cold, purple and teal for a flip. */
export const TRANSITION_COLORS: Record<Exclude<Transition, 'none'>, Rgb> = {
	new_hot: [189, 0, 38],
	hot_hot: [240, 59, 32],
	hot_gone: [254, 178, 76],
	cold_to_hot: [122, 1, 119],
	new_cold: [8, 81, 156],
	cold_cold: [49, 130, 189],
	cold_gone: [158, 202, 225],
	hot_to_cold: [1, 133, 113]
};

/** Two periods' hot spots compared: each cell significant in either, filled by how it moved. */
export function comparisonLayer(cells: FeatureCollection<Polygon, { transition: Transition }>) {
	return new GeoJsonLayer<{ transition: Transition }>({
		id: 'compare-cells',
		data: cells as never,
		filled: true,
		stroked: false,
		getFillColor: (f) => [...(TRANSITION_COLORS[f.properties.transition as Exclude<Transition, 'none'>] ?? [200, 200, 200]), 190],
		pickable: true
	});
}

/** The peak against the quarter before: fewer in blue, more in red, no clear change grey; not compared pale. */
export const CAMPAIGN_COLORS: Record<Change, [...Rgb, number]> = {
	fewer: [44, 123, 182, 170],
	more: [215, 48, 39, 170],
	same: [160, 160, 160, 110],
	too_few: [230, 230, 230, 90],
	hidden: [230, 230, 230, 90]
};

/** Units coloured by how their cases in the peak changed (codes not in `changes` are not drawn). */
export function campaignLayer(units: FeatureCollection<Geometry, { code?: unknown; level?: unknown }>, changes: Map<string, Change>) {
	const data = { ...units, features: units.features.filter((f) => changes.has(String(f.properties.code))) };
	return new GeoJsonLayer<{ code?: unknown; name?: unknown }>({
		id: 'campaign-units',
		data,
		filled: true,
		stroked: true,
		getFillColor: (f) => CAMPAIGN_COLORS[changes.get(String(f.properties.code))!],
		getLineColor: [255, 255, 255, 200],
		lineWidthUnits: 'pixels',
		getLineWidth: 1,
		pickable: true,
		updateTriggers: { getFillColor: [changes] }
	});
}

export function planLegend(input: {
	hotspots: {
		method: 'gistar' | 'kde' | 'hex' | 'emerging';
		cells: FeatureCollection<Polygon, CellProps>;
		categoryCounts?: Partial<Record<string, number>>;
	} | null;
	coverage: boolean;
	/** Whether the coverage map shows border units and case hot spots. */
	coverageBorder?: boolean;
	coverageHot?: boolean;
	/** The moves a comparison map shows (null: none shown). */
	comparison?: Transition[] | null;
	/** The changes a campaign map shows (null: none shown). */
	campaign?: Change[] | null;
	/** The legs a corridor map draws (null: none shown). */
	corridors?: FlowSegment[] | null;
	sites: SiteMark[];
	ringKm: number;
	uncovered: boolean;
	t: (key: MessageKey) => string;
	format: (value: number) => string;
}): LegendSection[] {
	const { t } = input;
	const sections: LegendSection[] = [];
	const h = input.hotspots;
	if (h) {
		const fill = (rgb: Rgb, alpha = 0.75): LegendEntry['swatch'] => ({ shape: 'fill', color: rgbCss(rgb, alpha) });
		if (h.method === 'gistar') {
			sections.push({
				id: 'hotspots',
				title: t('methodGistar'),
				entries: GI_ORDER.map((cls) => ({ swatch: fill(GI_CLASS_COLORS[cls]!, cls === '0' ? 0.3 : 0.75), label: t(`gi_${cls}` as MessageKey) }))
			});
		} else if (h.method === 'emerging') {
			sections.push({
				id: 'hotspots',
				title: t('methodEmerging'),
				// The categories this answer holds (of 16 patterns), in the order of the palette.
				entries: Object.entries(EMERGING_COLORS)
					.filter(([cat]) => (h.categoryCounts?.[cat] ?? 0) > 0)
					.map(([cat, rgb]) => ({ swatch: fill(rgb, 0.8), label: t(`em_${cat}` as MessageKey) }))
			});
		} else {
			const values = h.cells.features.map((f) => (h.method === 'hex' ? (f.properties.count ?? 0) : (f.properties.density ?? 0)));
			const max = Math.max(0, ...values);
			if (h.method === 'hex')
				sections.push({ id: 'hotspots', title: t('legendHexCount'), entries: max > 0 ? rampEntries(DENSITY_RAMP, max, input.format, { steps: 4 }) : [] });
			else {
				const colorOf = sequentialColor(DENSITY_RAMP, max || 1);
				sections.push({
					id: 'hotspots',
					title: t('legendDensity'),
					entries: [
						{ swatch: { shape: 'fill', color: colorOf(0) }, label: t('legendLow') },
						{ swatch: { shape: 'fill', color: colorOf((max || 1) / 4) }, label: '' },
						{ swatch: { shape: 'fill', color: colorOf(max || 1) }, label: t('legendHigh') }
					]
				});
			}
		}
	}
	if (input.coverage) {
		sections.push({
			id: 'coverage',
			title: t('coverageGaps'),
			entries: [
				{
					swatch: { shape: 'dot', color: rgbCss(REACH_COLORS.outreach, 0.3), size: 16, outline: rgbCss(REACH_COLORS.outreach, 0.3) },
					label: t('legendReachOutreach')
				},
				{
					swatch: { shape: 'dot', color: rgbCss(REACH_COLORS.model_site, 0.35), size: 16, outline: rgbCss(REACH_COLORS.model_site, 0.35) },
					label: t('legendReachSite')
				},
				{ swatch: { shape: 'dot', color: rgbCss(DEMAND_COVERED), size: 9 }, label: t('legendDemandCovered') },
				{ swatch: { shape: 'dot', color: rgbCss(DEMAND_UNCOVERED), size: 9 }, label: t('legendDemandUncovered') },
				...(input.coverageBorder
					? [
							{ swatch: { shape: 'dot' as const, color: rgbCss(DEMAND_COVERED), size: 12, outline: rgbCss(BORDER_RING) }, label: t('legendBorderCovered') },
							{ swatch: { shape: 'dot' as const, color: rgbCss(DEMAND_UNCOVERED), size: 12, outline: rgbCss(BORDER_RING) }, label: t('legendBorderUncovered') }
						]
					: []),
				...(input.coverageHot
					? [
							{ swatch: { shape: 'dot' as const, color: rgbCss(DEMAND_COVERED), size: 10, outline: rgbCss(HOT_RING) }, label: t('legendHotCovered') },
							{ swatch: { shape: 'dot' as const, color: rgbCss(DEMAND_UNCOVERED), size: 10, outline: rgbCss(HOT_RING) }, label: t('legendHotUncovered') }
						]
					: [])
			]
		});
	}
	if (input.comparison) {
		const shown = new Set(input.comparison);
		sections.push({
			id: 'compare',
			title: t('legendCompare'),
			entries: (Object.keys(TRANSITION_COLORS) as Exclude<Transition, 'none'>[])
				.filter((x) => shown.has(x))
				.map((x) => ({ swatch: { shape: 'fill' as const, color: rgbCss(TRANSITION_COLORS[x], 0.75) }, label: t(`tr_${x}` as MessageKey) }))
		});
	}
	if (input.campaign) {
		const shown = new Set(input.campaign);
		sections.push({
			id: 'campaign',
			title: t('legendCampaign'),
			entries: (['fewer', 'more', 'same', 'too_few', 'hidden'] as const)
				.filter((c) => shown.has(c))
				.map((c) => ({
					swatch: { shape: 'fill' as const, color: rgbCss(CAMPAIGN_COLORS[c].slice(0, 3) as Rgb, CAMPAIGN_COLORS[c][3] / 255) },
					label: t(CHANGE_KEYS[c])
				}))
		});
	}
	if (input.corridors) {
		const legs = new Set(input.corridors.map((c) => c.leg));
		const LABELS = { out: 'legendCorridorOut', abroad: 'legendCorridorAbroad', direct: 'legendCorridorDirect' } as const;
		sections.push({
			id: 'corridors',
			title: t('corridors'),
			entries: [
				...(['out', 'abroad', 'direct'] as const)
					.filter((leg) => legs.has(leg))
					.map((leg) => ({ swatch: { shape: 'line' as const, color: rgbCss(CORRIDOR_COLORS[leg], 0.85), width: 4 }, label: t(LABELS[leg]) })),
				{ swatch: { shape: 'dot', color: rgbCss(CORRIDOR_COLORS.abroad, 0.85), size: 12 }, label: t('corridorCrossings') },
				// The width scale, from the thinnest leg drawn to the widest.
				...[...new Set([Math.min(...input.corridors.map((c) => c.cases)), Math.max(...input.corridors.map((c) => c.cases))])]
					.filter(Number.isFinite)
					.map((cases, _, all) => ({
						swatch: { shape: 'line' as const, color: 'rgba(75, 85, 99, 0.8)', width: corridorWidth(cases, Math.max(...all)) },
						label: `${t('legendCorridorWidth')}: ${input.format(cases)}`
					}))
			]
		});
	}
	if (input.sites.length > 0) {
		const has = (state: SiteMark['state']) => input.sites.some((s) => s.state === state);
		const css = (state: SiteMark['state']) => `rgba(${SITE_COLORS[state].slice(0, 3).join(', ')}, ${SITE_COLORS[state][3] / 255})`;
		sections.push({
			id: 'plan',
			title: t('chosenSites'),
			entries: [
				{ swatch: { shape: 'dot', color: css('chosen'), size: 16 }, label: t('legendSiteChosen').replace('{r}', input.format(input.ringKm)) },
				...(has('pinned') ? [{ swatch: { shape: 'dot' as const, color: css('pinned'), size: 16 }, label: t('legendSitePinned') }] : []),
				...(has('forbidden') ? [{ swatch: { shape: 'dot' as const, color: css('forbidden'), size: 7 }, label: t('legendSiteForbidden') }] : []),
				...(has('candidate') ? [{ swatch: { shape: 'dot' as const, color: css('candidate'), size: 7 }, label: t('legendSiteCandidate') }] : []),
				...(input.uncovered ? [{ swatch: { shape: 'ring' as const, color: rgbCss(UNCOVERED_RING), size: 12 }, label: t('legendUncoveredDemand') }] : [])
			]
		});
	}
	return sections;
}
