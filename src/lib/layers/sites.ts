import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { ADMIN_UNIT_LINE, BOARDING_HOUSE_COLOR, INDUSTRIAL_ZONE_COLOR } from './colors';
import { pointFeatures, type Props } from './features';

export function industrialZonesLayer(data: FeatureCollection<Geometry, Props>, visible = true) {
	return new GeoJsonLayer<Props>({
		id: 'industrial-zones',
		data,
		visible,
		filled: true,
		stroked: true,
		getFillColor: [...INDUSTRIAL_ZONE_COLOR, 90],
		getLineColor: [...INDUSTRIAL_ZONE_COLOR, 230],
		lineWidthUnits: 'pixels',
		getLineWidth: 1.5,
		pickable: true
	});
}

/** Boarding houses as circles whose area grows with the number of workers living there. */
export function boardingHousesLayer(data: FeatureCollection<Geometry, Props>, visible = true) {
	return new ScatterplotLayer<Feature<Point, Props>>({
		id: 'boarding-houses',
		data: pointFeatures(data),
		visible,
		radiusUnits: 'meters',
		radiusMinPixels: 1.5,
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
export function adminUnitsLayer(data: FeatureCollection<Geometry, Props>, visible = true) {
	return new GeoJsonLayer<Props>({
		id: 'admin-units',
		data,
		visible,
		filled: false,
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineWidth: (f) => (f.properties.level === 'province' ? 1.2 : 0.6),
		getLineColor: (f) => [...ADMIN_UNIT_LINE, f.properties.level === 'province' ? 200 : 110],
		pickable: false
	});
}
