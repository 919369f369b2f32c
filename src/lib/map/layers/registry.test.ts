import { describe, expect, it } from 'vitest';
import type { Layer } from '@deck.gl/core';
import { DRAW_ORDER, layerOfDeckId, MAP_LAYER_DEFS, PAGE_LAYERS, VIEWPORT_DEFS } from '$lib/map/layers';
import { describe as describeFeature } from '$lib/map/describe';
import { translator } from '$lib/i18n/messages';
import { SHOWN } from '$lib/layers/features';

const point = (properties: Record<string, unknown>) => ({
	type: 'Feature' as const,
	properties,
	geometry: { type: 'Point' as const, coordinates: [106.2, 11.1] }
});
const collection = (mode: string, extra: Record<string, unknown> = {}) =>
	({ type: 'FeatureCollection' as const, features: [point({ count: 12, weight: 30, kind: 'meeting', form: 'meeting' })], mode, ...extra }) as never;

describe('the layer registry', () => {
	it('names each layer once: keys, deck.gl ids and draw order are distinct, page and view layers apart', () => {
		for (const field of ['key', 'id', 'drawOrder'] as const) expect(new Set(MAP_LAYER_DEFS.map((d) => d[field])).size, field).toBe(MAP_LAYER_DEFS.length);
		expect(DRAW_ORDER[0]!.key).toBe('choropleth');
		expect(DRAW_ORDER.at(-1)!.key).toBe('borderGates');
		for (const def of VIEWPORT_DEFS) expect(PAGE_LAYERS).not.toContain(def.api);
		expect(new Set(VIEWPORT_DEFS.map((d) => d.api)).size).toBe(VIEWPORT_DEFS.length);
	});

	it('finds a layer from any deck.gl id it draws with, and lets it describe its features', () => {
		expect(layerOfDeckId('boarding-houses-clusters-counts')?.key).toBe('boardingHouses');
		expect(layerOfDeckId('cases-areas')?.key).toBe('cases');
		expect(layerOfDeckId('labels')).toBeUndefined();
		const ctx = { t: translator('en'), locale: 'en' as const, exactCases: false, choropleth: null };
		const described = MAP_LAYER_DEFS.filter((d) => d.describe && d.key !== 'choropleth');
		expect(described.length).toBeGreaterThanOrEqual(7);
		for (const def of described) expect(describeFeature(def.id, { name: 'X', label: 'X', kind: 'gate', country: 'KH' }, ctx)?.title, def.key).toBeTruthy();
	});
});

describe('layer ids', () => {
	it('never give one id to two layer classes across the answers a layer can get', () => {
		const classOf = new Map<string, string>();
		const answers = ['features', 'clusters', 'aggregate'].flatMap((mode) => [
			collection(mode),
			collection(mode, { aggregate: 'admin_unit' }),
			collection(mode, { aggregate: 'snapped' })
		]);
		const ctx = { t: translator('en'), locale: 'en' as const, exactCases: false, choropleth: null };
		// Model sites' icons are drawn on a page canvas: not in this Node test.
		for (const def of VIEWPORT_DEFS.filter((d) => d.key !== 'modelSites')) {
			for (const answer of answers) {
				for (const layer of [def.deck(answer, SHOWN, ctx)].flat() as Layer[]) {
					const known = classOf.get(layer.id);
					expect(known === undefined || known === layer.constructor.name, `${layer.id}: ${known} and ${layer.constructor.name}`).toBe(true);
					classOf.set(layer.id, layer.constructor.name);
				}
			}
		}
		expect(classOf.get('cases')).toBe('ScatterplotLayer');
		expect(classOf.get('cases-areas')).toBe('GeoJsonLayer');
	});
});
