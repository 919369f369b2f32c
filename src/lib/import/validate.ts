/**
 * Checks every row of an import before anything is written and says, per problem, the row, the
 * column, the value and the reason — with a fix where one is plain (swapped longitude and latitude).
 * Only rows without errors become records; the caller commits all of them or nothing.
 */
import { FIELDS, type ImportKind } from './kinds';
import { fold } from '$lib/values';
import { haversineKm } from '../analysis/points';
import type { Table } from './parse.server';

/** Vietnam's extent with a small margin (EPSG:4326): the default test where no polygon is at hand. */
export const VIETNAM_BBOX: [number, number, number, number] = [102.1, 8.1, 109.6, 23.45];
const inVietnamBox = (lon: number, lat: number) => lon >= VIETNAM_BBOX[0] && lon <= VIETNAM_BBOX[2] && lat >= VIETNAM_BBOX[1] && lat <= VIETNAM_BBOX[3];

export interface Problem {
	/** The row as the official sees it in the file (Excel's row number, or the feature's position). */
	row: number;
	column: string;
	value: string;
	reason: string;
	/** A fix the page can offer. */
	suggestion?: string;
}

export interface Checked {
	records: Record<string, unknown>[];
	/** File rows of the records, in the same order. */
	rows: number[];
	problems: Problem[];
	/** Fields no column maps to (required ones make every row fail). */
	missing: string[];
}

/** Great-circle metres between two points. */
const metres = (a: [number, number], b: [number, number]) => 1000 * haversineKm({ lon: a[0], lat: a[1] }, { lon: b[0], lat: b[1] });

/**
 * Names alike once folded: equal, or one containing the other — but numbers must agree, so
 * "Dãy trọ số 1" and "Dãy trọ số 12" are two places.
 */
export function similarNames(a: string, b: string): boolean {
	const x = fold(a);
	const y = fold(b);
	if (x === y) return true;
	const numbers = (s: string) => (s.match(/\d+/g) ?? []).join(',');
	if (numbers(x) !== numbers(y)) return false;
	return x.length >= 6 && y.length >= 6 && (x.includes(y) || y.includes(x));
}

/** Records by grid cells of about 55 m, to find the ones near a point without comparing all pairs. */
class NearIndex {
	private cells = new Map<string, number[]>();
	private static readonly CELL = 0.0005;
	private key(lon: number, lat: number, dx = 0, dy = 0) {
		return `${Math.floor(lon / NearIndex.CELL) + dx},${Math.floor(lat / NearIndex.CELL) + dy}`;
	}
	add(i: number, lon: number, lat: number) {
		const k = this.key(lon, lat);
		const list = this.cells.get(k);
		if (list) list.push(i);
		else this.cells.set(k, [i]);
	}
	/** Indices in the point's cell and the eight around it (a superset of those within 50 m). */
	near(lon: number, lat: number): number[] {
		const out: number[] = [];
		for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) out.push(...(this.cells.get(this.key(lon, lat, dx, dy)) ?? []));
		return out;
	}
}

/** The field holding a record's name, for duplicate checks. */
export const NAME_FIELD: Record<ImportKind, string | null> = { boarding_houses: 'label', model_sites: 'name', outreach: null };

/**
 * @param inside where a point may lie: Vietnam's land (insideVietnam on the server) by default its box
 */
