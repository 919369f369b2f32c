import { describe, expect, it } from 'vitest';
import type { Feature, LineString, Point, Polygon } from 'geojson';
import { getResolution } from 'h3-js';
import { namePlaces, patrolCandidates, pointsAlong, propagandaCandidates } from './candidates';
import { haversineKm } from './points';
import { KM_PER_DEGREE, squarePolygon } from './testing';

const line: Feature<LineString, { country: string }> = {
	type: 'Feature',
	properties: { country: 'KH' },
	geometry: {
		type: 'LineString',
		coordinates: [
			[0, 0],
			[50 / KM_PER_DEGREE, 0]
		]
	}
};

describe('deployment candidates', () => {
	it('places border candidates every spacing km along the line', () => {
		const pts = pointsAlong(line, 10);
		expect(pts.length).toBe(6);
		for (let i = 1; i < pts.length; i++) expect(haversineKm(pts[i - 1]!, pts[i]!)).toBeCloseTo(10, 1);
		expect(() => pointsAlong(line, 0)).toThrow('spacingKm must be positive');
	});

	it('gives patrols border segments, gates and the Vietnamese end of trails', () => {
		const gate: Feature<Point, { name: string }> = {
			type: 'Feature',
			properties: { name: 'Cửa khẩu Mộc Bài' },
			geometry: { type: 'Point', coordinates: [106.18, 11.07] }
		};
		const trail: Feature<LineString, { name: string }> = {
			type: 'Feature',
			properties: { name: 'Đường mòn 1' },
			geometry: {
				type: 'LineString',
				coordinates: [
					[106.0, 11.0],
					[106.02, 11.01],
					[106.05, 11.02]
				]
			}
		};
		const c = patrolCandidates({ borderLines: [line], gates: [gate], trails: [trail], spacingKm: 25 });
		expect(c.map((x) => x.kind)).toEqual(['border_segment', 'border_segment', 'border_segment', 'gate', 'trail']);
		expect(c.find((x) => x.kind === 'trail')).toMatchObject({ lon: 106.05, lat: 11.02 });
		expect(new Set(c.map((x) => x.id)).size).toBe(c.length);
	});

	it('gives propaganda teams unit centres, boarding-house clusters (heaviest first) and zones', () => {
		const square = (x: number, name: string): Feature<Polygon, { name: string; code: string }> => ({
			type: 'Feature',
			properties: { name, code: name },
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[x, 0],
						[x + 0.1, 0],
						[x + 0.1, 0.1],
						[x, 0.1],
						[x, 0]
					]
				]
			}
		});
		const houses = [
			{ lon: 0.05, lat: 0.05, workers: 10 },
			{ lon: 0.0501, lat: 0.0501, workers: 15 },
			{ lon: 0.5, lat: 0.5, workers: 200 }
		];
		const c = propagandaCandidates({ units: [square(0, 'a')], boardingHouses: houses, industrialZones: [square(1, 'KCN')] });
		expect(c.map((x) => x.kind)).toEqual(['commune', 'boarding_cluster', 'boarding_cluster', 'industrial_zone']);
		expect(c[1]!.label).toBe('1 boarding houses, 200 workers');
		expect(c[2]!.label).toBe('2 boarding houses, 25 workers');
		expect(c[0]!.lon).toBeCloseTo(0.05, 6);
	});

	it('keeps a province of scattered boarding houses to a bounded number of cluster places: the densest, and coarser ones holding every house', () => {
		// 4,000 houses on a 63 × 63 lattice 1.1 km apart fill 4,000 hexagons of resolution 8.
		const houses = Array.from({ length: 4000 }, (_, i) => ({ lon: 106 + (i % 63) * 0.01, lat: 11 + Math.floor(i / 63) * 0.01, workers: 1 + (i % 7) }));
		houses[1234]!.workers = 500;
		const clusters = propagandaCandidates({ units: [], boardingHouses: houses, industrialZones: [], maxClusters: 200 });
		expect(clusters.length).toBeLessThanOrEqual(200);
		const fine = clusters.filter((c) => getResolution(c.id.replace('cluster-', '')) === 8);
		const coarse = clusters.filter((c) => getResolution(c.id.replace('cluster-', '')) < 8);
		expect(fine.length).toBe(100);
		expect(fine[0]!.detail).toEqual({ houses: 1, workers: 500 });
		expect(coarse.reduce((sum, c) => sum + c.detail!.houses!, 0)).toBe(houses.length);
		expect(coarse.reduce((sum, c) => sum + c.detail!.workers!, 0)).toBe(houses.reduce((sum, h) => sum + h.workers, 0));
		// Few houses: every hexagon of resolution 8 is a place, as before.
		expect(propagandaCandidates({ units: [], boardingHouses: houses.slice(0, 150), industrialZones: [], maxClusters: 200 })).toHaveLength(150);
	});
});

describe('namePlaces', () => {
	const square = (name: string, w: number, s: number, size: number) => ({
		type: 'Feature' as const,
		properties: { name },
		geometry: squarePolygon(w, s, size)
	});
	it('names generated candidates by the smallest unit holding them and the nearest landmark within reach', () => {
		const units = [square('Tây Ninh', 105.8, 10.9, 1), square('Bến Cầu', 106.0, 11.0, 0.2)];
		const landmarks = [
			{ lon: 106.105, lat: 11.1, name: 'KCN Phước Đông' },
			{ lon: 106.6, lat: 11.6, name: 'Xa xôi' }
		];
		const named = namePlaces(
			[
				{ lon: 106.1, lat: 11.1, id: 'c1', kind: 'boarding_cluster', label: '', detail: { houses: 2, workers: 50 } },
				{ lon: 106.5, lat: 11.5, id: 'b1', kind: 'border_segment', label: '', detail: { country: 'KH', km: 10 } },
				{ lon: 106.1, lat: 11.1, id: 'g1', kind: 'gate', label: 'Cửa khẩu Mộc Bài' }
			],
			units,
			landmarks,
			3
		);
		expect(named[0]!.detail).toEqual({ houses: 2, workers: 50, place: 'Bến Cầu', near: 'KCN Phước Đông' });
		// 13 km from the nearest landmark: only its unit.
		expect(named[1]!.detail).toEqual({ country: 'KH', km: 10, place: 'Tây Ninh' });
		// Named places keep their own name.
		expect(named[2]!.detail).toBeUndefined();
	});
});
