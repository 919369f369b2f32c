import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { worldGeometry } from '../geo/world';
import { ARCHIPELAGOS, archipelagoBbox } from '../map/archipelagos';

let vietnam: Feature<Polygon | MultiPolygon> | null = null;

/**
 * True when a point lies in Vietnam's land area (Natural Earth 1:50m, bundled with world-atlas):
 * a bounding box is not enough, it holds Phnom Penh and Vientiane.
 */
export function insideVietnam(lon: number, lat: number): boolean {
	vietnam ??= worldGeometry().vietnam;
	return booleanPointInPolygon([lon, lat], vietnam);
}

/**
 * Vietnam's territory as outlines: its land (Natural Earth 1:50m) and the areas of Quần đảo Hoàng
 * Sa and Quần đảo Trường Sa (boxes around their islands: Natural Earth has neither).
 */
export function vietnamTerritory(): Feature<Polygon | MultiPolygon>[] {
	vietnam ??= worldGeometry().vietnam;
	const boxes = ARCHIPELAGOS.map((a): Feature<Polygon> => {
		const [w, s, e, n] = archipelagoBbox(a);
		return {
			type: 'Feature',
			properties: {},
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[w, s],
						[e, s],
						[e, n],
						[w, n],
						[w, s]
					]
				]
			}
		};
	});
	return [vietnam, ...boxes];
}
