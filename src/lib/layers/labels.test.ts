import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import centroid from '@turf/centroid';
import type { Polygon } from 'geojson';
import { labelPoint, unitLabels } from './labels';

describe('unit labels', () => {
	// A bent unit (an L along a border): its centroid lies outside it.
	const bent: Polygon = { type: 'Polygon', coordinates: [[[106, 11], [106.3, 11], [106.3, 11.05], [106.05, 11.05], [106.05, 11.3], [106, 11.3], [106, 11]]] };

	it('puts a name inside its unit, even where the centroid falls outside', () => {
		const at = labelPoint(bent)!;
		expect(booleanPointInPolygon(at, bent)).toBe(true);
		// The centroid of this L is outside: placed there, the name would be written over the neighbour.
		expect(booleanPointInPolygon(centroid(bent), bent)).toBe(false);
	});

	it('labels provinces from zoom 6 and districts from 8.5, each inside its largest part', () => {
		const units = {
			type: 'FeatureCollection' as const,
			features: [
				{ type: 'Feature' as const, properties: { name: 'Tây Ninh', level: 'province' }, geometry: bent },
				{ type: 'Feature' as const, properties: { name: 'Bến Cầu', level: 'district' }, geometry: { type: 'MultiPolygon' as const, coordinates: [bent.coordinates, [[[107, 11], [107.01, 11], [107.01, 11.01], [107, 11]]]] } }
			]
		};
		expect(unitLabels(units, 5)).toEqual([]);
		expect(unitLabels(units, 6).map((l) => l.text)).toEqual(['Tây Ninh']);
		const districts = unitLabels(units, 9);
		expect(districts.map((l) => l.text)).toEqual(['Tây Ninh', 'Bến Cầu']);
		expect(booleanPointInPolygon(districts[1]!.at, bent)).toBe(true);
	});
});
