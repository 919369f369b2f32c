// shpjs ships no types; the parts the app uses (the archive is inflated by the app, within limits).
declare module 'shpjs' {
	import type { FeatureCollection, Geometry } from 'geojson';
	/** The shapes of a .shp, reprojected to WGS 84 when the .prj text says another system. */
	export function parseShp(shp: DataView, prj?: string): Geometry[];
	/** The records of a .dbf, decoded with the .cpg's code page. */
	export function parseDbf(dbf: DataView, cpg?: string): Record<string, unknown>[];
	/** Shapes and records as features. */
	export function combine(parts: [Geometry[], Record<string, unknown>[] | undefined]): FeatureCollection;
}
