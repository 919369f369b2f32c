import { describe, expect, it } from 'vitest';
import { checkBoundaries } from './boundary-checks';
import { squarePolygon as square } from '$lib/analysis/testing';

const land = [{ type: 'Feature' as const, properties: {}, geometry: square(105, 10, 2) }];

describe('checks before replacing unit outlines', () => {
	it('finds nothing when new outlines tile the old ones inside the country', () => {
		const checks = checkBoundaries(
			[
				{ code: 'a', name: 'A', next: square(105.5, 10.5, 0.2), current: square(105.5, 10.5, 0.2) },
				{ code: 'b', name: 'B', next: square(105.7, 10.5, 0.2), current: square(105.7, 10.5, 0.2) }
			],
			land
		);
		expect(checks).toEqual({ overlaps: [], gaps: [], outside: [] });
	});

	it('reports overlaps (with new and kept neighbours), gaps and ground beyond the border, in km²', () => {
		const checks = checkBoundaries(
			[
				// A grows into B by 0.05° (about 5.5 km × 22 km).
				{
					code: 'a',
					name: 'A',
					next: {
						type: 'Polygon',
						coordinates: [
							[
								[105.5, 10.5],
								[105.75, 10.5],
								[105.75, 10.7],
								[105.5, 10.7],
								[105.5, 10.5]
							]
						]
					},
					current: square(105.5, 10.5, 0.2)
				},
				// B shrinks to half: the other half is covered by nothing.
				{
					code: 'b',
					name: 'B',
					next: {
						type: 'Polygon',
						coordinates: [
							[
								[105.7, 10.5],
								[105.8, 10.5],
								[105.8, 10.7],
								[105.7, 10.7],
								[105.7, 10.5]
							]
						]
					},
					current: square(105.7, 10.5, 0.2)
				},
				// C reaches 0.1° past the border.
				{ code: 'c', name: 'C', next: square(106.9, 11.0, 0.2), current: square(106.8, 11.0, 0.2) }
			],
			land,
			[{ code: 'd', name: 'D', geometry: square(106.75, 11.0, 0.2) }]
		);
		expect(checks.overlaps.map((o) => [o.a, o.b])).toEqual([
			['a', 'b'],
			['c', 'd']
		]);
		expect(checks.overlaps[0]!.km2).toBeGreaterThan(100);
		expect(checks.gaps.map((g) => g.code)).toEqual(['b', 'c']);
		expect(checks.outside).toHaveLength(1);
		expect(checks.outside[0]).toMatchObject({ code: 'c', share: 0.5 });
	});
});
