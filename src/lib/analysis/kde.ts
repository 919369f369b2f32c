import { checkPoints, haversineKm, PointIndex, type LonLat } from './points';
import { median } from 'simple-statistics';

export interface KdeGrid {
	/** [west, south, east, north] of the grid. */
	bbox: [number, number, number, number];
	cellDeg: number;
	columns: number;
	rows: number;
	bandwidthKm: number;
	/** Density per km² at each cell centre, row-major from the south-west corner. */
	values: Float64Array;
}

/**
 * Quartic (biweight) kernel, the kernel of QGIS's Heatmap and of ArcGIS Kernel Density
 * (Silverman 1986, eq. 4.5): K(d) = 3 / (π h²) · (1 − (d/h)²)² for d < h, 0 beyond. Summed over
 * weighted points it gives a density per km² that integrates to the total weight.
 */
export function quarticKernel(distanceKm: number, bandwidthKm: number): number {
	if (distanceKm >= bandwidthKm) return 0;
	const u = distanceKm / bandwidthKm;
	return (3 / (Math.PI * bandwidthKm * bandwidthKm)) * (1 - u * u) ** 2;
}

/**
 * Default search radius as ArcGIS Kernel Density estimates it (a spatial variant of Silverman's
 * rule of thumb): 0.9 · min(SD, √(1/ln 2) · Dm) · n^−0.2, with SD the standard distance and Dm
 * the median distance to the mean centre, in km.
 */
export function estimateBandwidth(points: readonly LonLat[]): number {
	if (points.length < 2) throw new Error('estimating a bandwidth needs at least 2 points');
	const centre = {
		lon: points.reduce((s, p) => s + p.lon, 0) / points.length,
		lat: points.reduce((s, p) => s + p.lat, 0) / points.length
	};
	const distances = points.map((p) => haversineKm(p, centre));
	const sd = Math.sqrt(distances.reduce((s, d) => s + d * d, 0) / points.length);
	const dm = median(distances);
	const h = 0.9 * Math.min(sd, Math.sqrt(1 / Math.LN2) * dm) * points.length ** -0.2;
	return h > 0 ? h : 1;
}

/** Kernel density on a regular lon/lat grid over bbox, evaluating only points within the bandwidth. */
export function kernelDensity(
	points: readonly LonLat[],
	options: { bbox: [number, number, number, number]; cellDeg: number; bandwidthKm?: number; weights?: ArrayLike<number> }
): KdeGrid {
	checkPoints(points);
	const [w, s, e, n] = options.bbox;
	if (!(w < e && s < n)) throw new Error('bbox must have west < east and south < north');
	if (!(options.cellDeg > 0)) throw new Error('cellDeg must be positive');
	const bandwidthKm = options.bandwidthKm ?? estimateBandwidth(points);
	if (!(bandwidthKm > 0)) throw new Error('bandwidthKm must be positive');
	const columns = Math.ceil((e - w) / options.cellDeg);
	const rows = Math.ceil((n - s) / options.cellDeg);
	if (columns * rows > 4_000_000) throw new Error(`grid of ${columns} × ${rows} cells is too large: use a coarser cellDeg`);
	const index = new PointIndex(points);
	const values = new Float64Array(columns * rows);
	for (let r = 0; r < rows; r++) {
		for (let c = 0; c < columns; c++) {
			const centre = { lon: w + (c + 0.5) * options.cellDeg, lat: s + (r + 0.5) * options.cellDeg };
			let density = 0;
			for (const i of index.within(centre, bandwidthKm)) {
				density += (options.weights ? options.weights[i]! : 1) * quarticKernel(haversineKm(centre, points[i]!), bandwidthKm);
			}
			values[r * columns + c] = density;
		}
	}
	return { bbox: options.bbox, cellDeg: options.cellDeg, columns, rows, bandwidthKm, values };
}
