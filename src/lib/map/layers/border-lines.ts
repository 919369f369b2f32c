/** National border lines coloured by neighbour country; trails drawn thinner and lighter. */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { MessageKey } from '$lib/i18n/messages';
import { COUNTRY_COLORS, rgbCss, type Rgb } from '$lib/layers/colors';
import type { Props, Show } from '$lib/layers/features';
import { defineLayer } from './types';

/** A border feature's colour: its neighbour country's. */
export const countryColor = (f: Feature<Geometry, Props>, alpha = 255): [...Rgb, number] => [
	...(COUNTRY_COLORS[String(f.properties.country)] ?? [80, 80, 80]),
	alpha
];

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

export default defineLayer({
	key: 'borderLines',
	api: 'border_lines',
	id: 'border-lines',
	viewport: false,
	visibleByDefault: true,
	opacity: false,
	filters: {},
	drawOrder: 4,
	name: 'borderLines',
	swatch: () => ({ kind: 'lines', colors: Object.values(COUNTRY_COLORS).map((c) => rgbCss(c)) }),
	count: (data) => data?.features.filter((f) => f.properties.kind === 'border_line').length ?? 0,
	deck: borderLinesLayer,
	describe: (p, { t }) => ({ title: p.kind === 'trail' ? String(p.name) : t(`country${p.country}` as MessageKey), rows: [], cluster: false }),
	legend: {
		order: 8,
		group: 'border',
		part: (_data, { t }) => ({
			entries: [
				...Object.entries(COUNTRY_COLORS).map(([code, c]) => ({
					swatch: { shape: 'line' as const, color: rgbCss(c), width: 3.5 },
					label: t(`country${code}` as MessageKey)
				})),
				{ swatch: { shape: 'line', color: rgbCss([90, 90, 90], 0.67), width: 1.5 }, label: t('trails') }
			]
		})
	}
});
