import { describe, expect, it } from 'vitest';
import { hexBin, hexFeatures, resolutionForEdge } from './hexbin';
import { scatter } from './testing';

describe('H3 hexagon binning', () => {
	it('counts every point once and sums weights per cell', () => {
		const points = scatter(500, [{ lon: 106.2, lat: 11.1 }], 0.05, 9);
		const weights = points.map((_, i) => (i % 2 ? 2 : 1));
		const bins = hexBin(points, 7, weights);
		expect(bins.reduce((s, b) => s + b.count, 0)).toBe(500);
		expect(bins.reduce((s, b) => s + b.total, 0)).toBe(weights.reduce((s, w) => s + w, 0));
	});

	it('puts points a few metres apart in one cell and far points in different cells', () => {
		const bins = hexBin(
			[
				{ lon: 106.1, lat: 11.1 },
				{ lon: 106.10001, lat: 11.10001 },
				{ lon: 107, lat: 12 }
			],
			8
		);
		expect(bins.map((b) => b.count).sort()).toEqual([1, 2]);
	});

	it('returns closed GeoJSON hexagons in [lon, lat] order', () => {
		const fc = hexFeatures(hexBin([{ lon: 106.1, lat: 11.1 }], 6));
		const ring = fc.features[0]!.geometry.coordinates[0]!;
		expect(ring.length).toBe(7);
		expect(ring[0]).toEqual(ring[6]);
		expect(Math.abs(ring[0]![0]! - 106.1)).toBeLessThan(0.2);
	});

	it('picks the finest resolution whose hexagons are at least the asked size', () => {
		expect(resolutionForEdge(1)).toBe(7);
		expect(resolutionForEdge(10)).toBe(4);
		expect(() => hexBin([], 16)).toThrow('resolution');
	});
});
