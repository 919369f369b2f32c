import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { worldGeometry } from '../../../data/demo/geo';

let vietnam: Feature<Polygon | MultiPolygon> | null = null;

/**
 * True when a point lies in Vietnam's land area (Natural Earth 1:50m, bundled with world-atlas):
 * a bounding box is not enough, it holds Phnom Penh and Vientiane.
 */
export function insideVietnam(lon: number, lat: number): boolean {
	vietnam ??= worldGeometry().vietnam;
	return booleanPointInPolygon([lon, lat], vietnam);
}
