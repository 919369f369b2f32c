import { describe, expect, it } from 'vitest';
import { chooseBand, moransI } from './bandwidth';
import { KM_PER_DEGREE, atKm, grid, scatter } from './testing';

describe("Moran's I and the automatic distance band", () => {
	it("matches a hand-worked Moran's I", () => {
		// Values 1, 2, 3, 4 on a line, neighbours adjacent: z = −1.5, −.5, .5, 1.5; Σz² = 5; S0 = 6;
		// Σ wij zi zj = 2 (0.75 − 0.25 + 0.75) = 2.5; I = (4/6)(2.5/5) = 1/3; E[I] = −1/3.
		const r = moransI(
			[0, 1, 2, 3].map((x) => atKm(x)),
			[1, 2, 3, 4],
			1.1
		);
		expect(r.I).toBeCloseTo(1 / 3, 10);
		expect(r.expected).toBeCloseTo(-1 / 3, 10);
	});

	it('is strongly positive for clustered values and negative for a checkerboard', () => {
		const points = grid(10, 1);
		const clustered = points.map((_, i) => (i % 10 < 5 ? 10 : 0));
		const checker = points.map((_, i) => ((Math.floor(i / 10) + (i % 10)) % 2 ? 10 : 0));
		expect(moransI(points, clustered, 1.1).z).toBeGreaterThan(5);
		expect(moransI(points, checker, 1.1).I).toBeLessThan(-0.9);
	});

	it('chooses and explains a band from the spatial autocorrelation profile', () => {
		const points = scatter(
			400,
			[
				{ lon: 106.1, lat: 11.2 },
				{ lon: 106.4, lat: 11.0 }
			],
			0.05,
			3
		);
		const values = points.map((p) => (p.lon > 106.3 ? 5 : 1) + ((p.lat * 1000) % 1));
		const choice = chooseBand(points, values);
		expect(choice.bandKm).toBeGreaterThan(0);
		expect(choice.profile.length).toBe(10);
		expect(['peak', 'knn-average']).toContain(choice.method);
		expect(choice.reason).toMatch(/km/);
		// The profile starts where every feature has a neighbour and grows.
		for (let i = 1; i < choice.profile.length; i++) expect(choice.profile[i]!.bandKm).toBeGreaterThan(choice.profile[i - 1]!.bandKm);
	});

	it('leaves lone far cells out of the start distance, and says so', () => {
		// 900 cells 1 km apart in one province, and two cells 100 km and more away from everything.
		const away = (xKm: number, yKm: number) => ({ lon: 106 + xKm / KM_PER_DEGREE, lat: 11 + yKm / KM_PER_DEGREE });
		const points = [...grid(30, 1), away(130, 150), away(-120, -140)];
		const values = points.map((_, i) => (i % 30 < 15 ? 4 : 1));
		const choice = chooseBand(points, values);
		expect(choice.profile[0]!.bandKm).toBeCloseTo(1, 1);
		expect(choice.bandKm).toBeLessThan(15);
		expect(choice.reason).toMatch(/2 locational outliers \(nearest neighbour beyond [\d.]+ km\) left out of the start/);
		// Without them the start is the same, and nothing is said.
		const inland = chooseBand(points.slice(0, 900), values.slice(0, 900));
		expect(inland.profile[0]!.bandKm).toBeCloseTo(choice.profile[0]!.bandKm, 6);
		expect(inland.reason).not.toMatch(/outlier/);
	});
});
