import polylabel from 'polylabel';
import type { Geometry, Position } from 'geojson';

/**
 * Where a unit's name goes, and where it is reached from: the pole of inaccessibility of its largest
 * part (polylabel), the point inside it farthest from its outline. A centroid may fall outside a bent
 * unit (Bến Cầu's lay on the Cambodian side of the border); this point never does.
 */
export function labelPoint(geometry: Geometry): [number, number] | null {
	const parts: Position[][][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
	let best: { at: [number, number]; distance: number } | null = null;
	for (const rings of parts) {
		const at = polylabel(rings as [number, number][][], 0.0005);
		if (!best || at.distance > best.distance) best = { at: [at[0], at[1]], distance: at.distance };
	}
	return best?.at ?? null;
}
