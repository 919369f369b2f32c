import { describe, expect, it } from 'vitest';
import { EMERGING_CATEGORIES, emergingCategory, emergingHotSpots, mannKendall, type EmergingCategory } from './emerging';
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

	it('classes hand-built series into every one of the 17 categories, by ArcGIS’s rules, with the counts that decided', () => {
		// H: significant hot step, C: cold, .: neither; oldest first, ten steps.
		const series = (text: string) => ({ hot: [...text].map((c) => c === 'H'), cold: [...text].map((c) => c === 'C') });
		const flip = (text: string) => text.replace(/H/g, 'x').replace(/C/g, 'H').replace(/x/g, 'C');
		const golden: [string, 1 | -1 | 0, EmergingCategory][] = [
			['.........H', 0, 'new'],
			['.......HHH', 1, 'consecutive'],
			['.HHHHHHHHH', 1, 'intensifying'],
			['HHHHHHHHHH', 0, 'persistent'],
			['HHHHHHHHHH', -1, 'diminishing'],
			['H..H.H...H', 0, 'sporadic'],
			['..C.H....H', 0, 'oscillating'],
			['HHHHHHHHH.', 0, 'historical'],
			['HH.H....H.', 0, 'none'],
			['..........', 0, 'none']
		];
		const found = new Set<EmergingCategory>();
		for (const [text, trend, category] of golden) {
			const hot = emergingCategory(series(text).hot, series(text).cold, trend);
			expect(hot.category, text).toBe(category);
			// The same series of cold spots, with the trend reversed (more negative z: intensifying cold).
			const cold = emergingCategory(series(flip(text)).hot, series(flip(text)).cold, (-trend || 0) as 1 | -1 | 0);
			expect(cold.category, flip(text)).toBe(category === 'none' ? 'none' : `${category}_cold`);
			found.add(hot.category).add(cold.category);
		}
		expect([...found].sort()).toEqual([...EMERGING_CATEGORIES].sort());
		// The reason carries what the rule read: sporadic — hot in 4 of 10 steps, never cold.
		expect(emergingCategory(series('H..H.H...H').hot, series('H..H.H...H').cold, 0).reason).toEqual({ hot: 4, cold: 0, steps: 10, run: 1, trend: 0 });
		expect(emergingCategory(series('.......HHH').hot, series('.......HHH').cold, 1).reason.run).toBe(3);
		// A hot run with an earlier hot step is not consecutive; nor is a single last step (that is new).
		expect(emergingCategory(series('H......HHH').hot, series('H......HHH').cold, 0).category).toBe('sporadic');
	});
});
