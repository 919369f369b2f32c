/**
 * Border units: the administrative units (the finest the data has: communes, else districts) that lie
 * on the land border — the "xã biên giới" the provincial plans single out. A unit is on the border
 * when its outline comes within toleranceKm of the border line: the border is sampled every
 * toleranceKm and each vertex of the unit's outline looks for a sample that near. Coastlines and
 * units that only touch the border at a corner further than that do not count.
 */
import type { Feature, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import turfBbox from '@turf/bbox';
import { pointsAlong } from './candidates';
import { haversineKm, PointIndex, type LonLat } from './points';
import { labelPoint } from '$lib/geo/label-point';

export interface BorderUnit {
	code: string;
	name: string;
	/** Where the unit is reached from: the point inside it farthest from its outline. */
	lon: number;
	lat: number;
}

/** Default distance (km) between the border and a unit's outline that still counts as touching. */
export const BORDER_TOLERANCE_KM = 1;

type Unit = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

const outline = (u: Unit): Position[] => (u.geometry.type === 'Polygon' ? u.geometry.coordinates : u.geometry.coordinates.flat()).flat();

/** The units of `units` on the border `lines` (kind border_line), in the order given. */
export function borderUnits(units: Unit[], lines: Feature<LineString | MultiLineString>[], toleranceKm = BORDER_TOLERANCE_KM): BorderUnit[] {
	const samples = lines.flatMap((l) => pointsAlong(l, toleranceKm));
	if (samples.length === 0) return [];
	const index = new PointIndex(samples);
	return units.flatMap((u) => {
		const near = outline(u).some((p) => index.within({ lon: p[0]!, lat: p[1]! }, toleranceKm).length > 0);
		const at = near ? labelPoint(u.geometry) : null;
		return at ? [{ code: String(u.properties.code), name: String(u.properties.name ?? u.properties.code), lon: at[0], lat: at[1] }] : [];
	});
}

/**
 * Which border units a set of sites reaches: a unit is reached by a site inside it, or by one whose
 * reach (radiusKm) takes in the unit's point. Returns a flag per unit.
 */
export function borderReached(units: (BorderUnit & { feature: Unit })[], sites: (LonLat & { radiusKm: number })[]): boolean[] {
	if (sites.length === 0) return units.map(() => false);
	const index = new PointIndex(sites);
	const farthest = Math.max(...sites.map((s) => s.radiusKm));
	return units.map((u) => {
		if (index.within(u, farthest).some((i) => haversineKm(u, sites[i]!) <= sites[i]!.radiusKm)) return true;
		const [w, south, e, n] = turfBbox(u.feature);
		return sites.some((s) => s.lon >= w && s.lon <= e && s.lat >= south && s.lat <= n && booleanPointInPolygon([s.lon, s.lat], u.feature));
	});
}
