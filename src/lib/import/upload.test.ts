import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { FileFormatError } from './errors';
import { readUploadBoundaries, readUploadTable } from './upload.server';
import { kmzBomb, lyingKmz, shapefileBomb, xlsxWidthBomb, zipOf } from '../../../tests/helpers/bombs';

/** The reader's answer to a file: its error message, or null when it was read. */
async function refusal(read: Promise<unknown>): Promise<string | null> {
	try {
		await read;
		return null;
	} catch (e) {
		expect(e).toBeInstanceOf(FileFormatError);
		return (e as Error).message;
	}
}

/** Memory of this process outside the worker (heap and buffers) grows by less than `mb` while `run` runs. */
async function withinMemory<T>(mb: number, run: () => Promise<T>): Promise<T> {
	const before = process.memoryUsage();
	let peak = 0;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss - before.rss)), 20);
	try {
		return await run();
	} finally {
		clearInterval(timer);
		expect(peak / 1024 / 1024).toBeLessThan(mb);
	}
}

describe('uploads read in a worker, within limits', () => {
	it('reads the files officials send as before', async () => {
		const table = await readUploadTable('mo-hinh.kmz', new Uint8Array(readFileSync('tests/fixtures/import/mo-hinh.kmz')));
		expect(table.headers).toContain('Longitude');
		expect(table.rows.length).toBeGreaterThan(0);
		const features = await readUploadBoundaries('ranh-gioi-tinh.zip', new Uint8Array(readFileSync('tests/fixtures/import/ranh-gioi-tinh.zip')));
		expect(features.length).toBeGreaterThan(0);
		expect(features.every((f) => f.geometry && f.name)).toBe(true);
	});

	it('refuses an .xlsx with a value in column XFD before widening its rows', async () => {
		const bytes = await xlsxWidthBomb();
		const message = await withinMemory(400, () => refusal(readUploadTable('nha-tro.xlsx', bytes)));
		expect(message).toMatch(/cell XFD1 has a value: tables of at most 200 columns \(up to GR\) are read/);
	});

	it('refuses a .kmz that would inflate to 2 GiB without inflating it', async () => {
		const bytes = kmzBomb();
		expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
		const message = await withinMemory(200, () => refusal(readUploadTable('bom.kmz', bytes)));
		expect(message).toMatch(/would unpack to 1024 MB \(doc\.kml: 1024 MB\); at most 256 MB is read/);
	});

	it('inflates an entry that understates its size no further than it says', async () => {
		const message = await withinMemory(200, () => refusal(readUploadTable('noi-doi.kmz', lyingKmz())));
		expect(message).toMatch(/not valid KML|holds no|feature/);
	});

	it('refuses a zipped Shapefile that would inflate to 1.2 GB', async () => {
		const message = await withinMemory(200, () => refusal(readUploadBoundaries('ranh-gioi.zip', shapefileBomb())));
		expect(message).toMatch(/would unpack to 1200 MB/);
	});

	it('gives a clear message for broken files of each kind', async () => {
		const text = (s: string) => new TextEncoder().encode(s);
		expect(await refusal(readUploadTable('a.geojson', text('{"type":"FeatureCollection","features":[null,5,{}]}')))).toBe(
			'feature 1 is not a GeoJSON Feature object'
		);
		expect(
			await refusal(
				readUploadTable('a.geojson', text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point"}}]}'))
			)
		).toBe('feature 1: a Point needs "coordinates": [longitude, latitude] as numbers');
		expect(await refusal(readUploadBoundaries('a.geojson', text('{"type":"FeatureCollection","features":[null]}')))).toBe(
			'feature 1 is not a GeoJSON Feature object'
		);
		expect(await refusal(readUploadTable('a.kml', text('<kml><Document><Placemark><Point><coordinates>1,2')))).toMatch(/^not valid KML/);
		expect(await refusal(readUploadTable('a.kmz', text('PK not a zip')))).toBe('not a readable .kmz (zip) file');
		expect(await refusal(readUploadBoundaries('a.zip', zipOf({ 'readme.txt': 'no shapes' })))).toBe('not a zipped Shapefile: the .zip holds no .shp file');
		expect(await refusal(readUploadBoundaries('a.zip', zipOf({ 'x.shp': 'not a shapefile' })))).toMatch(/^x\.shp is not a readable Shapefile/);
		expect(await refusal(readUploadTable('a.csv', text('a,'.repeat(300) + '\n1')))).toBe('line 1 has 301 columns; tables of at most 200 columns are read');
	});
});
