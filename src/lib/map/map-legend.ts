/**
 * The legend of the map page: one section per drawn layer, in the colours and sizes the layers use
 * (layers/colors.ts, the same ramps and maxima), in the reader's language and number format.
 */
import type { Locale, MessageKey } from '$lib/i18n/messages';
import { formatNumber } from '$lib/i18n/format';
import {
	BOARDING_HOUSE_COLOR,
	CASE_POINT_COLOR,
	CASES_RAMP,
	CHOROPLETH_SUPPRESSED,
	COUNTRY_COLORS,
	INDUSTRIAL_ZONE_COLOR,
	MODEL_SITE_COLORS,
	OUTREACH_COLORS,
	SURFACE_RAMP,
	ADMIN_UNIT_LINE,
	rgbCss,
	snappedRadius
} from '$lib/layers/colors';
import type { LayerKey } from './layers';
import type { Classes } from './indicators';
import { rampEntries, type LegendEntry, type LegendSection } from './legend';
import type { ViewCollection } from '$lib/supabase/database.types';

type Loaded = Partial<ViewCollection> & { features: { properties: Record<string, unknown> }[] };

export interface MapLegendInput {
	visible: Record<LayerKey, boolean>;
	/** The viewport layers as loaded (cases, outreach surface…), by API name. */
	loaded: Partial<Record<'cases' | 'outreach_surface' | 'outreach' | 'model_sites' | 'boarding_houses' | 'industrial_zones', Loaded>>;
	/** The choropleth's classes and what it shows. */
	choropleth: { classes: Classes | null; indicator: string; suppressionK: number } | null;
	exactCases: boolean;
	t: (key: MessageKey) => string;
	locale: Locale;
	/** The layer's name as the panel lists it. */
	label: (key: LayerKey) => string;
}

const maxOf = (layer: Loaded | undefined, property: string) => Math.max(0, ...(layer?.features ?? []).map((f) => Number(f.properties[property]) || 0));

