import KDBush from 'kdbush';
import { around, distance } from 'geokdbush';

/** A location in degrees (EPSG:4326). */
export interface LonLat {
	lon: number;
	lat: number;
}

/** Great-circle (haversine) distance in km, as geokdbush computes it (Earth radius 6371 km). */
export const haversineKm = (a: LonLat, b: LonLat): number => distance(a.lon, a.lat, b.lon, b.lat);

/** A static geographic index over points for radius and nearest-neighbour queries. */
export class PointIndex {
	readonly #index: KDBush;
	constructor(readonly points: readonly LonLat[]) {
		this.#index = new KDBush(Math.max(points.length, 1));
		for (const p of points) this.#index.add(p.lon, p.lat);
		if (points.length === 0) this.#index.add(0, 0);
		this.#index.finish();
	}
	/** Indices of the points within radiusKm of p (great-circle), nearest first. */
	within(p: LonLat, radiusKm: number): number[] {
		if (this.points.length === 0) return [];
		return around(this.#index, p.lon, p.lat, Infinity, radiusKm);
	}
	/** Indices of the k nearest points to p, nearest first. */
	nearest(p: LonLat, k: number): number[] {
		if (this.points.length === 0) return [];
		return around(this.#index, p.lon, p.lat, k);
	}
}

/** Throws a plain message unless every point has finite coordinates in range. */
export function checkPoints(points: readonly LonLat[], what = 'points'): void {
	points.forEach((p, i) => {
		if (!Number.isFinite(p.lon) || !Number.isFinite(p.lat) || Math.abs(p.lon) > 180 || Math.abs(p.lat) > 90) {
			throw new Error(`${what}[${i}] has invalid coordinates (${p.lon}, ${p.lat})`);
		}
	});
}
