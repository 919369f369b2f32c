import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { COUNTRY_COLORS, GATE_CLASS_RADIUS, type Rgb } from './colors';
import { pointFeatures, type Props, type Show } from './features';
const countryColor = (f: Feature<Geometry, Props>, alpha = 255): [...Rgb, number] => [
	...(COUNTRY_COLORS[String(f.properties.country)] ?? [80, 80, 80]),
	alpha
];

/** National border lines coloured by neighbour country; trails drawn thinner and lighter. */
export function borderLinesLayer(data: FeatureCollection<Geometry, Props>, show: Show) {
	return new GeoJsonLayer<Props>({
		id: 'border-lines',
		data,
		visible: show.visible,
		opacity: show.opacity,
		stroked: true,
		filled: false,
		lineWidthUnits: 'pixels',
		getLineWidth: (f) => (f.properties.kind === 'trail' ? 1.5 : 3.5),
		getLineColor: (f) => countryColor(f, f.properties.kind === 'trail' ? 170 : 255),
		pickable: true
	});
}

/** Border gates (by class) and informal crossings (small hollow rings). */
export function borderGatesLayer(data: FeatureCollection<Geometry, Props>, show: Show) {
	return new ScatterplotLayer<Feature<Point, Props>>({
		id: 'border-gates',
		data: pointFeatures(data),
		visible: show.visible,
		opacity: show.opacity,
		radiusUnits: 'pixels',
		stroked: true,
		lineWidthUnits: 'pixels',
		getPosition: (f) => f.geometry.coordinates as [number, number],
		getRadius: (f) => (f.properties.kind === 'gate' ? (GATE_CLASS_RADIUS[String(f.properties.gate_class)] ?? 5) : 3),
		getFillColor: (f) => (f.properties.kind === 'gate' ? countryColor(f) : [255, 255, 255, 230]),
		getLineColor: (f) => (f.properties.kind === 'gate' ? [255, 255, 255, 255] : countryColor(f)),
		getLineWidth: 1.5,
		pickable: true
	});
}
