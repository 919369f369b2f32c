import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import centroid from '@turf/centroid';
import type { Polygon } from 'geojson';
import { unitLabels, declutter } from './labels';
import { labelPoint } from '$lib/geo/label-point';

describe('unit labels', () => {
	// A bent unit (an L along a border): its centroid lies outside it.
	const bent: Polygon = {
		type: 'Polygon',
		coordinates: [
			[
				[106, 11],
				[106.3, 11],
				[106.3, 11.05],
				[106.05, 11.05],
				[106.05, 11.3],
				[106, 11.3],
				[106, 11]
			]
		]
	};

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
				{
					type: 'Feature' as const,
					properties: { name: 'Bến Cầu', level: 'district' },
					geometry: {
						type: 'MultiPolygon' as const,
						coordinates: [
							bent.coordinates,
							[
								[
									[107, 11],
									[107.01, 11],
									[107.01, 11.01],
									[107, 11]
								]
							]
						]
					}
				}
			]
		};
		expect(unitLabels(units, 5)).toEqual([]);
		expect(unitLabels(units, 6).map((l) => l.text)).toEqual(['Tây Ninh']);
		const districts = unitLabels(units, 9);
		expect(districts.map((l) => l.text)).toEqual(['Tây Ninh', 'Bến Cầu']);
		expect(booleanPointInPolygon(districts[1]!.at, bent)).toBe(true);
	});
});

describe('declutter', () => {
	const label = (text: string, at: [number, number], kind: 'country' | 'province' | 'district', size = 11) => ({ text, at, kind, size });
	it('keeps the more important of two names that would overlap, and both once the map zooms in', () => {
		const province = label('Tây Ninh', [106.1, 11.35], 'province', 13);
		const district = label('TP. Tây Ninh', [106.12, 11.34], 'district');
		expect(declutter([district, province], 8.5)).toEqual([province]);
		expect(declutter([district, province], 12)).toEqual([district, province]);
	});
	it('never drops a country or archipelago name, and keeps names clear of cluster circles', () => {
		const country = label('VIỆT NAM', [105.9, 19.6], 'country', 15);
		const nearby = label('Thanh Hóa', [105.9, 19.62], 'province', 13);
		expect(declutter([nearby, country], 6)).toEqual([country]);
		const district = label('Gò Dầu', [106.25, 11.15], 'district');
		expect(declutter([district], 9, [{ at: [106.26, 11.15], radius: 20 }])).toEqual([]);
		expect(declutter([district], 9, [{ at: [106.6, 11.15], radius: 20 }])).toEqual([district]);
	});
});
