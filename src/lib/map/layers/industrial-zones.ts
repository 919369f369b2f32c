/** Industrial zones: outlines filled lightly, loaded for the view. */
import { GeoJsonLayer } from '@deck.gl/layers';
import { INDUSTRIAL_ZONE_COLOR, rgbCss } from '$lib/layers/colors';
import type { Props } from '$lib/layers/features';
import { defineLayer, demoRow, num } from './types';

export default defineLayer({
	key: 'industrialZones',
	api: 'industrial_zones',
	id: 'industrial-zones',
	viewport: true,
	visibleByDefault: true,
	opacity: true,
	filters: { unit: true },
	drawOrder: 3,
	name: 'industrialZones',
	swatch: () => ({ kind: 'fill', color: rgbCss(INDUSTRIAL_ZONE_COLOR, 0.5) }),
	deck: (data, show) =>
		new GeoJsonLayer<Props>({
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
		}),
	describe: (p, { t, locale }) => ({ title: String(p.name), rows: [[t('workers'), num(p.workers, locale)], ...demoRow(p, t)], cluster: false }),
	legend: {
		order: 6,
		group: 'sites',
		part: (_data, { t }) => ({ entries: [{ swatch: { shape: 'fill', color: rgbCss(INDUSTRIAL_ZONE_COLOR, 0.5) }, label: t('industrialZones') }] })
	}
});