export function checkRows(
	kind: ImportKind,
	table: Table,
	mapping: Record<string, number>,
	inside: (lon: number, lat: number) => boolean = inVietnamBox
): Checked {
	const inVietnam = inside;
	const fields = FIELDS[kind];
	const problems: Problem[] = [];
	const records: Record<string, unknown>[] = [];
	const rows: number[] = [];
	const missing = fields.filter((f) => f.required && mapping[f.key] === undefined).map((f) => f.key);
	const near = new NearIndex();
	table.rows.forEach((cells, i) => {
		const row = table.firstRow + i;
		if (cells.length === 0 || cells.every((c) => String(c ?? '').trim() === '')) return;
		const record: Record<string, unknown> = {};
		let failed = false;
		for (const field of fields) {
			const column = mapping[field.key];
			const raw = column === undefined ? '' : cells[column];
			const header = column === undefined ? field.vi : (table.headers[column] ?? field.vi);
			if (column === undefined && !field.required) {
				const read = field.read('');
				if (field.stored !== false) record[field.key] = read.ok ? read.value : null;
				continue;
			}
			const read = field.read(raw);
			if (!read.ok) {
				failed = true;
				problems.push({ row, column: header, value: String(raw ?? ''), reason: field.required && read.reason === 'is empty' ? 'is required' : read.reason });
			} else if (field.stored !== false) record[field.key] = read.value;
		}
		if (!failed) {
			const lon = record.lon as number;
			const lat = record.lat as number;
			if (!inVietnam(lon, lat)) {
				failed = true;
				const swapped = inVietnam(lat, lon);
				problems.push({
					row,
					column: `${table.headers[mapping.lon!] ?? 'lon'} / ${table.headers[mapping.lat!] ?? 'lat'}`,
					value: `${lon}, ${lat}`,
					reason: swapped ? 'longitude and latitude look swapped' : 'the point lies outside Vietnam',
					...(swapped ? { suggestion: `${lat}, ${lon}` } : {})
				});
			}
		}
		// The same place twice in one file: same kind within 50 m with a similar name.
		const nameKey = NAME_FIELD[kind];
		if (!failed && nameKey) {
			const at: [number, number] = [record.lon as number, record.lat as number];
			const twin = near
				.near(at[0], at[1])
				.sort((a, b) => a - b)
				.find(
					(j) => metres([records[j]!.lon as number, records[j]!.lat as number], at) <= 50 && similarNames(String(records[j]![nameKey]), String(record[nameKey]))
				);
			if (twin !== undefined) {
				failed = true;
				problems.push({
					row,
					column: table.headers[mapping[nameKey]!] ?? nameKey,
					value: String(record[nameKey]),
					reason: `duplicates row ${rows[twin]} (within 50 m, similar name)`
				});
			}
		}
		if (!failed) {
			near.add(records.length, record.lon as number, record.lat as number);
			records.push(record);
			rows.push(row);
		}
	});
	return { records, rows, problems, missing };
}

/** What the import page shows after a check or an import. */
export interface ImportReport {
	kind: ImportKind;
	fileName: string;
	encoding: string | null;
	headers: string[];
	mapping: Record<string, number>;
	unused: string[];
	/** Headers of columns checked but not stored (the update date). */
	unstored?: string[];
	missing: string[];
	problems: Problem[];
	/** Rows with readable coordinates (up to 5,000) for the preview map: file row, name, first problem. */
	preview: PreviewPoint[];
	/** Rows with any content; of them, rows no check found a problem in, and rows with problems. */
	rows?: number;
	importable?: number;
	withProblems?: number;
	inserted?: number;
	committed?: boolean;
	/** Asked to import, nothing was written because rows have problems. */
	nothingWritten?: boolean;
	message?: string;
}

/** A point of the import preview: its file row, name, and the first problem found in the row. */
export interface PreviewPoint {
	lon: number;
	lat: number;
	row: number;
	name: string;
	problem: { column: string; reason: string } | null;
}

/**
 * Every row whose coordinates can be read, valid or not, for the preview map: a row with a
 * problem is drawn too (in another colour, its problem in the tooltip), so the official sees
 * where it is. At most `limit` points.
 */
export function previewPoints(kind: ImportKind, table: Table, mapping: Record<string, number>, problems: Problem[], limit = 5000): PreviewPoint[] {
	const fields = FIELDS[kind];
	const read = (key: string, cells: unknown[]) => {
		const field = fields.find((f) => f.key === key);
		const column = mapping[key];
		if (!field || column === undefined) return null;
		const r = field.read(cells[column]);
		return r.ok && typeof r.value === 'number' ? r.value : null;
	};
	const firstProblem = new Map<number, Problem>();
	for (const p of problems) if (!firstProblem.has(p.row)) firstProblem.set(p.row, p);
	const nameKey = NAME_FIELD[kind];
	const points: PreviewPoint[] = [];
	table.rows.forEach((cells, i) => {
		if (points.length >= limit) return;
		const lon = read('lon', cells);
		const lat = read('lat', cells);
		if (lon === null || lat === null || Math.abs(lon) > 180 || Math.abs(lat) > 90) return;
		const row = table.firstRow + i;
		const problem = firstProblem.get(row);
		const name =
			nameKey !== null && mapping[nameKey] !== undefined
				? String(cells[mapping[nameKey]!] ?? '')
						.trim()
						.slice(0, 120)
				: '';
		points.push({ lon, lat, row, name, problem: problem ? { column: problem.column, reason: problem.reason } : null });
	});
	return points;
}
