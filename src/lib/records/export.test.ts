import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { StoredRecord } from '$lib/supabase/database.types';
import { caseExportTable, exportCsv, exportGeojson, exportTable } from './export';

const house = (label: string, demo: boolean): StoredRecord => ({
	id: `id-${label}`,
	version: 2,
	updated_at: '2026-07-30T08:00:00Z',
	updated_by_name: 'Cán bộ huyện',
	unit_name: 'Bến Cầu',
	admin_unit_id: 'u1',
	is_demo: demo,
	geometry: { type: 'Point', coordinates: [106.18, 11.07] },
	label,
	workers: 40,
	rooms: 0
});

describe('record exports', () => {
	it('writes the form’s fields with labels in the reader’s language, the place and the demo flag', () => {
		const table = exportTable('boarding_houses', [house('Dãy trọ "A", số 1', true)], 'vi');
		expect(table.headers).toEqual([
			'Mã bản ghi',
			'Tên dãy trọ (không ghi tên chủ trọ)',
			'Số công nhân',
			'Số phòng',
			'Kinh độ',
			'Vĩ độ',
			'Đơn vị hành chính',
			'Phiên bản',
			'Cập nhật lúc',
			'Dữ liệu mẫu (DEMO)'
		]);
		const csv = exportCsv(table);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		// Quotes and commas survive the round trip through a CSV reader.
		const back = Papa.parse<string[]>(csv.slice(1)).data;
		expect(back[1]).toEqual(['id-Dãy trọ "A", số 1', 'Dãy trọ "A", số 1', '40', '0', '106.18', '11.07', 'Bến Cầu', '2', '2026-07-30T08:00:00Z', 'true']);
		expect(exportTable('boarding_houses', [], 'en').headers[1]).toBe('Label (not the owner’s name)');
	});
	it('writes no formula a spreadsheet would run: text starting with = + - @ tab or CR is prefixed, numbers stay numbers', () => {
		const risky = ['=HYPERLINK("http://x.invalid","bấm")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'];
		const csv = exportCsv({ headers: ['a', 'n'], rows: [...risky.map((v) => [v, -5]), ['Dãy trọ = 3', 12]] });
		const back = Papa.parse<string[]>(csv.slice(1))
			.data.slice(1)
			.filter((r) => r.length === 2);
		expect(back.map((r) => r[0])).toEqual([...risky.map((v) => `'${v}`), 'Dãy trọ = 3']);
		expect(back.map((r) => r[1])).toEqual([...risky.map(() => '-5'), '12']);
	});

	it('writes GeoJSON features with the record’s fields, and says when any is demo data', () => {
		const fc = exportGeojson('boarding_houses', [house('A', false), house('B', true)]);
		expect(fc.demo).toBe(true);
		expect(fc.features[1]).toMatchObject({
			id: 'id-B',
			geometry: { type: 'Point', coordinates: [106.18, 11.07] },
			properties: { label: 'B', workers: 40, is_demo: true, unit_name: 'Bến Cầu' }
		});
		expect(exportGeojson('boarding_houses', [house('A', false)]).demo).toBe(false);
	});
	it('writes cases as protected counts: hidden cells say so, no victims on type rows, the area itself named', () => {
		const table = caseExportTable(
			[
				{ row: 'total', unit: 'tay-ninh', name: 'Tây Ninh', case_type: null, cases: 40, victims: 52 },
				{ row: 'unit', unit: 'tay-ninh.ben-cau', name: 'Bến Cầu', case_type: null, cases: null, victims: null },
				{ row: 'unit', unit: '~', name: '', case_type: null, cases: null, victims: null },
				{ row: 'unit_type', unit: 'tay-ninh.ben-cau', name: 'Bến Cầu', case_type: 'labour_fraud', cases: 12, victims: null }
			],
			'en',
			(code) => (code === 'labour_fraud' ? 'Labour fraud' : code)
		);
		expect(table.headers).toEqual(['Row', 'Unit code', 'Unit', 'Case type', 'Cases', 'Victims']);
		expect(table.rows).toEqual([
			['Total', 'tay-ninh', 'Tây Ninh', '', 40, 52],
			['Unit', 'tay-ninh.ben-cau', 'Bến Cầu', '', 'hidden', 'hidden'],
			['Unit', '', 'Not in a unit below', '', 'hidden', 'hidden'],
			['Unit × type', 'tay-ninh.ben-cau', 'Bến Cầu', 'Labour fraud', 12, '']
		]);
	});
});
