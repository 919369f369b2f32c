/** Border gates (by class) and informal crossings (small hollow rings). */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { COUNTRY_COLORS, GATE_CLASS_RADIUS, rgbCss } from '$lib/layers/colors';
import { pointFeatures, type Props, type Show } from '$lib/layers/features';
import { countryColor } from './border-lines';
import { codeLabel, defineLayer, demoRow } from './types';

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

export default defineLayer({
	key: 'borderGates',
	api: 'border_gates',
	id: 'border-gates',
	viewport: false,
	visibleByDefault: true,
	opacity: false,
	filters: {},
	drawOrder: 9,
	name: 'borderGates',
	swatch: () => ({ kind: 'dot', color: rgbCss(COUNTRY_COLORS.KH!) }),
	count: (data) => data?.features.filter((f) => f.properties.kind === 'gate').length ?? 0,
	deck: borderGatesLayer,
	describe: (p, { t }) => ({ title: String(p.name ?? ''), rows: [[t('borderGates'), codeLabel(t, 'country', p.country)], ...demoRow(p, t)], cluster: false }),
	legend: {
		order: 9,
		group: 'border',
		part: (_data, { t }) => ({
			entries: [
				{ swatch: { shape: 'dot', color: rgbCss(COUNTRY_COLORS.KH!), size: 11 }, label: t('borderGates') },
				{ swatch: { shape: 'ring', color: rgbCss(COUNTRY_COLORS.KH!), size: 7 }, label: t('crossings') }
			]
		})
	}
});
