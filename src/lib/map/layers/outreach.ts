/** Outreach activities coloured by form, sized by people reached; clusters when many. */
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, Point } from 'geojson';
import { OUTREACH_COLORS, paletteLegend, rgbCss, type Rgb } from '$lib/layers/colors';
import { clusterLayers, clusterLegend } from '$lib/layers/clusters';
import { pointFeatures, type Props } from '$lib/layers/features';
import { codeLabel, day, defineLayer, demoRow, num, unitRow, placeRow } from './types';

export default defineLayer({
	key: 'outreach',
	api: 'outreach',
	id: 'outreach',
	viewport: true,
	visibleByDefault: false,
	opacity: true,
	filters: { dated: true, forms: true, unit: true },
	drawOrder: 7,
	name: 'outreach',
	swatch: () => ({ kind: 'dot', color: rgbCss(OUTREACH_COLORS.meeting!) }),
	deck: (data, show) =>
		data.mode === 'clusters'
			? clusterLayers('outreach', data, OUTREACH_COLORS.meeting!, show)
			: new ScatterplotLayer<Feature<Point, Props>>({
					id: 'outreach',
					data: pointFeatures(data),
					visible: show.visible,
					opacity: show.opacity,
					radiusUnits: 'meters',
					radiusMinPixels: 2.5,
					radiusMaxPixels: 10,
					getPosition: (f) => f.geometry.coordinates as [number, number],
					getRadius: (f) => 40 * Math.sqrt(Number(f.properties.people_reached) || 1),
					getFillColor: (f) => [...(OUTREACH_COLORS[String(f.properties.form)] ?? [120, 120, 120]), 190] as [...Rgb, number],
					stroked: true,
					lineWidthUnits: 'pixels',
					getLineWidth: 0.5,
					getLineColor: [255, 255, 255, 200],
					pickable: true
				}),
	clusters: { weight: 'peopleReached' },
	describe: (p, { t, locale }) => ({
		title: `${codeLabel(t, 'form_', p.form)} · ${day(p.held_on, locale)}`,
		rows: [
			[t('peopleReached'), num(p.people_reached, locale)],
			[t('materials'), num(p.materials, locale)],
			[t('organiser'), String(p.organiser ?? '—')],
			...unitRow(p, t),
			...placeRow(p, t, locale),
			...demoRow(p, t)
		],
		cluster: false
	}),
	legend: {
		order: 3,
		part: (data, { t }) => ({
			entries: [...paletteLegend(OUTREACH_COLORS, (code) => codeLabel(t, 'form_', code), 9), ...clusterLegend(data, OUTREACH_COLORS.meeting!, t)],
			note: t('legendOutreachSize')
		})
	}
});
