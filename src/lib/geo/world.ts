/**
 * Natural Earth 1:50m countries (world-atlas, public domain): Vietnam's land, its neighbours and the
 * land borders between them. Used by the import checks (is a point in Vietnam), the bundled basemap
 * build and the demo generator. Server and scripts only (reads the package's file).
 */
import { feature, mesh } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** ISO 3166-1 numeric ids used by world-atlas (Natural Earth). */
export const COUNTRY_IDS = { VN: '704', LA: '418', KH: '116', CN: '156' } as const;
export type Neighbour = 'LA' | 'KH' | 'CN';

export interface WorldGeometry {
	vietnam: Feature<MultiPolygon | Polygon>;
	countries: FeatureCollection<MultiPolygon | Polygon, { name: string }>;
	/** Vietnam's land border with each neighbour, from the shared arcs of the topology. */
	borders: Record<Neighbour, MultiLineString>;
}

type CountriesTopology = Topology<{ countries: GeometryCollection<{ name: string }> }>;

/** Natural Earth 1:50m countries from the world-atlas package (public domain). */
export function loadWorldTopology(): CountriesTopology {
	const require = createRequire(import.meta.url);
	return JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as CountriesTopology;
}

export function worldGeometry(topology: CountriesTopology = loadWorldTopology()): WorldGeometry {
	const countries = feature(topology, topology.objects.countries) as FeatureCollection<MultiPolygon | Polygon, { name: string }>;
	const vietnam = countries.features.find((f) => String(f.id) === COUNTRY_IDS.VN);
	if (!vietnam) throw new Error('world-atlas has no Vietnam (id 704)');
	const border = (neighbour: Neighbour) =>
		mesh(topology, topology.objects.countries, (a, b) => {
			const ids = new Set([String(a.id), String(b.id)]);
			return ids.has(COUNTRY_IDS.VN) && ids.has(COUNTRY_IDS[neighbour]) && a !== b;
		});
	return { vietnam, countries, borders: { LA: border('LA'), KH: border('KH'), CN: border('CN') } };
}
