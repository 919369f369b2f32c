/**
 * Files as officials have them, read into one table of header + rows: Excel .xlsx (exceljs), CSV or
 * Excel's "Unicode text" (papaparse; UTF-8, UTF-16 or Windows-1258 via iconv-lite; `,` `;` or tab),
 * GeoJSON, and KML/KMZ (@tmcw/togeojson over @xmldom/xmldom, KMZ unzipped with fflate). Point
 * geometries become Longitude/Latitude columns, so every format meets the same column mapping.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { strFromU8 } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import type { FeatureCollection } from 'geojson';
import { FileFormatError } from './errors';
import { checkInflatedSize, unzipWanted, zipDirectory } from './archive';
import { MAX_CELLS, MAX_COLUMNS } from './limits';

export { FileFormatError };

export interface Table {
	headers: string[];
	/** Cell values by row; row numbers in reports are 1-based data rows plus the header row (Excel's). */
	rows: unknown[][];
	/** How the text was decoded (text formats). */
	encoding?: string;
	/** The first data row's line in the file (2 when the header is line 1). */
	firstRow: number;
}

/** Text from bytes: a BOM says UTF-8 or UTF-16; otherwise valid UTF-8, else Windows-1258 (Vietnamese Windows). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		// Windows-1258 writes Vietnamese with combining tone marks: compose them (NFC).
		return { text: iconv.decode(Buffer.from(bytes), 'windows1258').normalize('NFC'), encoding: 'windows-1258' };
	}
}

function csvTable(bytes: Uint8Array): Table {
	const { text, encoding } = decodeText(bytes);
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimitersToGuess: [',', ';', '\t'], skipEmptyLines: 'greedy' });
	const fatal = parsed.errors.find((e) => e.type === 'Quotes');
	if (fatal) throw new FileFormatError(`line ${(fatal.row ?? 0) + 1}: ${fatal.message}`);
	const [headers, ...rows] = parsed.data;
	if (!headers) throw new FileFormatError('the file is empty');
	[headers, ...rows].forEach((r, i) => checkWidth(r.length, `line ${i + 1}`));
	checkSize(headers.length, rows.length);
	return { headers: headers.map((h) => h.trim()), rows, encoding, firstRow: 2 };
}

/** Spreadsheet column letters of a 1-based column number (28 → AB). */
export function columnName(n: number): string {
	let name = '';
	for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name;
	return name;
}

function checkWidth(width: number, where: string) {
	if (width > MAX_COLUMNS) throw new FileFormatError(`${where} has ${width.toLocaleString('en')} columns; tables of at most ${MAX_COLUMNS} columns are read`);
}

function checkSize(width: number, rows: number) {
	if (width * rows > MAX_CELLS)
		throw new FileFormatError(`${rows.toLocaleString('en')} rows × ${width} columns is more than ${MAX_CELLS.toLocaleString('en')} cells: split the file`);
}

/** An Excel cell's value as text, number, boolean or Date (rich text, formulas and links unwrapped). */
function cellValue(v: ExcelJS.CellValue): unknown {
	if (v === null || v === undefined) return '';
	if (typeof v !== 'object' || v instanceof Date) return v;
	if ('richText' in v) return v.richText.map((r) => r.text).join('');
	if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
	if ('text' in v) return v.text;
	if ('error' in v) return '';
	return String(v);
}

/**
 * The first sheet with data, read as a stream (a third faster than loading the workbook: 100,000 rows
 * in about a second). Styles are not read, so date cells come as Excel serial days, which readDate
 * reads like typed dates.
 */
async function xlsxTable(bytes: Uint8Array): Promise<Table> {
	// The workbook is a zip: refuse it before inflating when its parts declare too much.
	checkInflatedSize(zipDirectory(bytes, '.xlsx'), '.xlsx');
	let grid: unknown[][] | null = null;
	let cells = 0;
	try {
		const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), {
			sharedStrings: 'cache',
			hyperlinks: 'ignore',
			styles: 'ignore',
			worksheets: 'emit',
			entries: 'ignore'
		});
		for await (const sheet of reader) {
			const rows: unknown[][] = [];
			for await (const row of sheet) {
				const values = (row.values as ExcelJS.CellValue[]).slice(1);
				// A cell far to the right (one value in column XFD) must not widen every row to 16,384 cells.
				let width = values.length;
				while (width > 0 && (values[width - 1] === null || values[width - 1] === undefined || values[width - 1] === '')) width--;
				if (width > MAX_COLUMNS)
					throw new FileFormatError(
						`cell ${columnName(width)}${row.number} has a value: tables of at most ${MAX_COLUMNS} columns (up to ${columnName(MAX_COLUMNS)}) are read`
					);
				cells += width;
				if (cells > MAX_CELLS) throw new FileFormatError(`the sheet holds more than ${MAX_CELLS.toLocaleString('en')} cells: split the file`);
				rows[row.number - 1] = Array.from(values.slice(0, width), cellValue);
			}
			if (!grid && rows.some((r) => r?.some((v) => String(v ?? '').trim() !== ''))) grid = Array.from(rows, (r) => r ?? []);
		}
	} catch (e) {
		if (e instanceof FileFormatError) throw e;
		throw new FileFormatError(`not a readable .xlsx file (${(e as Error).message}); old .xls files must be saved again as .xlsx`);
	}
	if (!grid) throw new FileFormatError('the workbook has no rows');
	// The header is the first row with at least two filled cells (titles above a table are skipped).
	const headerIndex = Math.max(
		0,
		grid.slice(0, 20).findIndex((r) => r.filter((v) => String(v ?? '').trim() !== '').length >= 2)
	);
	const width = grid.reduce((w, r) => Math.max(w, r.length), 0);
	checkSize(width, grid.length);
	const widen = (r: unknown[]) => Array.from({ length: width }, (_, c) => r[c] ?? '');
	const rows = grid.slice(headerIndex + 1).map((r) => (r.some((v) => String(v ?? '').trim() !== '') ? widen(r) : []));
	while (rows.length && rows[rows.length - 1]!.length === 0) rows.pop();
	return { headers: widen(grid[headerIndex]!).map((h) => String(h ?? '').trim()), rows, firstRow: headerIndex + 2 };
}