export function mapLegend(input: MapLegendInput): LegendSection[] {
	const { visible, loaded, t, locale, label } = input;
	const n = (v: number) => formatNumber(v, locale);
	const sections: LegendSection[] = [];
	/** One dot per entry of a palette (outreach forms, model-site kinds), named by its message key. */
	const palette = (colors: Record<string, [number, number, number]>, prefix: string, size: number): LegendEntry[] =>
		Object.entries(colors).map(([code, c]) => ({ swatch: { shape: 'dot', color: rgbCss(c), size }, label: t(`${prefix}${code}` as MessageKey) }));
	const clustered = (layer: Loaded | undefined, rgb: [number, number, number]): LegendEntry[] =>
		layer?.mode === 'clusters' ? [{ swatch: { shape: 'dot', color: rgbCss(rgb), size: 22 }, label: t('legendCluster') }] : [];

	if (visible.choropleth && input.choropleth?.classes) {
		const { classes, indicator, suppressionK } = input.choropleth;
		const fmt = (v: number) => formatNumber(v, locale, v < 10 ? 1 : 0);
		sections.push({
			id: 'choropleth',
			title: t(`ind_${indicator}` as MessageKey),
			entries: [
				...classes.colors.map((c, i) => {
					const low = i === 0 ? classes.min : classes.thresholds[i - 1]!;
					const high = i < classes.colors.length - 1 ? classes.thresholds[i]! : classes.max;
					return { swatch: { shape: 'fill' as const, color: c }, label: `${fmt(low)}${high > low ? `–${fmt(high)}` : ''}` };
				}),
				{ swatch: { shape: 'fill', color: rgbCss(CHOROPLETH_SUPPRESSED, 0.45) }, label: t('suppressedClass').replace('{k}', String(suppressionK)) }
			]
		});
	}

	if (visible.cases) {
		const cases = loaded.cases;
		const k = cases?.suppression_k ?? 3;
		if (cases?.mode === 'clusters') {
			sections.push({ id: 'cases', title: label('cases'), entries: clustered(cases, CASE_POINT_COLOR) });
		} else if (cases?.aggregate === 'snapped') {
			const most = Math.max(1, maxOf(cases, 'count'));
			const counts = [...new Set([k, Math.round(most / 2), most].filter((c) => c >= k && c <= most))];
			sections.push({
				id: 'cases',
				title: t('legendCasesSnapped'),
				entries: counts.map((c) => ({ swatch: { shape: 'dot', color: rgbCss(CASE_POINT_COLOR, 0.67), size: 2 * snappedRadius(c, most) }, label: `${n(c)} ${t('legendCasesUnit')}` })),
				note: t('legendSnappedNote')
			});
		} else if (cases?.aggregate && cases.aggregate !== 'none') {
			const max = maxOf(cases, 'count');
			sections.push({
				id: 'cases',
				title: label('cases'),
				entries: max > 0 ? rampEntries(CASES_RAMP, max, n, { min: Math.min(k, max), steps: 4 }) : [],
				note: t('suppressedNote').replace('{k}', String(k))
			});
		} else if (input.exactCases) {
			sections.push({ id: 'cases', title: label('cases'), entries: [{ swatch: { shape: 'dot', color: rgbCss(CASE_POINT_COLOR), size: 7 }, label: t('legendCasePoint') }] });
		}
	}

	if (visible.outreachSurface) {
		const max = maxOf(loaded.outreach_surface, 'people_reached');
		sections.push({ id: 'outreachSurface', title: label('outreachSurface'), entries: max > 0 ? rampEntries(SURFACE_RAMP, max, n, { steps: 4 }) : [] });
	}
	if (visible.outreach) {
		sections.push({
			id: 'outreach',
			title: label('outreach'),
			entries: [
				...palette(OUTREACH_COLORS, 'form_', 9),
				...clustered(loaded.outreach, OUTREACH_COLORS.meeting!)
			],
			note: t('legendOutreachSize')
		});
	}
	if (visible.modelSites) {
		sections.push({
			id: 'modelSites',
			title: label('modelSites'),
			entries: [
				...palette(MODEL_SITE_COLORS, 'kind_', 10),
				...clustered(loaded.model_sites, MODEL_SITE_COLORS.peaceful_house!)
			]
		});
	}
	const sites: LegendEntry[] = [];
	if (visible.boardingHouses) sites.push({ swatch: { shape: 'dot', color: rgbCss(BOARDING_HOUSE_COLOR), size: 8 }, label: label('boardingHouses') }, ...clustered(loaded.boarding_houses, BOARDING_HOUSE_COLOR));
	if (visible.industrialZones) sites.push({ swatch: { shape: 'fill', color: rgbCss(INDUSTRIAL_ZONE_COLOR, 0.5) }, label: label('industrialZones') });
	if (visible.adminUnits) sites.push({ swatch: { shape: 'line', color: rgbCss(ADMIN_UNIT_LINE), width: 1 }, label: label('adminUnits') });
	if (sites.length) sections.push({ id: 'sites', title: t('legendSites'), entries: sites });

	if (visible.borderLines || visible.borderGates) sections.push(borderLegend(t, { lines: visible.borderLines, gates: visible.borderGates }));
	return sections;
}

/** The border lines by neighbour, trails, gates and informal crossings, as the border layers draw them. */
export function borderLegend(t: (key: MessageKey) => string, show: { lines: boolean; gates: boolean } = { lines: true, gates: true }): LegendSection {
	const countries = Object.entries(COUNTRY_COLORS);
	return {
		id: 'border',
		title: t('legendBorder'),
		entries: [
			...(show.lines ? countries.map(([code, c]) => ({ swatch: { shape: 'line' as const, color: rgbCss(c), width: 3.5 }, label: t(`country${code}` as MessageKey) })) : []),
			...(show.lines ? [{ swatch: { shape: 'line' as const, color: rgbCss([90, 90, 90], 0.67), width: 1.5 }, label: t('trails') }] : []),
			...(show.gates
				? [
						{ swatch: { shape: 'dot' as const, color: rgbCss(COUNTRY_COLORS.KH!), size: 11 }, label: t('borderGates') },
						{ swatch: { shape: 'ring' as const, color: rgbCss(COUNTRY_COLORS.KH!), size: 7 }, label: t('crossings') }
					]
				: [])
		]
	};
}
