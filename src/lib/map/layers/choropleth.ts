/**
 * Units of one level filled by an indicator's class colour (natural breaks, $lib/map/indicators);
 * units whose value is suppressed or too small a base are grey. Its figures come from
 * /api/indicators; its shapes are the page's admin units.
 */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { MessageKey } from '$lib/i18n/messages';
import { formatNumber } from '$lib/i18n/format';
import { CHOROPLETH_SUPPRESSED, rgbCss, type Rgb } from '$lib/layers/colors';
import { perCollection, type Props } from '$lib/layers/features';
import { schemeYlOrRd } from 'd3-scale-chromatic';
import { indicatorValue, MIN_EB_UNITS, MIN_LOCAL_EB_UNITS, MIN_RATE_BASE, rateBaseTooSmall, SMOOTHED, type Indicator } from '../indicators';
import { defineLayer, type LayerData, type LayerContext } from './types';

const SUPPRESSED: [...Rgb, number] = [...CHOROPLETH_SUPPRESSED, 110];

const rgba = (css: string | null | undefined): [...Rgb, number] => {
	if (!css) return SUPPRESSED;
	const n = Number.parseInt(css.slice(1), 16);
	return [(n >> 16) & 255, (n >> 8) & 255, n & 255, 190];
};

/** The units of each level, filtered once per collection (deck.gl redraws when data changes identity). */
const byLevel = perCollection((data: LayerData) => {
	const levels = new Map<string, LayerData>();
	for (const f of data.features) {
		const level = String(f.properties.level);
		if (!levels.has(level)) levels.set(level, { type: 'FeatureCollection', features: [] });
		levels.get(level)!.features.push(f);
	}
	return levels;
});
const EMPTY_LEVEL: LayerData = { type: 'FeatureCollection', features: [] };

/** An indicator's value as the choropleth writes it: one decimal below 10, whole numbers above. */
const valueOf = (value: number, locale: LayerContext['locale']) => formatNumber(value, locale, value < 10 ? 1 : 0);
/** Why a smoothed rate is missing for a unit with a shown count, and the note under its legend. */
const tooFew = (ctx: LayerContext, indicator: Indicator) =>
	indicator === 'cases_per_100k_workers_leb'
		? ctx.t('lebTooFew').replace('{n}', String(MIN_LOCAL_EB_UNITS))
		: ctx.t('ebTooFew').replace('{n}', String(MIN_EB_UNITS));
const smoothedNote = (ctx: LayerContext, indicator: Indicator) =>
	indicator === 'cases_per_100k_workers_leb'
		? ctx.t('lebNote').replace('{n}', String(MIN_LOCAL_EB_UNITS))
		: ctx.t('ebNote').replace('{n}', String(MIN_EB_UNITS));
const valueText = (ctx: LayerContext, value: number | null | undefined) => (value === null || value === undefined ? null : valueOf(value, ctx.locale));

export default defineLayer({
	key: 'choropleth',
	api: 'admin_units',
	id: 'choropleth',
	viewport: false,
	visibleByDefault: false,
	opacity: true,
	filters: {},
	drawOrder: 0,
	name: 'choropleth',
	swatch: () => ({ kind: 'ramp', colors: [schemeYlOrRd[5]![0]!, schemeYlOrRd[5]![2]!, schemeYlOrRd[5]![4]!] }),
	count: (_data, { choropleth }) => choropleth?.figures?.units.length ?? null,
	deck: (data, show, { choropleth }) =>
		new GeoJsonLayer<Props>({
			id: 'choropleth',
			data: byLevel(data).get(choropleth?.level ?? 'province') ?? EMPTY_LEVEL,
			visible: show.visible,
			opacity: show.opacity,
			filled: true,
			stroked: true,
			getFillColor: (f) => rgba(choropleth?.classes?.color(choropleth.values.get(String(f.properties.code)) ?? null)),
			getLineColor: [255, 255, 255, 200],
			lineWidthUnits: 'pixels',
			getLineWidth: 0.8,
			pickable: true,
			updateTriggers: { getFillColor: [choropleth?.values, choropleth?.classes] }
		}),
	describe: (p, ctx) => {
		const { t, choropleth } = ctx;
		const u = choropleth?.figures?.units.find((x) => x.code === p.code);
		if (!choropleth || !u) return null;
		const k = String(choropleth.figures?.suppression_k ?? 3);
		const fmt = (v: number) => valueOf(v, ctx.locale);
		return {
			title: u.name,
			rows: [
				[
					t(`ind_${choropleth.indicator}` as MessageKey),
					valueText(ctx, choropleth.values.get(u.code)) ??
						(rateBaseTooSmall(u, choropleth.indicator)
							? t('rateBaseTooSmall').replace('{n}', formatNumber(MIN_RATE_BASE, ctx.locale))
							: SMOOTHED.has(choropleth.indicator) && u.cases !== null
								? tooFew(ctx, choropleth.indicator)
								: t('suppressedClass').replace('{k}', k))
				],
				// A smoothed rate shows the raw one beside it.
				...(SMOOTHED.has(choropleth.indicator) ? [[t('rawRate'), valueText(ctx, indicatorValue(u, 'cases_per_100k_workers')) ?? '—'] as [string, string]] : []),
				[t('ind_cases'), u.cases === null ? `< ${k}` : fmt(u.cases)],
				[t('ind_outreach'), fmt(u.outreach)],
				[t('ind_people_reached'), fmt(u.people_reached)],
				[t('ind_workers'), fmt(u.workers)]
			],
			cluster: false
		};
	},
	legend: {
		order: 0,
		part: (_data, ctx) => {
			const classes = ctx.choropleth?.classes;
			if (!ctx.choropleth) return null;
			// Too few units for a smoothed rate: say so rather than show an empty map.
			const { indicator } = ctx.choropleth;
			if (!classes && SMOOTHED.has(indicator) && ctx.choropleth.figures)
				return { title: ctx.t(`ind_${indicator}` as MessageKey), entries: [], note: tooFew(ctx, indicator) };
			if (!classes) return null;
			const fmt = (v: number) => valueOf(v, ctx.locale);
			return {
				title: ctx.t(`ind_${ctx.choropleth.indicator}` as MessageKey),
				entries: [
					...classes.colors.map((c, i) => {
						const low = i === 0 ? classes.min : classes.thresholds[i - 1]!;
						const high = i < classes.colors.length - 1 ? classes.thresholds[i]! : classes.max;
						return { swatch: { shape: 'fill' as const, color: c }, label: `${fmt(low)}${high > low ? `–${fmt(high)}` : ''}` };
					}),
					{
						swatch: { shape: 'fill', color: rgbCss(CHOROPLETH_SUPPRESSED, 0.45) },
						label: ctx.t('suppressedClass').replace('{k}', String(ctx.choropleth.figures?.suppression_k ?? 3))
					}
				],
				...(SMOOTHED.has(indicator) ? { note: smoothedNote(ctx, indicator) } : {})
			};
		}
	}
});
