import { describe, expect, it } from 'vitest';
import { coverage } from './coverage';
import { atKm } from './testing';

describe('coverage of demand by sites', () => {
	it('counts demand within each site’s radius (hand-worked)', () => {
		const demand = [
			{ id: 'near', weight: 100, ...atKm(0) },
			{ id: 'edge', weight: 50, ...atKm(9.9) },
			{ id: 'far', weight: 30, ...atKm(20) },
			{ id: 'farther', weight: 80, ...atKm(40) }
		];
		const result = coverage(demand, [{ id: 'post', radiusKm: 10, ...atKm(0) }]);
		expect(result.totalWeight).toBe(260);
		expect(result.coveredWeight).toBe(150);
		expect(result.share).toBeCloseTo(150 / 260, 12);
		expect(result.uncovered.map((d) => d.id)).toEqual(['farther', 'far']);
		expect(Array.from(result.reach)).toEqual([1, 1, 0, 0]);
	});

	it('never loses coverage when a site is added', () => {
		const demand = Array.from({ length: 50 }, (_, i) => ({ id: `d${i}`, weight: i + 1, ...atKm(i, (i * 37) % 11) }));
		const sites = Array.from({ length: 6 }, (_, i) => ({ id: `s${i}`, radiusKm: 5, ...atKm(i * 9, 3) }));
		let previous = 0;
		for (let n = 0; n <= sites.length; n++) {
			const share = coverage(demand, sites.slice(0, n)).share;
			expect(share).toBeGreaterThanOrEqual(previous);
			previous = share;
		}
	});

	it('rejects negative weights and radii', () => {
		expect(() => coverage([{ id: 'x', weight: -1, ...atKm(0) }], [])).toThrow('demand[0] (x) has a negative or missing weight');
		expect(() => coverage([], [{ id: 's', radiusKm: -2, ...atKm(0) }])).toThrow('sites[0] (s) has a negative or missing radius');
	});
});
