/**
 * Cases as the caller may see them: exact points or clusters of them (investigators), suppressed
 * counts per unit / grid cell filled with a sequential scale (everyone else), or — on maps that
 * leave the app — anonymous points snapped inside their province, sized by count.
 */
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Feature, Point } from 'geojson';
import { formatNumber } from '$lib/i18n/format';
import { CASE_POINT_COLOR, CASES_RAMP, maxOf, rampFill, rampSwatch, rgbCss, snappedRadius } from '$lib/layers/colors';
import { clusterLayers, clusterLegend } from '$lib/layers/clusters';
import { pointFeatures, type Props, type Show } from '$lib/layers/features';
import { rampEntries } from '../legend';
import { codeLabel, day, defineLayer, demoRow, num, unitRow, type LayerData } from './types';

/** Case points: exact ones (investigators) or snapped ones sized by their count. */
function casePoints(data: LayerData, show: Show, style: { radius: (f: Feature<Point, Props>) => number; alpha: number; line: number; trigger?: number }) {
	return new ScatterplotLayer<Feature<Point, Props>>({
		id: 'cases',
		data: pointFeatures(data),
		visible: show.visible,
		opacity: show.opacity,
		radiusUnits: 'pixels',
		getRadius: style.radius,
		getPosition: (f) => f.geometry.coordinates as [number, number],
		getFillColor: [...CASE_POINT_COLOR, style.alpha],
		stroked: true,
		lineWidthUnits: 'pixels',
		getLineWidth: style.line,
		getLineColor: [255, 255, 255, 220],
		pickable: true,
		updateTriggers: { getRadius: style.trigger }
	});
}

export function casesLayer(data: LayerData, show: Show) {
	if (data.mode === 'clusters') return clusterLayers('cases', data, CASE_POINT_COLOR, show);
	if (data.aggregate === 'snapped') {
		const most = Math.max(1, maxOf(data, 'count'));
		return casePoints(data, show, { radius: (f) => snappedRadius(Number(f.properties.count) || 0, most), alpha: 170, line: 1, trigger: most });
	}
	if (!data.aggregate) return casePoints(data, show, { radius: () => 3.5, alpha: 210, line: 0.5 });
	return new GeoJsonLayer<Props>({
		// Not 'cases': that id is the points' (ScatterplotLayer); an id keeps its layer class.
		id: 'cases-areas',
		data,
		visible: show.visible,
		opacity: show.opacity,
		filled: true,
		stroked: true,
		getFillColor: rampFill(data, CASES_RAMP, 'count', 170),
		getLineColor: [120, 40, 20, 200],
		lineWidthUnits: 'pixels',
		getLineWidth: 1,
		pickable: true,
		updateTriggers: { getFillColor: data }
	});
}

export default defineLayer({
	key: 'cases',
	api: 'cases',
	id: 'cases',
	viewport: true,
	visibleByDefault: true,
	opacity: true,
	filters: { dated: true, caseTypes: true, unit: true },
	drawOrder: 5,
	name: 'cases',
	label: ({ t, exactCases }) => t(exactCases ? 'casesPoints' : 'casesAggregated'),
	swatch: ({ exactCases }) => (exactCases ? { kind: 'dot', color: rgbCss(CASE_POINT_COLOR) } : { kind: 'ramp', colors: rampSwatch(CASES_RAMP) }),
	deck: casesLayer,
	clusters: { weight: 'victims' },
	describe: (p, { t, locale }) => {
		// A unit's or a grid cell's suppressed counts.
		if (p.count !== undefined)
			return {
				title: String(p.name ?? t('cases')),
				rows: [
					[t('ind_cases'), num(p.count, locale)],
					[t('ind_victims'), num(p.victims, locale)]
				],
				cluster: false
			};
		return {
			title: `${codeLabel(t, 'ct_', p.case_type)} · ${day(p.occurred_on, locale)}`,
			rows: [
				[t('caseStatus'), codeLabel(t, 'status_', p.status)],
				[t('ind_victims'), `${num(p.victims, locale)} (${t('female')} ${num(p.victims_female, locale)}, ${t('under16')} ${num(p.victims_under_16, locale)})`],
				[t('destination'), String(p.destination_country ?? '—')],
				[t('precision'), codeLabel(t, 'precision_', p.location_precision)],
				...unitRow(p, t),
				...demoRow(p, t)
			],
			cluster: false
		};
	},
	legend: {
		order: 1,
		part: (cases, ctx) => {
			const { t, locale } = ctx;
			const n = (v: number) => formatNumber(v, locale);
			const k = cases?.suppression_k ?? 3;
			if (cases?.mode === 'clusters') return { entries: clusterLegend(cases, CASE_POINT_COLOR, t) };
			if (cases?.aggregate === 'snapped') {
				const most = Math.max(1, maxOf(cases, 'count'));
				const counts = [...new Set([k, Math.round(most / 2), most].filter((c) => c >= k && c <= most))];
				return {
					title: t('legendCasesSnapped'),
					entries: counts.map((c) => ({
						swatch: { shape: 'dot', color: rgbCss(CASE_POINT_COLOR, 0.67), size: 2 * snappedRadius(c, most) },
						label: `${n(c)} ${t('legendCasesUnit')}`
					})),
					note: t('legendSnappedNote')
				};
			}
			if (cases?.aggregate && cases.aggregate !== 'none') {
				const max = maxOf(cases, 'count');
				return {
					entries: max > 0 ? rampEntries(CASES_RAMP, max, n, { min: Math.min(k, max), steps: 4 }) : [],
					note: t('suppressedNote').replace('{k}', String(k))
				};
			}
			return ctx.exactCases ? { entries: [{ swatch: { shape: 'dot', color: rgbCss(CASE_POINT_COLOR), size: 7 }, label: t('legendCasePoint') }] } : null;
		}
	}
});
