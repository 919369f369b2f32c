import { describe, expect, it } from 'vitest';
import { giStar } from '../../analysis/gistar';
import { scatter } from '../../analysis/testing';
import { giStarOff, planOff } from './compute';

describe('analyses off the event loop', () => {
	it('keeps the loop answering while a Gi* runs, with the same result as on the loop', async () => {
		const points = scatter(
			12_000,
			[
				{ lon: 106.1, lat: 11.2 },
				{ lon: 105.4, lat: 10.4 }
			],
			0.6,
			7
		);
		const values = Float64Array.from(points, (_, i) => (i * 7919) % 13);
		const options = { neighbourhood: { kind: 'distance' as const, bandKm: 25 }, fdr: true };
		// A loop that is never blocked ticks every few milliseconds; a blocked one not at all.
		let ticks = 0;
		const timer = setInterval(() => ticks++, 5);
		const started = performance.now();
		const off = await giStarOff(points, values, options);
		const tookMs = performance.now() - started;
		clearInterval(timer);
		expect(ticks).toBeGreaterThan(Math.min(20, tookMs / 50));
		const on = giStar(points, values, options);
		expect(Array.from(off.z)).toEqual(Array.from(on.z));
		expect(Array.from(off.classes)).toEqual(Array.from(on.classes));
	});

	it('plans in a worker with the marginal curve, and reports a bad problem as the solver words it', async () => {
		const demand = scatter(400, [{ lon: 106.1, lat: 11.2 }], 0.1, 3).map((p) => ({ ...p, weight: 2 }));
		const candidates = scatter(40, [{ lon: 106.1, lat: 11.2 }], 0.1, 4);
		const { solution, marginal } = await planOff({ demand, candidates, radiusKm: 3, k: 5 }, true, 20, [1, 2, 3, 4, 5]);
		expect(solution.chosen).toHaveLength(5);
		expect(marginal.map((m) => m.k)).toEqual([1, 2, 3, 4, 5]);
		expect(marginal.at(-1)!.share).toBeCloseTo(solution.covered / solution.total, 9);
		await expect(planOff({ demand, candidates, radiusKm: -1, k: 5 }, false, 20, [])).rejects.toThrow(/radius/);
	});
});
