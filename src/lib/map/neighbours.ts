/**
 * Which administrative units of one level are neighbours: queen contiguity (they share a border or a
 * corner), found from the vertices the units are drawn with. Boundaries come from one source, so a
 * shared border has the same vertices on both sides; they are compared at 1e-5° (about a metre), the
 * precision layer_geojson serves. A unit that shares no vertex with any other (an island, or data
 * whose neighbours do not meet exactly) takes its ISLAND_NEIGHBOURS nearest units by centre instead,
 * so every unit has a neighbourhood.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import turfBbox from '@turf/bbox';
import { PointIndex } from '$lib/analysis/points';

/** Neighbours given to a unit that touches none. */
export const ISLAND_NEIGHBOURS = 4;

const key = (p: Position) => `${Math.round(p[0]! * 1e5)},${Math.round(p[1]! * 1e5)}`;

function rings(geometry: Geometry | null): Position[][] {
	if (!geometry) return [];
	if (geometry.type === 'Polygon') return geometry.coordinates;
	if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
	return [];
}

/** The middle of a unit's bounding box, enough to rank which units are nearest. */
function centre(unit: Feature): { lon: number; lat: number } {
	const [w, south, e, n] = turfBbox(unit);
	return { lon: (w + e) / 2, lat: (south + n) / 2 };
}

/**
 * Neighbours of every unit of a level, by code. Features carry `code` and `level` properties
 * (layer_geojson's admin_units); others are ignored.
 */
export function unitNeighbours(units: FeatureCollection | { features: Feature[] }, level: string): Map<string, string[]> {
	const own = units.features.filter((f) => f.properties?.level === level && typeof f.properties?.code === 'string');
	const codes = own.map((f) => String(f.properties!.code));
	const shapes = own.map((f) => rings(f.geometry));
	const byVertex = new Map<string, Set<number>>();
	shapes.forEach((rs, i) => {
		for (const r of rs)
			for (const p of r) {
				const k = key(p);
				const set = byVertex.get(k);
				if (set) set.add(i);
				else byVertex.set(k, new Set([i]));
			}
	});
	const sets = codes.map(() => new Set<number>());
	for (const at of byVertex.values()) {
		if (at.size < 2) continue;
		for (const i of at) for (const j of at) if (i !== j) sets[i]!.add(j);
	}
	const lonely = sets.flatMap((s, i) => (s.size === 0 ? [i] : []));
	if (lonely.length && codes.length > 1) {
		const centres = own.map(centre);
		const index = new PointIndex(centres);
		for (const i of lonely) for (const j of index.nearest(centres[i]!, ISLAND_NEIGHBOURS + 1)) if (j !== i) sets[i]!.add(j);
	}
	return new Map(codes.map((code, i) => [code, [...sets[i]!].map((j) => codes[j]!).sort()]));
}
