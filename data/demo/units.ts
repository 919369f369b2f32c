/** The demo's administrative units (Voronoi cells of real place names, cut to Vietnam) and finding the unit of a point. */
import voronoi from '@turf/voronoi';
import intersect from '@turf/intersect';
import union from '@turf/union';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import turfBbox from '@turf/bbox';
import { featureCollection, point } from '@turf/helpers';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { PROVINCES, type Lonlat } from './places';
import type { WorldGeometry } from '../../src/lib/geo/world';
import type { AdminUnitRow } from './rows';

/** Finds the lowest administrative unit containing a point (bounding boxes first, then polygons). */
export class UnitLocator {
	readonly #units: { code: string; bbox: number[]; feature: Feature<MultiPolygon> }[];
	constructor(leaves: AdminUnitRow[]) {
		this.#units = leaves.map((u) => {
			const f: Feature<MultiPolygon> = { type: 'Feature', properties: {}, geometry: u.geometry };
			return { code: u.code, bbox: turfBbox(f), feature: f };
		});
	}
	locate([lon, lat]: Lonlat): string | null {
		for (const u of this.#units) {
			const [w, s, e, n] = u.bbox as [number, number, number, number];
			if (lon < w || lon > e || lat < s || lat > n) continue;
			if (booleanPointInPolygon([lon, lat], u.feature)) return u.code;
		}
		return null;
	}
}

export function toMulti(geometry: Polygon | MultiPolygon): MultiPolygon {
	return geometry.type === 'MultiPolygon' ? geometry : { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
}

/**
 * Provinces and the demo districts of the focus provinces as Voronoi cells of their centres,
 * clipped to Natural Earth's Vietnam; a focus province is the union of its districts.
 * Approximations, labelled as such: an import loads official boundaries.
 */
export function buildAdminUnits(world: WorldGeometry): AdminUnitRow[] {
	const seeds: { code: string; name: string; parentCode: string | null; at: Lonlat; population: number | null }[] = [];
	for (const p of PROVINCES) {
		if (p.districts) {
			for (const d of p.districts) {
				seeds.push({ code: `${p.slug}.${d.slug}`, name: d.name, parentCode: p.slug, at: d.at, population: null });
			}
		} else {
			seeds.push({ code: p.slug, name: p.name, parentCode: null, at: p.at, population: p.population });
		}
	}
	const cells = voronoi(featureCollection(seeds.map((s) => point(s.at))), { bbox: [100, 7, 111, 24.5] });
	const cellOf = new Map<string, MultiPolygon>();
	seeds.forEach((seed, i) => {
		const cell = cells.features[i];
		if (!cell) throw new Error(`no Voronoi cell for ${seed.code}`);
		const clipped = intersect(featureCollection([cell as Feature<Polygon>, world.vietnam]));
		if (!clipped) throw new Error(`demo unit ${seed.code} lies outside Vietnam`);
		cellOf.set(seed.code, toMulti(clipped.geometry));
	});

	const units: AdminUnitRow[] = [];
	for (const p of PROVINCES) {
		if (p.districts) {
			const parts = p.districts.map((d) => cellOf.get(`${p.slug}.${d.slug}`)!);
			const merged = union(featureCollection(parts.map((g) => ({ type: 'Feature' as const, properties: {}, geometry: g }))));
			units.push({ code: p.slug, name: p.name, level: 'province', parentCode: null, population: p.population, geometry: toMulti(merged!.geometry) });
			const share = Math.round(p.population / p.districts.length);
			for (const d of p.districts) {
				const code = `${p.slug}.${d.slug}`;
				units.push({ code, name: d.name, level: 'district', parentCode: p.slug, population: share, geometry: cellOf.get(code)! });
			}
		} else {
			units.push({ code: p.slug, name: p.name, level: 'province', parentCode: null, population: p.population, geometry: cellOf.get(p.slug)! });
		}
	}
	return units;
}

/** Leaf units: the districts of focus provinces and the other provinces. */
export function leafUnits(units: AdminUnitRow[]): AdminUnitRow[] {
	const parents = new Set(units.map((u) => u.parentCode).filter(Boolean));
	return units.filter((u) => !parents.has(u.code));
}
