import { GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { scaleSequentialSqrt } from 'd3-scale';
import { interpolateYlOrRd } from 'd3-scale-chromatic';
import { color } from 'd3-color';
import type { FeatureCollection, Polygon } from 'geojson';
import { GI_CLASS_COLORS, type Rgb } from './colors';

export { GI_CLASS_COLORS };

/** ArcGIS Emerging Hot Spot Analysis categories (hot side), reds for the strongest. */
export const EMERGING_COLORS: Record<string, Rgb> = {
	new: [255, 166, 0],
	consecutive: [252, 141, 89],
	intensifying: [165, 0, 38],
	persistent: [215, 48, 39],
	diminishing: [244, 165, 130],
	sporadic: [253, 219, 199],
	historical: [191, 191, 191]
};

type CellProps = { count: number | null; class?: number; density?: number; category?: string };

/** Gi* classes, KDE density, H3 counts or emerging categories of the cells of a hot-spot run. */
export function hotspotCellsLayer(cells: FeatureCollection<Polygon, CellProps>, method: 'gistar' | 'kde' | 'hex' | 'emerging') {
	const value = (p: CellProps) => (method === 'hex' ? (p.count ?? 0) : (p.density ?? 0));
	const max = Math.max(0, ...cells.features.map((f) => value(f.properties)));
	const density = scaleSequentialSqrt(interpolateYlOrRd).domain([0, max || 1]);
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

const SITE_COLORS: Record<SiteMark['state'], [number, number, number, number]> = {
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

type Reach = { lon: number; lat: number; radiusKm: number; kind: 'outreach' | 'model_site' };
type Demand = { lon: number; lat: number; workers: number; label: string; covered: boolean };

/** Coverage gaps: the reach of activities and sites (faint discs) and the demand, covered or not. */
export function coverageLayers(report: { reach: Reach[]; demand: Demand[] }) {
	const max = Math.max(1, ...report.demand.map((d) => d.workers));
	return [
		new ScatterplotLayer<Reach>({
			id: 'coverage-reach',
			data: report.reach,
			radiusUnits: 'meters',
			getRadius: (r) => r.radiusKm * 1000,
			getPosition: (r) => [r.lon, r.lat],
			getFillColor: (r) => (r.kind === 'outreach' ? [0, 114, 178, 28] : [0, 158, 115, 35]),
			stroked: false
		}),
		new ScatterplotLayer<Demand>({
			id: 'coverage-demand',
			data: report.demand,
			radiusUnits: 'pixels',
			getRadius: (d) => 2.5 + 6 * Math.sqrt(d.workers / max),
			getPosition: (d) => [d.lon, d.lat],
			getFillColor: (d) => (d.covered ? [22, 163, 74, 200] : [220, 38, 38, 220]),
			stroked: true,
			lineWidthUnits: 'pixels',
			getLineWidth: 0.5,
			getLineColor: [255, 255, 255, 220],
			pickable: true
		})
	];
}
