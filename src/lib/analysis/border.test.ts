import { describe, expect, it } from 'vitest';
import type { Feature, LineString, Polygon } from 'geojson';
import { borderReached, borderUnits } from './border';
import { squarePolygon } from './testing';

/** A square unit of `size` degrees with its south-west corner at (x, y). */
const square = (code: string, x: number, y: number, size = 0.1): Feature<Polygon, Record<string, unknown>> => ({
	type: 'Feature',
	properties: { code, name: `Unit ${code}` },
	geometry: squarePolygon(x, y, size)
});

// The border runs north–south along lon 105.0 between lat 20.0 and 20.3.
const border: Feature<LineString> = {
	type: 'Feature',
	properties: {},
	geometry: {
		type: 'LineString',
		coordinates: [
			[105, 20],
			[105, 20.3]
		]
	}
};

describe('border units', () => {
	it('finds the units whose outline runs along the border, not those a unit away', () => {
		const units = [square('a', 105, 20), square('b', 105, 20.1), square('c', 105.1, 20), square('d', 105.2, 20.1)];
		const found = borderUnits(units, [border]);
		expect(found.map((u) => u.code)).toEqual(['a', 'b']);
		// Its point lies inside the unit.
		expect(found[0]!.lon).toBeGreaterThan(105);
		expect(found[0]!.lon).toBeLessThan(105.1);
		expect(found[0]!.lat).toBeGreaterThan(20);
		expect(found[0]!.lat).toBeLessThan(20.1);
		expect(borderUnits(units, [])).toEqual([]);
	});

	it('counts a unit reached by a site inside it or by one whose reach takes in its point', () => {
		const units = [square('a', 105, 20), square('b', 105, 20.1), square('e', 105, 20.2)];
		const found = borderUnits(units, [border]).map((u, i) => ({ ...u, feature: units[i]! }));
		const [a, b] = found;
		const reached = borderReached(found, [
			// Inside a, near its corner: far from a's point but in the unit.
			{ lon: 105.005, lat: 20.005, radiusKm: 0.5 },
			// 0.1° (10.5 km) east of b's point, outside b, with an 11 km reach: b's point but not e's (15 km).
			{ lon: b!.lon + 0.1, lat: b!.lat, radiusKm: 11 }
		]);
		expect(reached).toEqual([true, true, false]);
		expect(a).toBeDefined();
		expect(borderReached(found, [])).toEqual([false, false, false]);
	});
});
