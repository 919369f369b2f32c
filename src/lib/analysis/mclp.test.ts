import { describe, expect, it } from 'vitest';
import { coverSets, exactOnSets, heuristicOnSets, lagrangian, mclpExact, mclpHeuristic, setProblem, type McLpProblem, type SetProblem } from './mclp';
import { scatter } from './testing';

/** Six demand points of weight 1; A covers 1–4, B covers 1, 2, 5, C covers 3, 4, 6 (hand-made). */
function textbook(k: number, fixed: number[] = [], forbidden: number[] = []): SetProblem {
	return {
		sets: {
			byCandidate: [Int32Array.from([0, 1, 2, 3]), Int32Array.from([0, 1, 4]), Int32Array.from([2, 3, 5])],
			weights: Float64Array.from([1, 1, 1, 1, 1, 1]),
			total: 6
		},
		k,
		fixed: new Set(fixed),
		forbidden: new Set(forbidden)
	};
}

function randomProblem(seed: number, demand = 300, candidates = 60, k = 8): McLpProblem {
	const centres = [
		{ lon: 106.1, lat: 11.2 },
		{ lon: 106.3, lat: 11.0 },
		{ lon: 105.95, lat: 11.45 }
	];
	const d = scatter(demand, centres, 0.08, seed).map((p, i) => ({ ...p, weight: 1 + ((i * 7919 + seed) % 50) }));
	return { demand: d, candidates: scatter(candidates, centres, 0.1, seed + 100), radiusKm: 6, k };
}

describe('maximal covering location problem', () => {
	it('solves the textbook instance where greedy alone is not optimal: B + C cover all six', async () => {
		// Greedy takes A (4) then B or C (+1) = 5; the optimum B + C = 6.
		const exact = await exactOnSets(textbook(2));
		expect(exact).toMatchObject({ chosen: [1, 2], covered: 6, optimal: true, gap: 0 });
		const fast = heuristicOnSets(textbook(2));
		expect(fast.chosen).toEqual([1, 2]);
		expect(fast.covered).toBe(6);
	});

	it('keeps fixed sites and never opens forbidden ones', async () => {
		const withA = await exactOnSets(textbook(2, [0]));
		expect(withA.chosen).toContain(0);
		expect(withA.covered).toBe(5);
		expect(heuristicOnSets(textbook(2, [0])).chosen).toContain(0);
		const noC = await exactOnSets(textbook(2, [], [2]));
		expect(noC.chosen).toEqual([0, 1]);
		expect(heuristicOnSets(textbook(2, [], [2])).chosen).not.toContain(2);
	});

	it('heuristic ≤ exact optimum, within the greedy guarantee 1 − 1/e, on random instances', async () => {
		for (const seed of [1, 2, 3]) {
			const problem = randomProblem(seed);
			const exact = await mclpExact(problem);
			const fast = mclpHeuristic(problem);
			expect(exact.optimal).toBe(true);
			expect(fast.covered).toBeLessThanOrEqual(exact.covered + 1e-9);
			expect(fast.covered).toBeGreaterThanOrEqual((1 - 1 / Math.E) * exact.covered);
			expect(fast.chosen.length).toBe(problem.k);
		}
	});

	it('never answers an exact plan worse than the fast one: a solver stopped early gives the fast plan and says why', async () => {
		const problem = setProblem(randomProblem(4, 2000, 300, 25));
		const fast = heuristicOnSets(problem);
		// A time limit no search can work in: HiGHS has no complete plan, or a worse one.
		const hurried = await exactOnSets(problem, { timeLimitSeconds: 0.001 });
		expect(hurried.covered).toBeGreaterThanOrEqual(fast.covered - 1e-9);
		expect(hurried.method).toBe('exact');
		expect(hurried.optimal).toBe(false);
		expect(hurried.fallback).toMatch(/fast plan/);
		// Given its time, the solver's own plan is returned and proven.
		const proven = await exactOnSets(textbook(2));
		expect(proven.fallback).toBeUndefined();
	});

	it('bounds the optimum from above with the Lagrangian relaxation', async () => {
		for (const seed of [4, 6]) {
			const problem = setProblem(randomProblem(seed));
			const exact = await exactOnSets(problem);
			const bound = lagrangian(problem, performance.now() + 300, () => undefined);
			expect(bound).toBeGreaterThanOrEqual(exact.covered - 1e-6);
			const fast = heuristicOnSets(problem, { timeLimitMs: 300 });
			// The reported gap is measured against a valid bound, so the true gap is no larger.
			expect((exact.covered - fast.covered) / exact.covered).toBeLessThanOrEqual(fast.gap + 1e-9);
		}
	});

	it('covers at least as much with one more site (monotone in k)', async () => {
		const base = randomProblem(5, 200, 40, 1);
		let previous = 0;
		for (let k = 1; k <= 6; k++) {
			const { covered } = await mclpExact({ ...base, k });
			expect(covered).toBeGreaterThanOrEqual(previous);
			previous = covered;
		}
	});

	it('computes cover sets by great-circle distance', () => {
		const sets = coverSets({
			demand: [
				{ lon: 106, lat: 11, weight: 2 },
				{ lon: 106.2, lat: 11, weight: 3 }
			],
			candidates: [{ lon: 106.01, lat: 11 }],
			radiusKm: 5,
			k: 1
		});
		expect(Array.from(sets.byCandidate[0]!)).toEqual([0]);
		expect(sets.total).toBe(5);
	});

	it('refuses impossible problems with a plain message', () => {
		const p = randomProblem(1, 10, 5, 2);
		expect(() => mclpHeuristic({ ...p, k: 6 })).toThrow('k = 6 is larger than the 5 candidates that may be chosen');
		expect(() => mclpHeuristic({ ...p, radiusKm: -1 })).toThrow('radius must be a non-negative number of km');
		expect(() => mclpHeuristic({ ...p, fixed: [0, 1, 2] })).toThrow('3 fixed sites do not fit in k = 2');
		expect(() => mclpHeuristic({ ...p, fixed: [9] })).toThrow('candidate index 9 does not exist');
	});
});
