/**
 * Records as a table or as GeoJSON for export: the form's fields with their labels in the reader's
 * language, the place (lon/lat, or the outline in GeoJSON for zones), the unit, the version and
 * whether the record is demo data (labelled as such in every export).
 */
import { toCsv } from '../csv';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Locale } from '$lib/i18n/messages';
import type { CaseTableRow, StoredRecord } from '$lib/supabase/database.types';
import { FORM_FIELDS, type RecordKind } from './kinds';

const EXTRA: Record<string, { vi: string; en: string }> = {
	id: { vi: 'Mã bản ghi', en: 'Record id' },
	unit_name: { vi: 'Đơn vị hành chính', en: 'Administrative unit' },
	lon: { vi: 'Kinh độ', en: 'Longitude' },
	lat: { vi: 'Vĩ độ', en: 'Latitude' },
	outline: { vi: 'Ranh giới (GeoJSON)', en: 'Outline (GeoJSON)' },
	version: { vi: 'Phiên bản', en: 'Version' },
	updated_at: { vi: 'Cập nhật lúc', en: 'Updated at' },
	is_demo: { vi: 'Dữ liệu mẫu (DEMO)', en: 'Demo data' }
};

export function exportTable(kind: RecordKind, records: StoredRecord[], locale: Locale): { headers: string[]; rows: (string | number | boolean | null)[][] } {
	const place = kind === 'industrial_zones' ? ['outline'] : ['lon', 'lat'];
	const keys = ['id', ...FORM_FIELDS[kind].map((f) => f.key), ...place, 'unit_name', 'version', 'updated_at', 'is_demo'];
	const label = (key: string) => {
		const f = FORM_FIELDS[kind].find((x) => x.key === key) ?? EXTRA[key]!;
		return f[locale];
	};
	const rows = records.map((r) =>
		keys.map((key) => {
			if (key === 'lon' || key === 'lat') return r.geometry.type === 'Point' ? r.geometry.coordinates[key === 'lon' ? 0 : 1]! : null;
			if (key === 'outline') return JSON.stringify(r.geometry);
			const v = r[key];
			return v === undefined ? null : (v as string | number | boolean | null);
		})
	);
	return { headers: keys.map(label), rows };
}

/** CSV for Excel (see toCsv: formulas neutralised). */
export function exportCsv(table: { headers: string[]; rows: unknown[][] }): string {
	return toCsv(table.headers, table.rows);
}

export function exportGeojson(kind: RecordKind, records: StoredRecord[]): FeatureCollection<Geometry> & { demo: boolean } {
	const keys = FORM_FIELDS[kind].map((f) => f.key);
	return {
		type: 'FeatureCollection',
		demo: records.some((r) => r.is_demo),
		features: records.map((r): Feature<Geometry> => ({
			type: 'Feature',
			id: r.id,
			geometry: r.geometry,
			properties: Object.fromEntries([
				...keys.map((k) => [k, r[k] ?? null]),
				['unit_name', r.unit_name],
				['version', r.version],
				['updated_at', r.updated_at],
				['is_demo', r.is_demo]
			])
		}))
	};
}

const CASE_TABLE_HEADERS: Record<Locale, string[]> = {
	vi: ['Dòng', 'Mã đơn vị', 'Đơn vị', 'Loại vụ việc', 'Số vụ', 'Số nạn nhân'],
	en: ['Row', 'Unit code', 'Unit', 'Case type', 'Cases', 'Victims']
};
const CASE_ROW: Record<Locale, Record<CaseTableRow['row'], string>> = {
	vi: { total: 'Tổng', unit: 'Đơn vị', unit_type: 'Đơn vị × loại' },
	en: { total: 'Total', unit: 'Unit', unit_type: 'Unit × type' }
};
const HIDDEN: Record<Locale, string> = { vi: 'ẩn', en: 'hidden' };
const NOT_BELOW: Record<Locale, string> = { vi: 'Không thuộc đơn vị cấp dưới', en: 'Not in a unit below' };

/**
 * Cases for export: counts per unit and per unit and type as export_case_table protects them (no
 * places, no days); hidden cells say so. Victims are given for the total and unit rows only.
 */
export function caseExportTable(
	rows: CaseTableRow[],
	locale: Locale,
	caseTypeName: (code: string) => string
): { headers: string[]; rows: (string | number)[][] } {
	const count = (v: number | null) => (v === null ? HIDDEN[locale] : v);
	return {
		headers: CASE_TABLE_HEADERS[locale],
		rows: rows.map((r) => [
			CASE_ROW[locale][r.row],
			r.unit === '~' ? '' : r.unit,
			r.unit === '~' ? NOT_BELOW[locale] : r.name,
			r.case_type ? caseTypeName(r.case_type) : '',
			count(r.cases),
			r.row === 'unit_type' ? '' : count(r.victims)
		])
	};
}
