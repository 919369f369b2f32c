import { describe, expect, it } from 'vitest';
import { bhThreshold, classify, giStar, neighbourLists, normalCdf, twoSidedP } from './gistar';
import { atKm, grid } from './testing';

describe('Getis-Ord Gi*', () => {
	// Five features 1 km apart on a line, band 1.1 km: each has itself and its direct neighbours.
	const line = [0, 1, 2, 3, 4].map((x) => atKm(x));
	const values = [1, 2, 3, 4, 10];

	it('matches a hand-worked example (binary weights, self included, population SD)', () => {
		// n = 5, X̄ = 4, S = √(130/5 − 16) = √10.
		// Feature 4: neighbours {3, 4}: (4 + 10 − 4·2) / (√10 · √((5·2 − 2²)/4)) = 6 / (√10 · √1.5) = 1.549193
		// Feature 2: neighbours {1, 2, 3}: (2 + 3 + 4 − 4·3) / (√10 · √((5·3 − 3²)/4)) = −3 / (√10 · √1.5) = −0.774597
		const r = giStar(line, values, { neighbourhood: { kind: 'distance', bandKm: 1.1 } });
		expect(Array.from(r.neighbours)).toEqual([2, 3, 3, 3, 2]);
		expect(r.z[4]).toBeCloseTo(1.549193, 5);
		expect(r.z[2]).toBeCloseTo(-0.774597, 5);
		expect(r.p[4]).toBeCloseTo(twoSidedP(1.549193), 6);
	});

	it('reads z-scores against the standard normal', () => {
		expect(normalCdf(0)).toBeCloseTo(0.5, 7);
		expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
		expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 6);
		expect(twoSidedP(-2.575829)).toBeCloseTo(0.01, 6);
	});

	it('classes features as ArcGIS does: ±3/±2/±1 at 99/95/90 % confidence', () => {
		const z = [3, -2, 1.7, 0.5];
		const classes = classify(z, z.map(twoSidedP), false);
		expect(Array.from(classes)).toEqual([3, -2, 1, 0]);
	});

	it('applies the Benjamini–Hochberg cut-off (hand-worked)', () => {
		// m = 5, α = 0.05: (k/m)α = .01 .02 .03 .04 .05; p(4) = .04 ≤ .04 is the largest passing rank.
		expect(bhThreshold([0.01, 0.02, 0.03, 0.04, 0.2], 0.05)).toBe(0.04);
		// m = 4: .0125 .025 .0375 .05; only rank 1 passes.
		expect(bhThreshold([0.001, 0.03, 0.04, 0.5], 0.05)).toBe(0.001);
		expect(bhThreshold([0.5, 0.9], 0.05)).toBe(-1);
	});

	it('finds a planted cluster as a hot spot and nothing far from it; FDR never adds significance', () => {
		const points = grid(20, 1);
		const values = points.map((_, i) => {
			const r = Math.floor(i / 20);
			const c = i % 20;
			return r >= 8 && r < 12 && c >= 8 && c < 12 ? 20 : (i * 7919) % 5;
		});
		const plain = giStar(points, values, { neighbourhood: { kind: 'distance', bandKm: 1.5 } });
		const fdr = giStar(points, values, { neighbourhood: { kind: 'distance', bandKm: 1.5 }, fdr: true });
		const centre = 10 * 20 + 10;
		expect(fdr.classes[centre]).toBe(3);
		expect(fdr.classes[0]).toBeLessThanOrEqual(0);
		const significant = (c: Int8Array) => c.filter((x) => x !== 0).length;
		expect(significant(fdr.classes)).toBeLessThanOrEqual(significant(plain.classes));
		for (let i = 0; i < points.length; i++) expect(Math.abs(fdr.classes[i]!)).toBeLessThanOrEqual(Math.abs(plain.classes[i]!));
	});

	it('uses k nearest neighbours plus the feature itself', () => {
		const lists = neighbourLists(grid(5, 1), { kind: 'knn', k: 4 });
		expect(lists.every((l, i) => l.length === 5 && l[0] === i && new Set(l).size === 5)).toBe(true);
	});

	it('gives seeded, reproducible permutation pseudo p-values', () => {
		const points = grid(8, 1);
		const values = points.map((_, i) => (i === 27 || i === 28 || i === 35 || i === 36 ? 50 : i % 3));
		const options = { neighbourhood: { kind: 'distance', bandKm: 1.5 } as const, permutations: 199, seed: 42 };
		const a = giStar(points, values, options);
		const b = giStar(points, values, options);
		expect(Array.from(a.pseudoP!)).toEqual(Array.from(b.pseudoP!));
		expect(a.pseudoP![27]).toBeLessThanOrEqual(0.01);
		expect(Math.min(...a.pseudoP!)).toBeGreaterThanOrEqual(1 / 200);
	});

	it('rejects bad input with a plain message', () => {
		expect(() => giStar(line, [1, 2], { neighbourhood: { kind: 'distance', bandKm: 1 } })).toThrow('values has 2 entries for 5 points');
		expect(() => giStar(line, values, { neighbourhood: { kind: 'distance', bandKm: -1 } })).toThrow('bandKm must be positive');
		expect(() => giStar(line, [1, 2, NaN, 4, 5], { neighbourhood: { kind: 'distance', bandKm: 1 } })).toThrow('values[2] is not a number');
		expect(() => giStar(line, values, { neighbourhood: { kind: 'knn', k: 5 } })).toThrow('k must lie between 1 and 4');
	});
});
