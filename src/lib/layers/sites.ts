import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { ViewCollection } from '$lib/supabase/database.types';
import { ADMIN_UNIT_LINE, BOARDING_HOUSE_COLOR, CHOROPLETH_SUPPRESSED, INDUSTRIAL_ZONE_COLOR, type Rgb } from './colors';
import { clusterLayers } from './clusters';
import { pointFeatures, type Props, type Show } from './features';

export function industrialZonesLayer(data: FeatureCollection<Geometry, Props>, show: Show) {
	return new GeoJsonLayer<Props>({
		id: 'industrial-zones',
		data,
		visible: show.visible,
		opacity: show.opacity,
		filled: true,
		stroked: true,
		getFillColor: [...INDUSTRIAL_ZONE_COLOR, 90],
		getLineColor: [...INDUSTRIAL_ZONE_COLOR, 230],
		lineWidthUnits: 'pixels',
		getLineWidth: 1.5,
		pickable: true
	});
}

/** Boarding houses as circles whose area grows with the workers living there; clusters when zoomed out. */
export function boardingHousesLayer(data: FeatureCollection<Geometry, Props> & Partial<Pick<ViewCollection, 'mode'>>, show: Show) {
	if (data.mode === 'clusters') return clusterLayers('boarding-houses', data, BOARDING_HOUSE_COLOR, show);
	return new ScatterplotLayer<Feature<Point, Props>>({
		id: 'boarding-houses',
		data: pointFeatures(data),
		visible: show.visible,
		opacity: show.opacity,
		radiusUnits: 'meters',
		radiusMinPixels: 2,
		radiusMaxPixels: 14,
		getPosition: (f) => f.geometry.coordinates as [number, number],
		getRadius: (f) => 12 * Math.sqrt(Number(f.properties.workers) || 1),
		getFillColor: [...BOARDING_HOUSE_COLOR, 190],
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineWidth: 0.5,
		getLineColor: [120, 80, 0, 200],
		pickable: true
	});
}

/** Outlines of provinces (thicker) and districts. */
export function adminUnitsLayer(data: FeatureCollection<Geometry, Props>, show: Show) {
	return new GeoJsonLayer<Props>({
		id: 'admin-units',
		data,
		visible: show.visible,
		opacity: show.opacity,
		filled: false,
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineWidth: (f) => (f.properties.level === 'province' ? 1.2 : 0.6),
		getLineColor: (f) => [...ADMIN_UNIT_LINE, f.properties.level === 'province' ? 200 : 110],
		pickable: false
	});
}

const SUPPRESSED: [...Rgb, number] = [...CHOROPLETH_SUPPRESSED, 110];

/**
 * Units of one level filled by an indicator's class colour (see $lib/map/indicators); units whose
 * value is suppressed or undefined are grey.
 */
export function choroplethLayer(
	data: FeatureCollection<Geometry, Props>,
	level: string,
	colorOf: (code: string) => string | null,
	version: unknown,
	show: Show
) {
	const rgba = (css: string | null): [...Rgb, number] => {
		if (!css) return SUPPRESSED;
		const n = Number.parseInt(css.slice(1), 16);
		return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 190];
	};
	return new GeoJsonLayer<Props>({
		id: 'choropleth',
		data: { ...data, features: data.features.filter((f) => f.properties.level === level) },
		visible: show.visible,
		opacity: show.opacity,
		filled: true,
		stroked: true,
		getFillColor: (f) => rgba(colorOf(String(f.properties.code))),
		getLineColor: [255, 255, 255, 200],
		lineWidthUnits: 'pixels',
		getLineWidth: 0.8,
		pickable: true,
		updateTriggers: { getFillColor: version }
	});
}
