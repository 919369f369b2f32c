import { describe, expect, it } from 'vitest';
import { ARCHIPELAGOS, archipelagoBbox } from './archipelagos';
import { basemapStyle, VIETNAM_BOUNDS } from './basemap';
import { countryLabels } from '$lib/layers/labels';

describe('Quần đảo Hoàng Sa and Quần đảo Trường Sa on every map', () => {
	it('draws every island as land of Vietnam on the basemap, inside the national view', () => {
		const style = basemapStyle();
		const islands = style.sources.islands as unknown as { data: { features: { geometry: { coordinates: [number, number] } }[] } };
		expect(islands.data.features).toHaveLength(ARCHIPELAGOS.reduce((n, a) => n + a.islands.length, 0));
		const layer = style.layers.find((l) => l.id === 'islands');
		expect(layer?.type).toBe('circle');
		// The same colour as Vietnam's land fill.
		const paintOf = (id: string) => JSON.stringify(style.layers.find((l) => l.id === id)?.paint);
		const islandColour = /"circle-color":"(#[0-9a-f]{6})"/.exec(paintOf('islands'))![1]!;
		expect(paintOf('land')).toContain(`"704"],"${islandColour}"`);
		const [[west, south], [east, north]] = VIETNAM_BOUNDS;
		for (const f of islands.data.features) {
			const [lon, lat] = f.geometry.coordinates;
			expect(lon >= west && lon <= east && lat >= south && lat <= north, `${lon}, ${lat}`).toBe(true);
		}
		// Hoàng Sa lies off Đà Nẵng, Trường Sa south-east of Khánh Hòa.
		const [hoangSa, truongSa] = ARCHIPELAGOS.map(archipelagoBbox);
		expect([hoangSa![1] > 15, hoangSa![3] < 18, hoangSa![0] > 110.5]).toEqual([true, true, true]);
		expect([truongSa![1] > 6, truongSa![3] < 12, truongSa![0] > 111]).toEqual([true, true, true]);
	});

	it('names both archipelagos with their provinces in both languages', () => {
		const vi = countryLabels('vi').map((l) => l.text);
		expect(vi).toContain('Quần đảo Hoàng Sa\n(TP. Đà Nẵng)');
		expect(vi).toContain('Quần đảo Trường Sa\n(tỉnh Khánh Hòa)');
		expect(vi).toContain('VIỆT NAM');
		const en = countryLabels('en').map((l) => l.text);
		expect(en).toContain('Hoàng Sa Archipelago\n(Đà Nẵng)');
		expect(en).toContain('Trường Sa Archipelago\n(Khánh Hòa)');
	});
});
