/** Boarding houses as circles whose area grows with the workers living there; clusters when zoomed out. */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, Point } from 'geojson';
import { BOARDING_HOUSE_COLOR, rgbCss } from '$lib/layers/colors';
import { clusterLayers, clusterLegend } from '$lib/layers/clusters';
import { pointFeatures, type Props } from '$lib/layers/features';
import { defineLayer, demoRow, num, unitRow, placeRow } from './types';

export default defineLayer({
	key: 'boardingHouses',
	api: 'boarding_houses',
	id: 'boarding-houses',
	viewport: true,
	visibleByDefault: true,
	opacity: true,
	filters: { unit: true },
	drawOrder: 6,
	name: 'boardingHouses',
	swatch: () => ({ kind: 'dot', color: rgbCss(BOARDING_HOUSE_COLOR) }),
	deck: (data, show) =>
		data.mode === 'clusters'
			? clusterLayers('boarding-houses', data, BOARDING_HOUSE_COLOR, show)
			: new ScatterplotLayer<Feature<Point, Props>>({
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
				}),
	clusters: { weight: 'workers' },
	describe: (p, { t, locale }) => ({
		title: String(p.label),
		rows: [
			[t('workers'), num(p.workers, locale)],
			[t('rooms'), num(p.rooms, locale)],
			...(p.industrial_zone ? [[t('industrialZones'), String(p.industrial_zone)] as [string, string]] : []),
			...unitRow(p, t),
			...placeRow(p, t, locale),
			...demoRow(p, t)
		],
		cluster: false
	}),
	legend: {
		order: 5,
		group: 'sites',
		part: (data, ctx) => ({
			entries: [
				{ swatch: { shape: 'dot', color: rgbCss(BOARDING_HOUSE_COLOR), size: 8 }, label: ctx.t('boardingHouses') },
				...clusterLegend(data, BOARDING_HOUSE_COLOR, ctx.t)
			]
		})
	}
});
