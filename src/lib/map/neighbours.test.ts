import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { ISLAND_NEIGHBOURS, unitNeighbours } from './neighbours';
import { squarePolygon } from '$lib/analysis/testing';

/** A unit square cell at column x, row y of a grid, as layer_geojson serves admin units. */
const cell = (code: string, x: number, y: number, level = 'district', size = 0.1): Feature<Polygon> => ({
	type: 'Feature',
	properties: { code, level },
	geometry: squarePolygon(105 + x * size, 20 + y * size, size)
});

describe('unit neighbours', () => {
	it('finds queen contiguity on a 3 × 3 grid: the centre has 8, a corner 3, an edge 5', () => {
		const units = [];
		for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) units.push(cell(`u${x}${y}`, x, y));
		const n = unitNeighbours({ features: units }, 'district');
		expect(n.get('u11')).toHaveLength(8);
		expect(n.get('u00')).toEqual(['u01', 'u10', 'u11']);
		expect(n.get('u10')).toEqual(['u00', 'u01', 'u11', 'u20', 'u21']);
		// Symmetric.
		for (const [code, list] of n) for (const other of list) expect(n.get(other)).toContain(code);
	});

	it('matches vertices at the precision units are served with, and keeps levels apart', () => {
		const a = cell('a', 0, 0);
		const b = cell('b', 1, 0);
		// b's shared edge written with a last-digit difference below 1e-5°.
		b.geometry.coordinates[0] = b.geometry.coordinates[0]!.map(([x, y]) => [x! + 2e-7, y! - 3e-7]);
		const province = cell('p', 0, 0, 'province', 1);
		const n = unitNeighbours({ features: [a, b, province] }, 'district');
		expect(n.get('a')).toEqual(['b']);
		expect([...n.keys()]).not.toContain('p');
	});

	it('gives a unit that touches none its nearest units instead (an island)', () => {
		const units = [cell('a', 0, 0), cell('b', 1, 0), cell('c', 2, 0), cell('d', 3, 0), cell('e', 4, 0), cell('f', 5, 0), cell('island', 0, 5)];
		const n = unitNeighbours({ features: units }, 'district');
		expect(n.get('island')).toHaveLength(ISLAND_NEIGHBOURS);
		expect(n.get('island')).toEqual(['a', 'b', 'c', 'd']);
		expect(n.get('a')).toEqual(['b']);
	});
});
