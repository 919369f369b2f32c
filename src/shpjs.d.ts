// shpjs ships no types; the one function the app uses.
declare module 'shpjs' {
	import type { FeatureCollection } from 'geojson';
	/** GeoJSON of each layer of a zipped Shapefile (one collection when there is one layer). */
	export function parseZip(buffer: ArrayBuffer | Uint8Array, whiteList?: string[]): Promise<FeatureCollection | FeatureCollection[]>;
}
