/**
 * Hostile upload files, made when a test runs (none is committed): the decompression and width bombs
 * the hardening issue found, so that tests can send them to the readers and to the running server.
 */
import ExcelJS from 'exceljs';
import { Zip, ZipDeflate, zipSync, strToU8 } from 'fflate';

const MB = 1024 * 1024;

/** A zip whose entries inflate to `megabytes` each (zeros, streamed: the test never holds them). */
export function zipOfZeros(entries: string[], megabytes: number): Uint8Array {
	const parts: Uint8Array[] = [];
	const zip = new Zip((err, chunk) => {
		if (err) throw err;
		parts.push(chunk);
	});
	const zeros = new Uint8Array(MB);
	for (const name of entries) {
		const entry = new ZipDeflate(name, { level: 1 });
		zip.add(entry);
		for (let i = 0; i < megabytes; i++) entry.push(zeros, i === megabytes - 1);
	}
	zip.end();
	return Buffer.concat(parts);
}

/** The same archive with every central-directory entry declaring `size` bytes inflated. */
export function declaring(zip: Uint8Array, size: number): Uint8Array {
	const out = new Uint8Array(zip);
	const view = new DataView(out.buffer);
	for (let i = 0; i + 46 <= out.length; i++) if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
	return out;
}

const GiB = 1024 * MB;

/**
 * Two .kml entries declaring 1 GiB each, as a real bomb does (a real one is 2 MB of deflated zeros;
 * the readers decide on what the archive declares, so the declaration is the bomb; making 2 GiB of
 * zeros would cost the test 20 s).
 */
export const kmzBomb = () => declaring(zipOfZeros(['doc.kml', 'files/big.kml'], 2), GiB);

/** A zipped "Shapefile" whose .shp and .dbf declare 600 MB each. */
export const shapefileBomb = () => declaring(zipOfZeros(['ranh-gioi.shp', 'ranh-gioi.dbf'], 2), 600 * MB);

/** A .kmz whose one document is 100 MB of zeros (100 KB deflated) while the archive declares 1 KB. */
export const lyingKmz = () => declaring(zipOfZeros(['doc.kml'], 100), 1024);

/** `rows` one-cell rows and one header cell in the last column Excel has (XFD): widening it is the bomb. */
export async function xlsxWidthBomb(rows = 60_000): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Nhà trọ');
	sheet.getCell('A1').value = 'Tên dãy trọ';
	sheet.getCell('XFD1').value = 'x';
	for (let r = 2; r <= rows + 1; r++) sheet.getCell(r, 1).value = r;
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A small valid zip (for files that must be zips but hold the wrong things). */
export const zipOf = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
