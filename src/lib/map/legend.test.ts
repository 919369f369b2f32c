import { describe, expect, it } from 'vitest';
import { color } from 'd3-color';
import type { GeoJsonLayer } from '@deck.gl/layers';
import { casesLayer } from '$lib/map/layers/cases';
import { SHOWN } from '$lib/layers/features';
import { CASES_RAMP, snappedRadius } from '$lib/layers/colors';
import { translator } from '$lib/i18n/messages';
import { DEFAULT_VISIBLE, LAYER_KEYS, type LayerKey } from './layers';
import type { LayerContext, LayerData } from './layers/types';
import { classify } from './indicators';
import { mapLegend } from './map-legend';
import { metresPerPixel, rampEntries, scaleBar } from './legend';

const t = translator('vi');
const none = Object.fromEntries(LAYER_KEYS.map((k) => [k, false])) as Record<LayerKey, boolean>;
const cell = (count: number) => ({ type: 'Feature' as const, properties: { count }, geometry: { type: 'Point' as const, coordinates: [106, 11] } });

describe('map legends', () => {
	it('picks a round scale bar length no longer than asked, in the reader’s numbers', () => {
		const km = (v: number) => v.toLocaleString('vi-VN');
		expect(scaleBar(100, 120, km)).toEqual({ px: 100, label: '10 km' });
		expect(scaleBar(3, 120, km)).toEqual({ px: 200 / 3, label: '200 m' });
		expect(scaleBar(25, 120, km).label).toBe('2 km');
		// At the equator, zoom 0: one 512-pixel tile spans the earth.
		expect(metresPerPixel(0, 0) * 512).toBeCloseTo(40_075_016.686, 0);
		expect(metresPerPixel(60, 3)).toBeCloseTo(metresPerPixel(0, 3) / 2, 6);
	});

	it('labels a ramp in the colours the layer draws', () => {
		const features = [cell(3), cell(12), cell(1250)];
		const layer = casesLayer({ type: 'FeatureCollection', features, aggregate: 'admin_unit', mode: 'aggregate' }, SHOWN);
		const fill = ((layer as GeoJsonLayer).props as unknown as { getFillColor: (f: unknown) => number[] }).getFillColor;
		const entries = rampEntries(CASES_RAMP, 1250, (v) => v.toLocaleString('vi-VN'), { min: 3, steps: 4 });
		expect(entries[0]!.label).toBe('3');
		expect(entries.at(-1)!.label).toBe('1.250');
		const last = color(entries.at(-1)!.swatch.color)!.rgb();
		expect(fill(features[2]).slice(0, 3)).toEqual([last.r, last.g, last.b]);
	});

	it('has a section for each drawn layer only, as the cases are shown to this user', () => {
		const ctx: LayerContext = { t, locale: 'vi', exactCases: false, choropleth: null };
		const legend = (visible: Record<LayerKey, boolean>, cases: LayerData | undefined, over: Partial<LayerContext> = {}) =>
			mapLegend({ visible, dataOf: (def) => (def.key === 'cases' ? cases : undefined), ctx: { ...ctx, ...over } });
		const aggregated = legend(
			{ ...none, cases: true },
			{ type: 'FeatureCollection', features: [cell(5), cell(40)], aggregate: 'admin_unit', mode: 'aggregate', suppression_k: 3 }
		);
		expect(aggregated.map((s) => s.id)).toEqual(['cases']);
		expect(aggregated[0]!.entries.map((e) => e.label)).toEqual(['3', '11', '23', '40']);
		expect(aggregated[0]!.note).toContain('dưới 3 vụ');

		const snapped = legend(
			{ ...none, cases: true },
			{ type: 'FeatureCollection', features: [cell(11), cell(60)], aggregate: 'snapped', mode: 'aggregate', suppression_k: 11 }
		);
		expect(snapped[0]!.entries.map((e) => [e.label, e.swatch.shape === 'dot' && e.swatch.size])).toEqual([
			['11 vụ', 2 * snappedRadius(11, 60)],
			['30 vụ', 2 * snappedRadius(30, 60)],
			['60 vụ', 2 * snappedRadius(60, 60)]
		]);

		const exact = legend({ ...none, cases: true }, { type: 'FeatureCollection', features: [cell(1)], mode: 'features' }, { exactCases: true });
		expect(exact[0]!.entries[0]!.label).toBe(t('legendCasePoint'));

		const classes = classify([1, 2, 5, 9, 30, 31, 80]);
		const defaults = legend({ ...DEFAULT_VISIBLE, cases: false, choropleth: true }, undefined, {
			choropleth: { classes, indicator: 'cases', level: 'province', values: new Map(), figures: { units: [], suppression_k: 3 } }
		});
		expect(defaults.map((s) => s.id)).toEqual(['choropleth', 'sites', 'border']);
		expect(defaults[0]!.entries).toHaveLength(classes!.colors.length + 1);
		expect(defaults[2]!.entries.map((e) => e.label)).toContain('Campuchia');
		// A smoothed rate with too few units says so instead of drawing an empty map.
		const tooFew = legend({ ...none, choropleth: true }, undefined, {
			choropleth: { classes: null, indicator: 'cases_per_100k_workers_eb', level: 'province', values: new Map(), figures: { units: [], suppression_k: 3 } }
		});
		expect(tooFew.map((s) => s.id)).toEqual(['choropleth']);
		expect(tooFew[0]!.note).toContain('5');
	});
});

describe('the planner’s legend', () => {
	it('shows the KDE cells’ own colours, also for densities below 1', async () => {
		const { hotspotCellsLayer, planLegend } = await import('$lib/layers/planning');
		const cell = (density: number) => ({
			type: 'Feature' as const,
			properties: { count: 3, density },
			geometry: {
				type: 'Polygon' as const,
				coordinates: [
					[
						[106, 11],
						[106.1, 11],
						[106.1, 11.1],
						[106, 11],
						[106, 11]
					]
				]
			}
		});
		const cells = { type: 'FeatureCollection' as const, features: [cell(0.0004), cell(0.003)] };
		const fill = (hotspotCellsLayer(cells, 'kde').props as unknown as { getFillColor: (f: unknown) => number[] }).getFillColor;
		const [legend] = planLegend({ hotspots: { method: 'kde', cells }, coverage: false, sites: [], ringKm: 5, uncovered: false, t, format: String });
		const high = color(legend!.entries.at(-1)!.swatch.color)!.rgb();
		expect(fill(cells.features[1]).slice(0, 3)).toEqual([high.r, high.g, high.b]);
	});
});
