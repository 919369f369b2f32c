import { cellToBoundary, getResolution, latLngToCell, isValidCell } from 'h3-js';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { checkPoints, type LonLat } from './points';

export interface Binned {
	cell: string;
	count: number;
	/** Sum of the weights (the count when unweighted). */
	total: number;
}

/**
 * Bins points into H3 hexagons (Uber H3, resolution 0–15). Returns one entry per non-empty cell.
 * Rates are left to the caller: divide `total` by a denominator per cell.
 */
export function hexBin(points: readonly LonLat[], resolution: number, weights?: ArrayLike<number>): Binned[] {
	if (!Number.isInteger(resolution) || resolution < 0 || resolution > 15) throw new Error('resolution must be a whole number from 0 to 15');
	checkPoints(points);
	if (weights && weights.length !== points.length) throw new Error(`weights has ${weights.length} entries for ${points.length} points`);
	const bins = new Map<string, Binned>();
	points.forEach((p, i) => {
		const cell = latLngToCell(p.lat, p.lon, resolution);
		const bin = bins.get(cell) ?? { cell, count: 0, total: 0 };
		bin.count++;
		bin.total += weights ? weights[i]! : 1;
		bins.set(cell, bin);
	});
	return [...bins.values()];
}

/** The hexagons as GeoJSON polygons ([lon, lat] order) with their counts. */
export function hexFeatures(bins: readonly Binned[]): FeatureCollection<Polygon, Binned & { resolution: number }> {
	return {
		type: 'FeatureCollection',
		features: bins.map((b): Feature<Polygon, Binned & { resolution: number }> => {
			if (!isValidCell(b.cell)) throw new Error(`invalid H3 cell ${b.cell}`);
			const ring = cellToBoundary(b.cell, true);
			return {
				type: 'Feature',
				id: b.cell,
				geometry: { type: 'Polygon', coordinates: [ring] },
				properties: { ...b, resolution: getResolution(b.cell) }
			};
		})
	};
}

/** Average H3 hexagon edge length in km per resolution (H3 documentation, "Tables of cell statistics"). */
const EDGE_KM = [1281.256, 483.057, 182.513, 68.979, 26.072, 9.854, 3.725, 1.406, 0.531, 0.201, 0.076, 0.029, 0.011, 0.004, 0.0015, 0.0006];

/** The finest resolution whose hexagons are at least `minEdgeKm` across: a sensible default for an area. */
export function resolutionForEdge(minEdgeKm: number): number {
	let res = 0;
	while (res < 15 && EDGE_KM[res + 1]! >= minEdgeKm) res++;
	return res;
}
