import { randomLcg, randomNormal } from 'd3-random';
import type { Polygon } from 'geojson';
import type { LonLat } from './points';

/** km per degree of longitude at the equator (R = 6371 km): lets fixtures be laid out in km. */
export const KM_PER_DEGREE = (2 * Math.PI * 6371) / 360;

/** A point `xKm` east and `yKm` north of (0, 0), for hand-worked fixtures near the equator. */
export const atKm = (xKm: number, yKm = 0): LonLat => ({ lon: xKm / KM_PER_DEGREE, lat: yKm / KM_PER_DEGREE });

/** A square grid of `side` × `side` points `spacingKm` apart near Tây Ninh. */
export function grid(side: number, spacingKm: number, origin: LonLat = { lon: 106, lat: 11 }): LonLat[] {
	const step = spacingKm / KM_PER_DEGREE;
	const points: LonLat[] = [];
	for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) points.push({ lon: origin.lon + c * step, lat: origin.lat + r * step });
	return points;
}

/** Seeded random points scattered around centres, for property tests and benchmarks. */
export function scatter(count: number, centres: LonLat[], sigmaDeg: number, seed: number): LonLat[] {
	const uniform = randomLcg(seed);
	const normal = randomNormal.source(uniform)(0, sigmaDeg);
	return Array.from({ length: count }, () => {
		const c = centres[Math.floor(uniform() * centres.length)]!;
		return { lon: c.lon + normal(), lat: c.lat + normal() };
	});
}

/** A square polygon of `size` degrees with its south-west corner at (w, s), for hand-built boundaries. */
export const squarePolygon = (w: number, s: number, size: number): Polygon => ({
	type: 'Polygon',
	coordinates: [
		[
			[w, s],
			[w + size, s],
			[w + size, s + size],
			[w, s + size],
			[w, s]
		]
	]
});
