/**
 * Builds small PMTiles v3 archives of vector tiles for the tests: GeoJSON layers cut into tiles by
 * MapLibre's geojson-vt, encoded by its vt-pbf, gzipped, and laid out as the PMTiles v3 spec says
 * (127-byte header, root directory, JSON metadata, tile data). Only what a test basemap needs: one
 * root directory, no leaf directories, no deduplication of identical tiles.
 */
import { gzipSync } from 'node:zlib';
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { zxyToTileId } from 'pmtiles';
import type { FeatureCollection } from 'geojson';

export interface TestArchive {
	/** Vector layers by name. */
	layers: Record<string, FeatureCollection>;
	minZoom: number;
	maxZoom: number;
	/** [west, south, east, north] written in the header (defaults to the layers' extent). */
	bounds: [number, number, number, number];
	metadata?: Record<string, unknown>;
	/** Header fields to spoil on purpose (wrong tile type, compression, version). */
	tileType?: number;
	tileCompression?: number;
	specVersion?: number;
}

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const latToY = (lat: number, z: number) => {
	const r = (lat * Math.PI) / 180;
	return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

function varints(values: number[]): number[] {
	const out: number[] = [];
	for (let v of values) {
		while (v >= 0x80) {
			out.push((v % 0x80) | 0x80);
			v = Math.floor(v / 0x80);
		}
		out.push(v);
	}
	return out;
}

export function buildPmtiles(archive: TestArchive): Buffer {
	const indexes = Object.fromEntries(
		Object.entries(archive.layers).map(([name, fc]) => [
			name,
			new GeoJSONVT(fc, { maxZoom: archive.maxZoom, indexMaxZoom: archive.maxZoom, extent: 4096, buffer: 64 })
		])
	);
	const tiles: { id: number; data: Buffer }[] = [];
	const [w, s, e, n] = archive.bounds;
	for (let z = archive.minZoom; z <= archive.maxZoom; z++) {
		for (let x = lonToX(w, z); x <= lonToX(e, z); x++) {
			for (let y = latToY(n, z); y <= latToY(s, z); y++) {
				const layers = Object.fromEntries(
					Object.entries(indexes)
						.map(([name, index]) => [name, index.getTile(z, x, y)] as const)
						.filter(([, tile]) => tile !== null && tile.features.length > 0)
				);
				if (Object.keys(layers).length === 0) continue;
				tiles.push({ id: zxyToTileId(z, x, y), data: gzipSync(fromGeojsonVt(layers as Parameters<typeof fromGeojsonVt>[0], { version: 2, extent: 4096 })) });
			}
		}
	}
	tiles.sort((a, b) => a.id - b.id);
	let offset = 0;
	const entries = tiles.map((t) => {
		const entry = { id: t.id, offset, length: t.data.length };
		offset += t.data.length;
		return entry;
	});
	const directory = gzipSync(
		Buffer.from([
			...varints([entries.length]),
			...varints(entries.map((t, i) => t.id - (entries[i - 1]?.id ?? 0))),
			...varints(entries.map(() => 1)),
			...varints(entries.map((t) => t.length)),
			...varints(entries.map((t, i) => (i > 0 ? 0 : t.offset + 1)))
		])
	);
	const metadata = gzipSync(
		Buffer.from(
			JSON.stringify(
				archive.metadata ?? { name: 'test basemap', attribution: 'test data', vector_layers: Object.keys(archive.layers).map((id) => ({ id, fields: {} })) }
			)
		)
	);
	const tileData = Buffer.concat(tiles.map((t) => t.data));
	const header = Buffer.alloc(127);
	header.write('PMTiles', 0, 'latin1');
	header.writeUInt8(archive.specVersion ?? 3, 7);
	const rootOffset = 127;
	const metadataOffset = rootOffset + directory.length;
	const dataOffset = metadataOffset + metadata.length;
	const u64 = (value: number, at: number) => header.writeBigUInt64LE(BigInt(value), at);
	u64(rootOffset, 8);
	u64(directory.length, 16);
	u64(metadataOffset, 24);
	u64(metadata.length, 32);
	u64(dataOffset + tileData.length, 40); // no leaf directories
	u64(0, 48);
	u64(dataOffset, 56);
	u64(tileData.length, 64);
	u64(tiles.length, 72);
	u64(tiles.length, 80);
	u64(tiles.length, 88);
	header.writeUInt8(1, 96); // clustered: tiles in id order
	header.writeUInt8(2, 97); // internal compression: gzip
	header.writeUInt8(archive.tileCompression ?? 2, 98);
	header.writeUInt8(archive.tileType ?? 1, 99); // 1: MVT
	header.writeUInt8(archive.minZoom, 100);
	header.writeUInt8(archive.maxZoom, 101);
	const e7 = (v: number) => Math.round(v * 1e7);
	header.writeInt32LE(e7(w), 102);
	header.writeInt32LE(e7(s), 106);
	header.writeInt32LE(e7(e), 110);
	header.writeInt32LE(e7(n), 114);
	header.writeUInt8(archive.minZoom, 118);
	header.writeInt32LE(e7((w + e) / 2), 119);
	header.writeInt32LE(e7((s + n) / 2), 123);
	return Buffer.concat([header, directory, metadata, tileData]);
}

/**
 * A province-sized test basemap near Tây Ninh in the OpenMapTiles schema: a lake, a river, a main
 * road and two commune names ("Xã Thử Nghiệm" among them), zooms 6–12.
 */
export function testBasemap(overrides: Partial<TestArchive> = {}): Buffer {
	const line = (coordinates: [number, number][], properties: Record<string, string>) => ({
		type: 'Feature' as const,
		properties,
		geometry: { type: 'LineString' as const, coordinates }
	});
	const point = (coordinates: [number, number], properties: Record<string, string>) => ({
		type: 'Feature' as const,
		properties,
		geometry: { type: 'Point' as const, coordinates }
	});
	const collection = <T>(features: T[]) => ({ type: 'FeatureCollection' as const, features });
	return buildPmtiles({
		layers: {
			water: collection([
				{
					type: 'Feature',
					properties: { class: 'lake' },
					geometry: {
						type: 'Polygon',
						coordinates: [
							[
								[106.05, 11.35],
								[106.25, 11.35],
								[106.25, 11.5],
								[106.05, 11.5],
								[106.05, 11.35]
							]
						]
					}
				}
			]) as FeatureCollection,
			waterway: collection([
				line(
					[
						[106.0, 11.0],
						[106.2, 11.2],
						[106.4, 11.3]
					],
					{ class: 'river', name: 'Sông Thử' }
				)
			]) as FeatureCollection,
			transportation: collection([
				line(
					[
						[105.9, 11.25],
						[106.5, 11.25]
					],
					{ class: 'primary' }
				),
				line(
					[
						[106.2, 10.9],
						[106.2, 11.6]
					],
					{ class: 'tertiary' }
				)
			]) as FeatureCollection,
			place: collection([
				point([106.3, 11.15], { class: 'village', name: 'Xã Thử Nghiệm' }),
				point([106.1, 11.3], { class: 'town', 'name:vi': 'Thị trấn Mẫu', name: 'Mau Town' })
			]) as FeatureCollection
		},
		minZoom: 6,
		maxZoom: 12,
		bounds: [105.9, 10.9, 106.5, 11.6],
		...overrides
	});
}
