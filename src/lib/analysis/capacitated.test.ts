import { describe, expect, it } from 'vitest';
import { capacitatedExact, capacitatedHeuristic } from './capacitated';
import { coveredWeight, mclpExact, setProblem } from './mclp';
import { scatter } from './testing';

// Two sites 11 km apart; a point only A reaches (60), one both reach (50), one only B reaches (30).
const A = { lon: 106.0, lat: 11.0 };
const B = { lon: 106.1, lat: 11.0 };
const demand = [
	{ lon: 105.96, lat: 11.0, weight: 60 },
	{ lon: 106.05, lat: 11.0, weight: 50 },
	{ lon: 106.14, lat: 11.0, weight: 30 }
];

describe('capacitated maximal covering', () => {
	it('shares the demand both sites reach so that neither serves more than its capacity (hand-worked)', async () => {
		// A: 60 + 10 of the shared point; B: 30 + the other 40 — all 140, each site at 70.
		for (const solve of [capacitatedHeuristic, capacitatedExact]) {
			const both = await solve({ demand, candidates: [A, B], radiusKm: 6, k: 2, capacity: 70 });
			expect(both.covered).toBeCloseTo(140, 9);
			expect(both.served.map((s) => Math.round(s))).toEqual([70, 70]);
		}
		// One site of capacity 70 serves 70, wherever it is; without the capacity A alone would cover 110.
		const one = await capacitatedExact({ demand, candidates: [A, B], radiusKm: 6, k: 1, capacity: 70 });
		expect(one.covered).toBeCloseTo(70, 9);
		expect((await mclpExact({ demand, candidates: [A, B], radiusKm: 6, k: 1 })).covered).toBe(110);
		// A capacity below what is reachable binds: two sites of 40 serve 80.
		expect((await capacitatedExact({ demand, candidates: [A, B], radiusKm: 6, k: 2, capacity: 40 })).covered).toBeCloseTo(80, 9);
	});

	it('never promises more than the sites can serve, the exact plan never less than the fast one, and a capacity that does not bind changes nothing', async () => {
		const points = scatter(
			300,
			[
				{ lon: 106.18, lat: 11.07 },
				{ lon: 106.4, lat: 10.9 }
			],
			0.08,
			3
		).map((p, i) => ({ ...p, weight: 5 + (i % 40) }));
		const candidates = scatter(60, [{ lon: 106.25, lat: 11.0 }], 0.15, 4);
		const problem = { demand: points, candidates, radiusKm: 5, k: 6 };
		const capacity = 600;
		const fast = await capacitatedHeuristic({ ...problem, capacity });
		const exact = await capacitatedExact({ ...problem, capacity }, { timeLimitSeconds: 20 });
		for (const s of [fast, exact]) {
			expect(s.chosen).toHaveLength(6);
			for (const served of s.served) expect(served).toBeLessThanOrEqual(capacity + 1e-6);
			expect(s.served.reduce((a, b) => a + b, 0)).toBeCloseTo(s.covered, 6);
			// No more than the same sites would cover without a capacity.
			expect(s.covered).toBeLessThanOrEqual(coveredWeight(setProblem(problem).sets, s.chosen) + 1e-6);
		}
		expect(exact.covered).toBeGreaterThanOrEqual(fast.covered - 1e-6);
		const huge = await capacitatedExact({ ...problem, capacity: 1e9 }, { timeLimitSeconds: 20 });
		expect(huge.covered).toBeCloseTo((await mclpExact(problem)).covered, 6);
	});

	it('refuses a capacity that is not a positive number', async () => {
		await expect(capacitatedHeuristic({ demand, candidates: [A, B], radiusKm: 6, k: 1, capacity: 0 })).rejects.toThrow(
			'capacity must be a positive number, got 0'
		);
	});
});
