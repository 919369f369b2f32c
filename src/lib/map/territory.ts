/**
 * Vietnam's territory in the browser, for a click that places a record: its land from the bundled
 * basemap (Natural Earth, static/basemap/countries.geojson, already loaded by the map) and the
 * areas of Quần đảo Hoàng Sa and Quần đảo Trường Sa.
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { ARCHIPELAGOS, archipelagoBbox } from './archipelagos';

let land: Promise<Feature<Polygon | MultiPolygon> | null> | null = null;

function vietnamLand(url = '/basemap/countries.geojson') {
	land ??= fetch(url)
		.then((r) => (r.ok ? (r.json() as Promise<FeatureCollection<Polygon | MultiPolygon, { iso_n3: string }>>) : null))
		.then((fc) => fc?.features.find((f) => f.properties.iso_n3 === '704') ?? null)
		.catch(() => null);
	return land;
}

/** True when the point is on Vietnam's land or in the archipelagos (true too if the outline cannot be read: the server still checks). */
export async function insideVietnam(lon: number, lat: number): Promise<boolean> {
	if (
		ARCHIPELAGOS.some((a) => {
			const [w, s, e, n] = archipelagoBbox(a);
			return lon >= w && lon <= e && lat >= s && lat <= n;
		})
	)
		return true;
	const vietnam = await vietnamLand();
	return vietnam ? booleanPointInPolygon([lon, lat], vietnam) : true;
}
