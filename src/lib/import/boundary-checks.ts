/**
 * What replacing unit outlines would change, for the admin to see before confirming: outlines of
 * the file that overlap each other, ground an old outline covered that no new outline covers (a
 * gap opening), and new outlines reaching past Vietnam's border. Geometry by turf (intersect,
 * difference, area); areas in km², small slivers (a redrawn line) ignored.
 */
import turfArea from '@turf/area';
import turfBbox from '@turf/bbox';
import turfDifference from '@turf/difference';
import turfIntersect from '@turf/intersect';
import turfUnion from '@turf/union';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

type Outline = Feature<Polygon | MultiPolygon>;
export interface BoundaryUnit {
	code: string;
	name: string;
	/** The outline the file gives. */
	next: Outline['geometry'];
	/** The outline the database holds now (null: none). */
	current: Outline['geometry'] | null;
}

export interface BoundaryChecks {
	overlaps: { a: string; aName: string; b: string; bName: string; km2: number }[];
	gaps: { code: string; name: string; km2: number }[];
	outside: { code: string; name: string; km2: number; share: number }[];
}

const km2 = (f: Outline | null) => (f ? turfArea(f) / 1e6 : 0);
const feature = (geometry: Outline['geometry']): Outline => ({ type: 'Feature', properties: {}, geometry });
const boxesMeet = (a: number[], b: number[]) => a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!;

/**
 * Overlaps of each new outline with the other new ones and with the kept outlines of `neighbours`
 * (units of the same level the file leaves as they are), over `minKm2`; gaps (ground of a unit's
 * current outline covered by no new outline, over `minKm2` and 1 % of the unit); and the part of
 * each new outline outside `country` (over `minKm2` and 1 % of the unit: the country outline is
 * generalised).
 */
export function checkBoundaries(
	units: BoundaryUnit[],
	country: Outline[],
	neighbours: { code: string; name: string; geometry: Outline['geometry'] }[] = [],
	minKm2 = 0.5
): BoundaryChecks {
	const outlines = units.map((u) => ({ u, f: feature(u.next), box: turfBbox(feature(u.next)) }));
	const replaced = new Set(units.map((u) => u.code));
	const kept = neighbours
		.filter((n) => !replaced.has(n.code))
		.map((n) => ({ code: n.code, name: n.name, f: feature(n.geometry), box: turfBbox(feature(n.geometry)) }));
	const overlaps: BoundaryChecks['overlaps'] = [];
	const overlap = (a: { f: Outline; box: number[] }, b: { f: Outline; box: number[] }) =>
		boxesMeet(a.box, b.box) ? km2(turfIntersect({ type: 'FeatureCollection', features: [a.f, b.f] }) as Outline | null) : 0;
	outlines.forEach((a, i) => {
		for (const b of [...outlines.slice(i + 1).map((o) => ({ code: o.u.code, name: o.u.name, f: o.f, box: o.box })), ...kept]) {
			const shared = overlap(a, b);
			if (shared > minKm2) overlaps.push({ a: a.u.code, aName: a.u.name, b: b.code, bName: b.name, km2: round(shared) });
		}
	});
	const everything = union(outlines.map((o) => o.f));
	const gaps: BoundaryChecks['gaps'] = [];
	for (const u of units) {
		if (!u.current || !everything) continue;
		const uncovered = km2(turfDifference({ type: 'FeatureCollection', features: [feature(u.current), everything] }) as Outline | null);
		if (uncovered > minKm2 && uncovered > 0.01 * km2(feature(u.current))) gaps.push({ code: u.code, name: u.name, km2: round(uncovered) });
	}
	const land = union(country);
	const outside: BoundaryChecks['outside'] = [];
	for (const { u, f } of outlines) {
		if (!land) break;
		const beyond = km2(turfDifference({ type: 'FeatureCollection', features: [f, land] }) as Outline | null);
		const share = beyond / Math.max(km2(f), 1e-9);
		if (beyond > minKm2 && share > 0.01) outside.push({ code: u.code, name: u.name, km2: round(beyond), share: Math.round(share * 1000) / 1000 });
	}
	return { overlaps, gaps, outside };
}

function union(features: Outline[]): Outline | null {
	if (features.length === 0) return null;
	if (features.length === 1) return features[0]!;
	return turfUnion({ type: 'FeatureCollection', features } as FeatureCollection<Polygon | MultiPolygon>) as Outline | null;
}

const round = (v: number) => Math.round(v * 10) / 10;
