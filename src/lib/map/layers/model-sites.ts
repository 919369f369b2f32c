/** Model sites ("Ngôi nhà bình yên", tip boxes, hotline points, support centres) by kind, each with its icon. */
import { IconLayer } from '@deck.gl/layers';
import type { Feature, Point } from 'geojson';
import { MODEL_SITE_COLORS, paletteLegend } from '$lib/layers/colors';
import { clusterLayers, clusterLegend } from '$lib/layers/clusters';
import { pointFeatures, type Props } from '$lib/layers/features';
import { MODEL_SITE_ICON_MAPPING, modelSiteAtlas } from '$lib/layers/icons';
import { codeLabel, day, defineLayer, demoRow, unitRow, placeRow } from './types';

export default defineLayer({
	key: 'modelSites',
	api: 'model_sites',
	id: 'model-sites',
	viewport: true,
	visibleByDefault: false,
	opacity: true,
	filters: { unit: true },
	drawOrder: 8,
	name: 'modelSites',
	swatch: () => ({ kind: 'icon', icon: 'peaceful_house' }),
	deck: (data, show) =>
		data.mode === 'clusters'
			? clusterLayers('model-sites', data, MODEL_SITE_COLORS.peaceful_house!, show)
			: new IconLayer<Feature<Point, Props>>({
					id: 'model-sites',
					data: pointFeatures(data),
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
				}),
	clusters: {},
	describe: (p, { t, locale }) => ({
		title: String(p.name),
		rows: [
			[t('modelSites'), codeLabel(t, 'kind_', p.kind)],
			[t('openedOn'), day(p.opened_on, locale) || '—'],
			[t('status'), p.active ? t('active') : t('disabled')],
			...unitRow(p, t),
			...placeRow(p, t, locale),
			...demoRow(p, t)
		],
		cluster: false
	}),
	legend: {
		order: 4,
		part: (data, { t }) => ({
			entries: [...paletteLegend(MODEL_SITE_COLORS, (code) => codeLabel(t, 'kind_', code), 10), ...clusterLegend(data, MODEL_SITE_COLORS.peaceful_house!, t)]
		})
	}
});
