/** Outlines of provinces (thicker) and districts; they come with the page. */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { FeatureCollection, Geometry } from 'geojson';
import { ADMIN_UNIT_LINE, rgbCss } from '$lib/layers/colors';
import type { Props, Show } from '$lib/layers/features';
import { defineLayer } from './types';

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

export default defineLayer({
	key: 'adminUnits',
	api: 'admin_units',
	id: 'admin-units',
	viewport: false,
	visibleByDefault: true,
	opacity: true,
	filters: { unit: true },
	drawOrder: 1,
	name: 'adminUnits',
	swatch: () => ({ kind: 'outline' }),
	count: (data) => data?.features.length ?? 0,
	deck: adminUnitsLayer,
	legend: {
		order: 7,
		group: 'sites',
		part: (_data, { t }) => ({ entries: [{ swatch: { shape: 'line', color: rgbCss(ADMIN_UNIT_LINE), width: 1 }, label: t('adminUnits') }] })
	}
});