/** Features with their properties as columns and Point coordinates as Longitude / Latitude. */
function featureTable(fc: FeatureCollection): Table {
	if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new FileFormatError('not a GeoJSON FeatureCollection');
	const keys = new Set<string>();
	fc.features.forEach((f, i) => {
		if (typeof f !== 'object' || f === null || Array.isArray(f)) throw new FileFormatError(`feature ${i + 1} is not a GeoJSON Feature object`);
		const properties: unknown = f.properties ?? {};
		if (typeof properties !== 'object' || properties === null || Array.isArray(properties))
			throw new FileFormatError(`feature ${i + 1}: "properties" is not an object`);
		for (const k of Object.keys(properties)) if (!k.startsWith('styleUrl') && k !== 'styleHash') keys.add(k);
		if (keys.size > MAX_COLUMNS) throw new FileFormatError(`the features have more than ${MAX_COLUMNS} different properties`);
	});
	const headers = [...keys, 'Longitude', 'Latitude'];
	checkSize(headers.length, fc.features.length);
	const rows = fc.features.map((f, i) => {
		const g = f.geometry as { type?: unknown; coordinates?: unknown } | null;
		if (!g || g.type !== 'Point')
			throw new FileFormatError(
				`feature ${i + 1} is a ${typeof g?.type === 'string' ? g.type.slice(0, 40) : 'feature without geometry'}: only points can be imported for this kind`
			);
		const c = g.coordinates;
		if (!Array.isArray(c) || c.length < 2 || c.slice(0, 2).some((v) => typeof v !== 'number' || !Number.isFinite(v)))
			throw new FileFormatError(`feature ${i + 1}: a Point needs "coordinates": [longitude, latitude] as numbers`);
		return [...[...keys].map((k) => (f.properties?.[k] as unknown) ?? ''), c[0], c[1]];
	});
	return { headers, rows, firstRow: 1 };
}

function kmlTable(text: string): Table {
	let collection: FeatureCollection;
	try {
		const dom = new DOMParser({
			onError: (level, message) => {
				if (level === 'fatalError') throw new FileFormatError(`not valid KML: ${message}`);
			}
		}).parseFromString(text, 'text/xml');
		collection = kml(dom as unknown as Document) as FeatureCollection;
	} catch (e) {
		throw e instanceof FileFormatError ? e : new FileFormatError(`not valid KML: ${(e as Error).message}`);
	}
	return featureTable(collection);
}

/** Reads a file by its extension. */
export async function readTable(name: string, bytes: Uint8Array): Promise<Table> {
	const ext = name.toLowerCase().split('.').pop() ?? '';
	switch (ext) {
		case 'csv':
		case 'txt':
		case 'tsv':
			return csvTable(bytes);
		case 'xlsx':
			return xlsxTable(bytes);
		case 'geojson':
		case 'json': {
			let data: unknown;
			try {
				data = JSON.parse(decodeText(bytes).text);
			} catch (e) {
				throw new FileFormatError(`not valid JSON: ${(e as Error).message}`);
			}
			return featureTable(data as FeatureCollection);
		}
		case 'kml':
			return kmlTable(decodeText(bytes).text);
		case 'kmz': {
			// Only the first .kml document is inflated (images and models in the archive are not read).
			const doc = zipDirectory(bytes, '.kmz').find((e) => e.name.toLowerCase().endsWith('.kml'));
			if (!doc) throw new FileFormatError('the .kmz holds no .kml document');
			return kmlTable(strFromU8(unzipWanted(bytes, '.kmz', (name) => name === doc.name)[doc.name]!));
		}
		case 'xls':
			throw new FileFormatError('old Excel .xls files are not read: save the file as .xlsx (Excel: File → Save As → Excel Workbook)');
		default:
			throw new FileFormatError(`files of type .${ext} are not read: use .xlsx, .csv, .geojson, .kml or .kmz`);
	}
}
