import { GeoJsonLayer, IconLayer, ScatterplotLayer } from '@deck.gl/layers';
import { color } from 'd3-color';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { ViewCollection } from '$lib/supabase/database.types';
import { CASE_POINT_COLOR, CASES_RAMP, MODEL_SITE_COLORS, OUTREACH_COLORS, SURFACE_RAMP, snappedRadius, type Rgb } from './colors';
import { clusterLayers } from './clusters';
import { pointFeatures as points, type Props, type Show } from './features';
import { MODEL_SITE_ICON_MAPPING, modelSiteAtlas } from './icons';
import { sequentialColor } from '$lib/map/legend';

type Collection = FeatureCollection<Geometry, Props> & Partial<Pick<ViewCollection, 'mode' | 'aggregate'>>;

/** The legend's sequential scale (square root, so small values stay distinguishable) as deck.gl colours. */
function sequential(interpolator: (t: number) => string, max: number, alpha: number) {
	const colorOf = sequentialColor(interpolator, Math.max(1, max));
	return (n: number): [number, number, number, number] => {
		const c = color(colorOf(n))!.rgb();
		return [c.r, c.g, c.b, alpha];
	};
}

/** Outreach activities coloured by form, sized by people reached; clusters when many. */
export function outreachLayer(data: Collection, show: Show) {
	if (data.mode === 'clusters') return clusterLayers('outreach', data, OUTREACH_COLORS.meeting!, show);
	return new ScatterplotLayer<Feature<Point, Props>>({
		id: 'outreach',
		data: points(data),
		visible: show.visible,
		opacity: show.opacity,
		radiusUnits: 'meters',
		radiusMinPixels: 2.5,
		radiusMaxPixels: 10,
		getPosition: (f) => f.geometry.coordinates as [number, number],
		getRadius: (f) => 40 * Math.sqrt(Number(f.properties.people_reached) || 1),
		getFillColor: (f) => [...(OUTREACH_COLORS[String(f.properties.form)] ?? [120, 120, 120]), 190] as [...Rgb, number],
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineWidth: 0.5,
		getLineColor: [255, 255, 255, 200],
		pickable: true
	});
}

/** The coverage surface of outreach: grid cells shaded by the people reached in them. */
export function outreachSurfaceLayer(data: Collection, show: Show) {
	const fill = sequential(SURFACE_RAMP, Math.max(0, ...data.features.map((f) => Number(f.properties.people_reached) || 0)), 150);
	return new GeoJsonLayer<Props>({
		id: 'outreach-surface',
		data,
		visible: show.visible,
		opacity: show.opacity,
		filled: true,
		stroked: false,
		getFillColor: (f) => fill(Number(f.properties.people_reached) || 0),
		pickable: true,
		updateTriggers: { getFillColor: data }
	});
}

/** Model sites by kind, each with its icon; clusters when many. */
export function modelSitesLayer(data: Collection, show: Show) {
	if (data.mode === 'clusters') return clusterLayers('model-sites', data, MODEL_SITE_COLORS.peaceful_house!, show);
	return new IconLayer<Feature<Point, Props>>({
		id: 'model-sites',
		data: points(data),
		visible: show.visible,
		opacity: show.opacity,
		// The atlas is a canvas drawn in the page; deck.gl makes a texture of any image source.
		iconAtlas: modelSiteAtlas() as unknown as string,
		iconMapping: MODEL_SITE_ICON_MAPPING,
		getIcon: (f) => (String(f.properties.kind) in MODEL_SITE_ICON_MAPPING ? String(f.properties.kind) : 'support_centre'),
		getPosition: (f) => f.geometry.coordinates as [number, number],
		sizeUnits: 'pixels',
		getSize: (f) => (f.properties.kind === 'support_centre' ? 24 : 19),
		pickable: true
	});
}

/** Case points: exact ones (investigators) or snapped ones sized by their count. */
function casePoints(data: Collection, show: Show, style: { radius: (f: Feature<Point, Props>) => number; alpha: number; line: number; trigger?: number }) {
	return new ScatterplotLayer<Feature<Point, Props>>({
		id: 'cases',
		data: points(data),
		visible: show.visible,
		opacity: show.opacity,
		radiusUnits: 'pixels',
		getRadius: style.radius,
		getPosition: (f) => f.geometry.coordinates as [number, number],
		getFillColor: [...CASE_POINT_COLOR, style.alpha],
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineWidth: style.line,
		getLineColor: [255, 255, 255, 220],
		pickable: true,
		updateTriggers: { getRadius: style.trigger }
	});
}

/**
 * Cases as the caller may see them: exact points or clusters of them (investigators), suppressed
 * counts per unit / grid cell filled with a sequential scale (everyone else), or — on maps that
 * leave the app — anonymous points snapped inside their province, sized by count.
 */
export function casesLayer(data: Collection, show: Show) {
	if (data.mode === 'clusters') return clusterLayers('cases', data, CASE_POINT_COLOR, show);
	if (data.aggregate === 'snapped') {
		const most = Math.max(1, ...data.features.map((f) => Number(f.properties.count) || 0));
		return casePoints(data, show, { radius: (f) => snappedRadius(Number(f.properties.count) || 0, most), alpha: 170, line: 1, trigger: most });
	}
	if (!data.aggregate) return casePoints(data, show, { radius: () => 3.5, alpha: 210, line: 0.5 });
	const fill = sequential(CASES_RAMP, Math.max(0, ...data.features.map((f) => Number(f.properties.count) || 0)), 170);
	return new GeoJsonLayer<Props>({
		// Not 'cases': that id is the points' (ScatterplotLayer); an id keeps its layer class.
		id: 'cases-areas',
		data,
		visible: show.visible,
		opacity: show.opacity,
		filled: true,
		stroked: true,
		getFillColor: (f) => fill(Number(f.properties.count) || 0),
		getLineColor: [120, 40, 20, 200],
		lineWidthUnits: 'pixels',
		getLineWidth: 1,
		pickable: true,
		updateTriggers: { getFillColor: data }
	});
}
