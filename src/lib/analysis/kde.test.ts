import { describe, expect, it } from 'vitest';
import { estimateBandwidth, kernelDensity, quarticKernel } from './kde';
import { KM_PER_DEGREE, scatter } from './testing';

describe('quartic kernel density', () => {
	it('has the quartic shape: 3/(πh²) at the centre, 0 at the bandwidth', () => {
		expect(quarticKernel(0, 2)).toBeCloseTo(3 / (Math.PI * 4), 12);
		expect(quarticKernel(1, 2)).toBeCloseTo((3 / (Math.PI * 4)) * (1 - 0.25) ** 2, 12);
		expect(quarticKernel(2, 2)).toBe(0);
		expect(quarticKernel(5, 2)).toBe(0);
	});

	it('integrates to 1 over the disc (numerically)', () => {
		const h = 3;
		const dr = 0.001;
		let integral = 0;
		for (let r = dr / 2; r < h; r += dr) integral += quarticKernel(r, h) * 2 * Math.PI * r * dr;
		expect(integral).toBeCloseTo(1, 5);
	});

	it('spreads the total weight over the grid: Σ density × cell area ≈ total weight', () => {
		const at = { lon: 106, lat: 0 };
		const cellDeg = 0.005;
		const grid = kernelDensity([at], { bbox: [105.9, -0.1, 106.1, 0.1], cellDeg, bandwidthKm: 5, weights: [7] });
		const cellKm2 = (cellDeg * KM_PER_DEGREE) ** 2;
		const total = grid.values.reduce((s, v) => s + v, 0) * cellKm2;
		expect(total).toBeCloseTo(7, 1);
	});

	it('estimates a positive bandwidth that shrinks as points are added (n^−0.2)', () => {
		const few = scatter(100, [{ lon: 106, lat: 11 }], 0.1, 1);
		const many = scatter(3000, [{ lon: 106, lat: 11 }], 0.1, 1);
		expect(estimateBandwidth(few)).toBeGreaterThan(estimateBandwidth(many));
		expect(estimateBandwidth(many)).toBeGreaterThan(0);
	});

	it('rejects an inverted bbox and a grid too large to compute', () => {
		expect(() => kernelDensity([{ lon: 1, lat: 1 }], { bbox: [2, 0, 1, 1], cellDeg: 0.1, bandwidthKm: 1 })).toThrow('west < east');
		expect(() => kernelDensity([{ lon: 1, lat: 1 }], { bbox: [0, 0, 100, 50], cellDeg: 0.001, bandwidthKm: 1 })).toThrow('too large');
	});
});
