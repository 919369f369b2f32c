import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { scaleSequentialSqrt } from 'd3-scale';
import { interpolateOrRd } from 'd3-scale-chromatic';
import { color } from 'd3-color';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { CASE_POINT_COLOR, MODEL_SITE_COLORS, OUTREACH_COLORS, type Rgb } from './colors';
import { pointFeatures as points, type Props } from './features';

/** Outreach activities coloured by form, sized by people reached. */
export function outreachLayer(data: FeatureCollection<Geometry, Props>, visible = true) {
	return new ScatterplotLayer<Feature<Point, Props>>({
		id: 'outreach',
		data: points(data),
		visible,
		radiusUnits: 'meters',
		radiusMinPixels: 2,
		radiusMaxPixels: 10,
		getPosition: (f) => f.geometry.coordinates as [number, number],
		getRadius: (f) => 40 * Math.sqrt(Number(f.properties.people_reached) || 1),
		getFillColor: (f) => [...(OUTREACH_COLORS[String(f.properties.form)] ?? [120, 120, 120]), 170] as [...Rgb, number],
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineWidth: 0.5,
		getLineColor: [255, 255, 255, 200],
		pickable: true
	});
}

/** Model sites by kind: rings that stay visible over other points. */
export function modelSitesLayer(data: FeatureCollection<Geometry, Props>, visible = true) {
	return new ScatterplotLayer<Feature<Point, Props>>({
		id: 'model-sites',
		data: points(data),
		visible,
		radiusUnits: 'pixels',
		getRadius: (f) => (f.properties.kind === 'support_centre' ? 6 : 4.5),
		getPosition: (f) => f.geometry.coordinates as [number, number],
		filled: true,
		getFillColor: [255, 255, 255, 230],
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineWidth: 2.5,
		getLineColor: (f) => [...(MODEL_SITE_COLORS[String(f.properties.kind)] ?? [80, 80, 80]), 255] as [...Rgb, number],
		pickable: true
	});
}

/**
 * Cases as the caller may see them: exact points (investigators) or counts per unit / grid cell,
 * filled with a sequential scale (d3, square root: small counts stay distinguishable).
 */
export function casesLayer(data: FeatureCollection<Geometry, Props> & { aggregate?: string }, visible = true) {
	if (!data.aggregate) {
		return new ScatterplotLayer<Feature<Point, Props>>({
			id: 'cases',
			data: points(data),
			visible,
			radiusUnits: 'pixels',
			getRadius: 3,
			getPosition: (f) => f.geometry.coordinates as [number, number],
			getFillColor: [...CASE_POINT_COLOR, 200],
			pickable: true
		});
	}
	const max = Math.max(1, ...data.features.map((f) => Number(f.properties.count) || 0));
	const scale = scaleSequentialSqrt(interpolateOrRd).domain([0, max]);
	const fill = (n: number): [number, number, number, number] => {
		const c = color(scale(n))!.rgb();
		return [c.r, c.g, c.b, 170];
	};
	return new GeoJsonLayer<Props>({
		id: 'cases',
		data,
		visible,
		filled: true,
		stroked: true,
		getFillColor: (f) => fill(Number(f.properties.count) || 0),
		getLineColor: [120, 40, 20, 200],
		lineWidthUnits: 'pixels',
		getLineWidth: 1,
		pickable: true
	});
}
