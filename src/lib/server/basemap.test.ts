import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { BasemapError, basemapTile, currentBasemap, inspectBasemap, installBasemap, removeBasemap } from './basemap';
import { testBasemap } from '../../../tests/helpers/pmtiles';

let work: string;
let dir: string;
beforeEach(async () => {
	work = await mkdtemp(join(tmpdir(), 'basemap-'));
	dir = join(work, 'installed');
});
afterEach(() => rm(work, { recursive: true, force: true }));

async function file(name: string, bytes: Buffer | string) {
	const path = join(work, name);
	await writeFile(path, bytes);
	return path;
}

/** The tile holding a point at a zoom. */
function tileAt(lon: number, lat: number, z: number): [number, number, number] {
	const r = (lat * Math.PI) / 180;
	return [z, Math.floor(((lon + 180) / 360) * 2 ** z), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)];
}

async function refusal(path: string): Promise<BasemapError> {
	const e = await inspectBasemap(path).then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(BasemapError);
	return e as BasemapError;
}

describe('offline basemap (PMTiles)', () => {
	it('reads what a vector PMTiles file holds and gives its layers a role', async () => {
		const info = await inspectBasemap(await file('tay-ninh.pmtiles', testBasemap()));
		expect(info.name).toBe('tay-ninh.pmtiles');
		expect([info.minZoom, info.maxZoom]).toEqual([6, 12]);
		expect(info.bounds[0]).toBeCloseTo(105.9, 5);
		expect(info.bounds[3]).toBeCloseTo(11.6, 5);
		expect(Object.fromEntries(info.layers.map((l) => [l.id, l.role]))).toEqual({
			water: 'water',
			waterway: 'waterway',
			transportation: 'road',
			place: 'place'
		});
	});

	it('installs a file and serves its tiles, with the commune names in them', async () => {
		const info = await installBasemap(dir, await file('tay-ninh.pmtiles', testBasemap()), { by: 'admin@example.org' });
		expect((await currentBasemap(dir))?.version).toBe(info.version);
		const [z, x, y] = tileAt(106.3, 11.15, 10);
		const tile = await basemapTile(dir, z, x, y);
		expect(tile).not.toBeNull();
		const decoded = new VectorTile(new PbfReader(tile!.data));
		const place = decoded.layers.place!;
		const names = Array.from({ length: place.length }, (_, i) => place.feature(i).properties.name);
		expect(names).toContain('Xã Thử Nghiệm');
		// Outside the file: no tile.
		expect(await basemapTile(dir, ...tileAt(105.0, 21.0, 10))).toBeNull();
	});

	it('replaces the installed file in one step and keeps only the one in use', async () => {
		const first = await installBasemap(dir, await file('a.pmtiles', testBasemap()));
		const second = await installBasemap(dir, await file('b.pmtiles', testBasemap()), { name: 'Tây Ninh 2026' });
		expect(second.version).not.toBe(first.version);
		expect((await currentBasemap(dir))?.name).toBe('Tây Ninh 2026');
		expect((await readdir(dir)).sort()).toEqual([second.file, 'basemap.json']);
		expect(await basemapTile(dir, ...tileAt(106.3, 11.15, 10))).not.toBeNull();
		await removeBasemap(dir);
		expect(await currentBasemap(dir)).toBeNull();
		expect(await basemapTile(dir, ...tileAt(106.3, 11.15, 10))).toBeNull();
		expect(await readdir(dir)).toEqual([]);
	});

	it('refuses files it cannot draw, saying why, and keeps the current basemap', async () => {
		const current = await installBasemap(dir, await file('good.pmtiles', testBasemap()));
		const cases: [Buffer | string, BasemapError['code'], Record<string, unknown>?][] = [
			['name,lat,lon\nx,1,2\n', 'notPmtiles'],
			[testBasemap().subarray(0, 140), 'notPmtiles'],
			[testBasemap({ tileType: 2 }), 'notVector'],
			[testBasemap({ tileCompression: 3 }), 'compression', { found: 'brotli' }],
			[testBasemap({ specVersion: 2 }), 'specVersion', { found: 2 }],
			[testBasemap({ metadata: { name: 'no layers listed' } }), 'noLayers'],
			[testBasemap({ bounds: [2.2, 48.8, 2.5, 48.9] }), 'outsideVietnam']
		];
		for (const [i, [bytes, code, params]] of cases.entries()) {
			const path = await file(`bad-${i}.pmtiles`, bytes);
			const e = await refusal(path);
			expect(e.code, `case ${i}`).toBe(code);
			if (params) expect(e.params).toMatchObject(params);
			await expect(installBasemap(dir, path)).rejects.toBeInstanceOf(BasemapError);
		}
		expect((await currentBasemap(dir))?.version).toBe(current.version);
		expect((await readdir(dir)).sort()).toEqual([current.file, 'basemap.json']);
	});
});
