import { describe, expect, it } from 'vitest';
import { emergingHotSpots, mannKendall } from './emerging';
import { grid } from './testing';

describe('emerging hot spots', () => {
	it('computes the Mann–Kendall statistic by hand', () => {
		// 1..5: S = 10, Var = 5·4·15/18 = 16.667, Z = 9/√16.667 = 2.2045, p = 0.0275.
		const up = mannKendall([1, 2, 3, 4, 5]);
		expect(up.s).toBe(10);
		expect(up.z).toBeCloseTo(9 / Math.sqrt(50 / 3), 10);
		expect(up.p).toBeCloseTo(0.0275, 3);
		expect(up.trend).toBe(1);
		expect(mannKendall([5, 4, 3, 2, 1]).trend).toBe(-1);
		expect(mannKendall([2, 2, 2, 2]).trend).toBe(0);
	});

	it('calls a cluster that appears only in the last slice new, and a growing one intensifying', () => {
		const points = grid(12, 1);
		const background = (i: number) => (i * 7919) % 3;
		const inBlock = (i: number, r0: number, c0: number) => {
			const r = Math.floor(i / 12);
			const c = i % 12;
			return r >= r0 && r < r0 + 3 && c >= c0 && c < c0 + 3;
		};
		// A block whose excess grows each year (1 → 6 above a background of 0–2)…
		const growing = [0, 1, 2, 3, 4, 5].map((t) => points.map((_, i) => background(i) + (inBlock(i, 1, 1) ? 1 + t : 0)));
		const result = emergingHotSpots(points, growing, { kind: 'distance', bandKm: 1.5 });
		expect(result.category[2 * 12 + 2]).toBe('intensifying');
		expect(result.category[6 * 12 + 0]).toBe('none');
		// …and one that only appears in the last year.
		const appearing = [0, 1, 2, 3, 4, 5].map((t) => points.map((_, i) => background(i) + (t === 5 && inBlock(i, 8, 8) ? 5 : 0)));
		expect(emergingHotSpots(points, appearing, { kind: 'distance', bandKm: 1.5 }).category[9 * 12 + 9]).toBe('new');
		const slices = growing;
		expect(() => emergingHotSpots(points, [slices[0]!], { kind: 'distance', bandKm: 1.5 })).toThrow('at least 2 time slices');
	});
});
