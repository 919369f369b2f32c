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
import { unzipSync, strFromU8 } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import { kml } from '@tmcw/togeojson';
import type { FeatureCollection } from 'geojson';

export interface Table {
	headers: string[];
	/** Cell values by row; row numbers in reports are 1-based data rows plus the header row (Excel's). */
	rows: unknown[][];
	/** How the text was decoded (text formats). */
	encoding?: string;
	/** The first data row's line in the file (2 when the header is line 1). */
	firstRow: number;
}

export class FileFormatError extends Error {}

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
	return { headers: headers.map((h) => h.trim()), rows, encoding, firstRow: 2 };
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
	let grid: unknown[][] | null = null;
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
			for await (const row of sheet) rows[row.number - 1] = Array.from((row.values as ExcelJS.CellValue[]).slice(1), cellValue);
			if (!grid && rows.some((r) => r?.some((v) => String(v ?? '').trim() !== ''))) grid = Array.from(rows, (r) => r ?? []);
		}
	} catch (e) {
		throw new FileFormatError(`not a readable .xlsx file (${(e as Error).message}); old .xls files must be saved again as .xlsx`);
	}
	if (!grid) throw new FileFormatError('the workbook has no rows');
	// The header is the first row with at least two filled cells (titles above a table are skipped).
	const headerIndex = Math.max(0, grid.slice(0, 20).findIndex((r) => r.filter((v) => String(v ?? '').trim() !== '').length >= 2));
	const width = Math.max(...grid.map((r) => r.length));
	const widen = (r: unknown[]) => Array.from({ length: width }, (_, c) => r[c] ?? '');
	const rows = grid.slice(headerIndex + 1).map((r) => (r.some((v) => String(v ?? '').trim() !== '') ? widen(r) : []));
	while (rows.length && rows[rows.length - 1]!.length === 0) rows.pop();
	return { headers: widen(grid[headerIndex]!).map((h) => String(h ?? '').trim()), rows, firstRow: headerIndex + 2 };
}

/** Features with their properties as columns and Point coordinates as Longitude / Latitude. */
function featureTable(fc: FeatureCollection): Table {
	if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new FileFormatError('not a GeoJSON FeatureCollection');
	const keys: string[] = [];
	for (const f of fc.features) for (const k of Object.keys(f.properties ?? {})) if (!keys.includes(k) && !k.startsWith('styleUrl') && k !== 'styleHash') keys.push(k);
	const headers = [...keys, 'Longitude', 'Latitude'];
	const rows = fc.features.map((f, i) => {
		const g = f.geometry;
		if (!g || g.type !== 'Point') throw new FileFormatError(`feature ${i + 1} is a ${g?.type ?? 'feature without geometry'}: only points can be imported for this kind`);
		return [...keys.map((k) => (f.properties?.[k] as unknown) ?? ''), g.coordinates[0], g.coordinates[1]];
	});
	return { headers, rows, firstRow: 1 };
}

function kmlTable(text: string): Table {
	const dom = new DOMParser({ onError: (level, message) => { if (level === 'fatalError') throw new FileFormatError(`not valid KML: ${message}`); } }).parseFromString(text, 'text/xml');
	return featureTable(kml(dom as unknown as Document) as FeatureCollection);
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
			let files: Record<string, Uint8Array>;
			try {
				files = unzipSync(bytes);
			} catch {
				throw new FileFormatError('not a readable .kmz (zip) file');
			}
			const doc = Object.keys(files).find((f) => f.toLowerCase().endsWith('.kml'));
			if (!doc) throw new FileFormatError('the .kmz holds no .kml document');
			return kmlTable(strFromU8(files[doc]!));
		}
		case 'xls':
			throw new FileFormatError('old Excel .xls files are not read: save the file as .xlsx (Excel: File → Save As → Excel Workbook)');
		default:
			throw new FileFormatError(`files of type .${ext} are not read: use .xlsx, .csv, .geojson, .kml or .kmz`);
	}
}
