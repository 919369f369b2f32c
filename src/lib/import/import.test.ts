import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText, FileFormatError, readTable } from './parse.server';
import { matchColumns, type ImportKind } from './kinds';
import { checkRows, previewPoints, similarNames } from './validate';
import { insideVietnam } from './vietnam.server';

const FIXTURES = 'tests/fixtures/import';
const file = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)));

async function check(kind: ImportKind, name: string) {
	const table = await readTable(name, file(name));
	const { mapping, unused } = matchColumns(kind, table.headers);
	return { table, mapping, unused, ...checkRows(kind, table, mapping, insideVietnam) };
}

describe('importing the files officials send', () => {
	it('reads a Windows-1258 CSV with semicolons and decimal commas, and reports each bad row', async () => {
		const r = await check('boarding_houses', 'nha-tro-cp1258.csv');
		expect(r.table.encoding).toBe('windows-1258');
		expect(r.table.headers[0]).toBe('Tên dãy trọ');
		expect(r.mapping).toEqual({ label: 0, workers: 1, rooms: 2, lon: 3, lat: 4 });
		expect(r.unused).toEqual(['Ghi chú']);
		expect(r.records).toHaveLength(2);
		expect(r.records[0]).toEqual({ label: 'Dãy trọ số 1 ấp Thạnh Hiệp', workers: 48, rooms: 12, lon: 106.1812, lat: 11.0651 });
		expect(r.records[1]!.workers).toBe(1234);
		expect(r.problems).toEqual([
			{ row: 4, column: 'Số công nhân', value: '', reason: 'is required' },
			{ row: 5, column: 'Kinh độ / Vĩ độ', value: '11.0533, 106.2011', reason: 'longitude and latitude look swapped', suggestion: '106.2011, 11.0533' },
			{ row: 6, column: 'Số công nhân', value: 'khoảng 40', reason: '"khoảng 40" is not a number' },
			{ row: 7, column: 'Tên dãy trọ', value: 'Dãy trọ số 1 ấp Thạnh Hiệp', reason: 'duplicates row 2 (within 50 m, similar name)' }
		]);
	});

	it('reads Excel "Unicode text" (UTF-16, tabs) with English headers, Vietnamese forms and dates', async () => {
		const r = await check('outreach', 'tuyen-truyen-utf16.txt');
		expect(r.table.encoding).toBe('utf-16le');
		expect(r.records.map((x) => [x.form, x.held_on, x.people_reached])).toEqual([
			['meeting', '2025-07-30', 120],
			['loudspeaker', '2025-08-01', 1500],
			['social_media', '2025-08-05', 2400]
		]);
		expect(r.problems.map((p) => [p.row, p.column, p.reason])).toEqual([
			[4, 'Form', '"Biểu diễn văn nghệ" is not one of: meeting, loudspeaker, poster, leaflet, sms, social_media, school_talk'],
			[5, 'Date', '31/2/2025 is not a date']
		]);
	});

	it('reads an .xlsx under a title row, with DMS coordinates, rich text, formulas and dates', async () => {
		const r = await check('model_sites', 'mo-hinh.xlsx');
		expect(r.table.firstRow).toBe(3);
		expect(r.mapping).toEqual({ kind: 0, name: 1, opened_on: 2, active: 3, lon: 4, lat: 5 });
		expect(r.records).toHaveLength(3);
		expect(r.records[0]).toMatchObject({ kind: 'peaceful_house', opened_on: '2023-05-15', active: true });
		expect(r.records[0]!.lon as number).toBeCloseTo(106.17, 2);
		expect(r.records[1]).toMatchObject({ kind: 'tip_box', name: 'Hòm thư chợ Bến Cầu', opened_on: '2024-06-01' });
		expect(r.records[2]).toMatchObject({ kind: 'hotline_point', opened_on: '2024-09-02', active: false });
		expect(r.problems.map((p) => [p.row, p.reason])).toEqual([
			[6, 'the point lies outside Vietnam'],
			[7, '"Trạm gác" is not one of: peaceful_house, tip_box, hotline_point, support_centre']
		]);
	});

	it('reads KML and KMZ placemarks, and refuses lines where points are needed', async () => {
		await expect(readTable('mo-hinh.kml', file('mo-hinh.kml'))).rejects.toThrow(/feature 3 is a LineString: only points/);
		const r = await check('model_sites', 'mo-hinh.kmz');
		expect(r.records.map((x) => [x.kind, x.name])).toEqual([
			['peaceful_house', 'Nhà bình yên ấp Bàu Tràm'],
			['tip_box', 'Hòm thư UBND xã Tiên Thuận']
		]);
		expect(r.problems).toEqual([]);
	});

	it('reads GeoJSON properties as columns', async () => {
		const r = await check('boarding_houses', 'boarding-houses.geojson');
		expect(r.records).toEqual([
			{ label: 'Row 7, Trảng Bàng', workers: 64, rooms: 16, lon: 106.3611, lat: 11.0322 },
			{ label: 'Row 8, Trảng Bàng', workers: 32, rooms: null, lon: 106.3655, lat: 11.0301 }
		]);
	});

	it('says what is wrong with a file it cannot read', async () => {
		await expect(readTable('old.xls', new Uint8Array([1, 2]))).rejects.toThrow(/save the file as .xlsx/);
		await expect(readTable('x.xlsx', new Uint8Array([1, 2, 3]))).rejects.toThrow(FileFormatError);
		await expect(readTable('x.geojson', new TextEncoder().encode('{"type":"Feature"'))).rejects.toThrow(/not valid JSON/);
		await expect(readTable('x.pdf', new Uint8Array([1]))).rejects.toThrow(/files of type .pdf are not read/);
		// A header without the required columns: every field it lacks is named.
		const table = await readTable('x.csv', new TextEncoder().encode('Ghi chú,Khác\na,b\n'));
		const { mapping } = matchColumns('boarding_houses', table.headers);
		expect(checkRows('boarding_houses', table, mapping).missing).toEqual(['label', 'workers', 'lon', 'lat']);
	});

	it('calls names alike when folded equal or contained, numbers agreeing', () => {
		expect(similarNames('Dãy trọ số 1 ấp Thạnh Hiệp', 'DAY TRO SO 1')).toBe(true);
		expect(similarNames('Dãy trọ số 1', 'Dãy trọ số 12')).toBe(false);
		expect(similarNames('Nhà bình yên xã Long Thuận', 'Nhà bình yên Long Thuận')).toBe(false);
		expect(similarNames('Hòm thư', 'Hòm thư')).toBe(true);
	});

	it('knows Vietnam from its neighbours’ capitals, which its bounding box holds', () => {
		expect(insideVietnam(106.7, 10.78)).toBe(true); // Hồ Chí Minh City
		expect(insideVietnam(105.85, 21.03)).toBe(true); // Hà Nội
		expect(insideVietnam(104.92, 11.56)).toBe(false); // Phnom Penh
		expect(insideVietnam(102.6, 17.97)).toBe(false); // Vientiane
	});

	it('decodes UTF-8 with and without a BOM, and UTF-16 big-endian', () => {
		const text = 'Tây Ninh';
		expect(decodeText(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8' });
		expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]))).toEqual({ text, encoding: 'utf-8' });
		const be = Buffer.from(text, 'utf16le').swap16();
		expect(decodeText(new Uint8Array([0xfe, 0xff, ...be]))).toEqual({ text, encoding: 'utf-16be' });
	});
});

describe('the import preview', () => {
	it('draws every row whose place can be read, each with its name and its first problem', () => {
		const table = {
			headers: ['Tên dãy trọ', 'Số công nhân', 'Kinh độ', 'Vĩ độ'],
			rows: [
				['Dãy trọ A', '12', '106,18', '11,07'],
				['Dãy trọ B', 'mười', '106.19', '11.08'],
				['Dãy trọ C', '8', 'không rõ', '11.09'],
				['', '', '', '']
			],
			firstRow: 2
		};
		const { mapping } = matchColumns('boarding_houses', table.headers);
		const checked = checkRows('boarding_houses', table, mapping, insideVietnam);
		const points = previewPoints('boarding_houses', table, mapping, checked.problems);
		expect(points.map((p) => [p.row, p.name, p.problem?.column ?? null])).toEqual([
			[2, 'Dãy trọ A', null],
			[3, 'Dãy trọ B', 'Số công nhân']
		]);
		expect(points[0]).toMatchObject({ lon: 106.18, lat: 11.07 });
	});
});
