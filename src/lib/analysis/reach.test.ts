import { describe, expect, it } from 'vitest';
import { explainReach } from './reach';
import { randomLcg } from 'd3-random';
import { haversineKm } from './points';

describe('what a plan cannot reach, and what would', () => {
	// Two sites 0.1° apart on the equator-ish line at 11° N; demand beside each and one far east.
	const a = { lon: 106.0, lat: 11.0 };
	const b = { lon: 106.1, lat: 11.0 };
	const far = { lon: 106.5, lat: 11.0, weight: 30 };
	const demand = [{ lon: 106.0, lat: 11.01, weight: 50 }, { lon: 106.1, lat: 11.01, weight: 20 }, far];

	it('names the demand no site reaches, the radius that reaches all of it, and the sites that cover what can be', () => {
		const marginal = [
			{ k: 1, share: 0.5 },
			{ k: 2, share: 0.7 },
			{ k: 3, share: 0.7 }
		];
		const r = explainReach(demand, [a, b], 5, marginal);
		expect(r.outOfReach).toEqual({ weight: 30, count: 1 });
		// The far point's nearest site is b: the radius for all is that distance, rounded up to 0.1 km.
		expect(r.radiusForAll).toBe(Math.ceil(haversineKm(far, b) * 10) / 10);
		expect(r.radiusForAll).toBeGreaterThan(43);
		// 70 of 100 can be reached: two sites do it.
		expect(r.sitesForAllReachable).toBe(2);
	});

	it('says when the curve never gets there, and when everything is within reach', () => {
		expect(explainReach(demand, [a, b], 5, [{ k: 1, share: 0.5 }]).sitesForAllReachable).toBeNull();
		const near = explainReach(demand.slice(0, 2), [a, b], 5, [{ k: 2, share: 1 }]);
		expect(near.outOfReach).toEqual({ weight: 0, count: 0 });
		expect(near.radiusForAll).toBeLessThan(5);
	});

	it('finds the nearest site of each point as a search of every site does', () => {
		const random = randomLcg(3);
		const spread = (n: number) => Array.from({ length: n }, () => ({ lon: 102 + random() * 7, lat: 9 + random() * 14, weight: 1 }));
		const points = spread(3000);
		const sites = spread(200);
		const nearest = points.map((p) => Math.min(...sites.map((s) => haversineKm(p, s))));
		const r = explainReach(points, sites, 20, [{ k: 200, share: 1 }]);
		expect(r.radiusForAll).toBe(Math.ceil(Math.max(...nearest) * 10 - 1e-9) / 10);
		expect(r.outOfReach.count).toBe(nearest.filter((d) => d > 20).length);
	});
});
