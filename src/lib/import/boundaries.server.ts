/**
 * Official administrative boundaries as admins receive them: GeoJSON, or a Shapefile zipped with its
 * .dbf, .prj and .cpg (shpjs, which reprojects with proj4 when the .prj says so, e.g. VN-2000). Each
 * feature gives the unit's code and name from the usual attribute names (MA_DVHC, MA_TINH, TEN_HUYEN,
 * GADM's NAME_2…), for import_boundaries to match.
 */
import { combine, parseDbf, parseShp } from 'shpjs';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { decodeText } from './parse.server';
import { FileFormatError } from './errors';
import { unzipWanted } from './archive';
import { fold } from '$lib/values';

export interface BoundaryFeature {
	code: string | null;
	name: string | null;
	/** The level the name's attribute says (TEN_TINH, NAME_1: province…), if it says one. */
	level: 'province' | 'district' | 'commune' | null;
	geometry: Geometry | null;
}

// Folded attribute names, most specific first (a GADM file has NAME_1 and NAME_2: the district is NAME_2).
const CODE_NAMES = ['madvhc', 'mahuyen', 'maxa', 'matinh', 'ma', 'code', 'unitcode', 'gid3', 'gid2', 'gid1'];
const NAME_NAMES = ['tenxa', 'tenhuyen', 'tentinh', 'ten', 'tendvhc', 'name3', 'name2', 'name1', 'name', 'varname'];

const LEVELS: Record<string, BoundaryFeature['level']> = {
	tentinh: 'province',
	name1: 'province',
	tenhuyen: 'district',
	name2: 'district',
	tenxa: 'commune',
	name3: 'commune'
};

/** The first of the attributes (by folded name) that has a value, and which it was. */
function pick(properties: Record<string, unknown> | null, names: string[]): { value: string; attribute: string } | null {
	const entries = Object.entries(properties ?? {}).map(([k, v]) => [fold(k), v] as const);
	for (const name of names) {
		const value = entries.find(([k]) => k === name)?.[1];
		if (value !== null && value !== undefined && String(value).trim() !== '') return { value: String(value).trim(), attribute: name };
	}
	return null;
}

/**
 * The layers of a zipped Shapefile, their features together (shpjs's parsers; the archive itself is
 * inflated by unzipWanted, within limits). The .prj reprojects to WGS 84 (VN-2000 files say so there).
 */
function shapefileLayers(files: Record<string, Uint8Array>): FeatureCollection {
	const byLower = new Map(Object.entries(files).map(([name, bytes]) => [name.toLowerCase(), bytes]));
	const layers = [...byLower.keys()].filter((n) => n.endsWith('.shp')).map((n) => n.slice(0, -4));
	if (!layers.length) throw new FileFormatError('not a zipped Shapefile: the .zip holds no .shp file');
	const text = (bytes: Uint8Array | undefined) => (bytes ? new TextDecoder().decode(bytes) : undefined);
	const features = layers.flatMap((layer) => {
		const part = (ext: string) => byLower.get(`${layer}.${ext}`);
		try {
			const dbf = part('dbf');
			const shapes = parseShp(new DataView(part('shp')!.buffer, part('shp')!.byteOffset, part('shp')!.byteLength), text(part('prj')));
			return combine([shapes, dbf ? parseDbf(new DataView(dbf.buffer, dbf.byteOffset, dbf.byteLength), text(part('cpg'))) : undefined]).features as Feature[];
		} catch (e) {
			throw new FileFormatError(`${layer}.shp is not a readable Shapefile (.shp with its .dbf and .prj): ${(e as Error).message}`);
		}
	});
	return { type: 'FeatureCollection', features };
}

export async function readBoundaries(fileName: string, bytes: Uint8Array): Promise<BoundaryFeature[]> {
	const extension = fileName.toLowerCase().split('.').pop();
	let collection: FeatureCollection;
	if (extension === 'zip') {
		collection = shapefileLayers(unzipWanted(bytes, '.zip', (name) => !name.includes('__MACOSX') && /\.(shp|dbf|prj|cpg)$/i.test(name)));
	} else if (extension === 'geojson' || extension === 'json') {
		try {
			collection = JSON.parse(decodeText(bytes).text);
		} catch {
			throw new FileFormatError('not valid JSON');
		}
		if (collection?.type !== 'FeatureCollection' || !Array.isArray(collection.features)) throw new FileFormatError('not a GeoJSON FeatureCollection');
	} else {
		throw new FileFormatError('boundaries come as GeoJSON (.geojson) or a zipped Shapefile (.zip)');
	}
	if (!collection.features.length) throw new FileFormatError('the file holds no features');
	collection.features.forEach((f, i) => {
		if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new FileFormatError(`feature ${i + 1} is not a GeoJSON Feature object`);
		if (f.properties !== null && f.properties !== undefined && (typeof f.properties !== 'object' || Array.isArray(f.properties)))
			throw new FileFormatError(`feature ${i + 1}: "properties" is not an object`);
		if (f.geometry !== null && f.geometry !== undefined && (typeof f.geometry !== 'object' || typeof f.geometry.type !== 'string'))
			throw new FileFormatError(`feature ${i + 1}: "geometry" is not a GeoJSON geometry`);
	});
	return collection.features.map((f: Feature) => {
		const name = pick(f.properties, NAME_NAMES);
		return {
			code: pick(f.properties, CODE_NAMES)?.value ?? null,
			name: name?.value ?? null,
			level: name ? (LEVELS[name.attribute] ?? null) : null,
			geometry: f.geometry ?? null
		};
	});
}
