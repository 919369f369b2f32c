/**
 * The records officials and investigators enter one at a time, field by field: labels (vi/en), the
 * input each needs, and how a typed value is read. The same readers run in the browser (to show
 * errors as the user types) and on the server (before save_record, whose constraints are the last
 * word). Reasons are message keys, so the form says them in the user's language.
 */
import { can } from '$lib/permissions';
import { formatDate, formatNumber } from '$lib/i18n/format';
import type { AppRole } from '$lib/supabase/database.types';
import type { Locale } from '$lib/i18n/messages';
import { readCount, readDate, readDegrees } from '$lib/values';
import { personalData } from './personal';

export { RECORD_KINDS, type RecordKind } from '$lib/vocabulary';
import type { RecordKind } from '$lib/vocabulary';
export const SITE_KINDS: RecordKind[] = ['boarding_houses', 'outreach', 'model_sites', 'industrial_zones'];
/** Site records placed by a point, which say where the point came from. */
export const POINT_SITE_KINDS: RecordKind[] = ['boarding_houses', 'outreach', 'model_sites'];

/**
 * Where a site's point came from: the device's position (with its accuracy), a tap on the map,
 * typed (or imported) coordinates, or the commune's centre only. Analyses leave commune-only points
 * out of grids finer than a commune.
 */
export const LOCATION_SOURCES = ['gps', 'map', 'typed', 'commune'] as const;
export type LocationSource = (typeof LOCATION_SOURCES)[number];
export const LOCATION_SOURCE_NAMES: Record<LocationSource, { vi: string; en: string }> = {
	gps: { vi: 'Vị trí GPS của máy', en: 'Device GPS' },
	map: { vi: 'Chọn trên bản đồ', en: 'Placed on the map' },
	typed: { vi: 'Gõ tọa độ', en: 'Typed coordinates' },
	commune: { vi: 'Chỉ biết trung tâm xã', en: 'Commune centre only' }
};

export type Role = AppRole;

/** Who edits a kind: cases investigators; sites district officials (own unit) and admins. */
export function canEdit(kind: RecordKind, role: Role): boolean {
	return can({ role }, kind === 'cases' ? 'seeExactCases' : 'editSites');
}
/** Who reads a kind as records: cases investigators only (everyone else sees aggregates). */
export function canRead(kind: RecordKind, role: Role): boolean {
	return kind !== 'cases' || can({ role }, 'seeExactCases');
}

export type { Option, Vocabularies } from '$lib/supabase/shapes';
import type { Option, Vocabularies } from '$lib/supabase/shapes';

export type Input = 'text' | 'count' | 'date' | 'select' | 'checkbox';
export interface FormField {
	key: string;
	vi: string;
	en: string;
	input: Input;
	required: boolean;
	/** Longest text allowed. */
	max?: number;
	/** Options of a select: a vocabulary's name or a fixed list. */
	options?: keyof Vocabularies | Option[];
}

const STATUS: Option[] = [
	{ code: 'reported', vi: 'Tiếp nhận', en: 'Reported' },
	{ code: 'investigating', vi: 'Đang điều tra', en: 'Investigating' },
	{ code: 'prosecuted', vi: 'Đã khởi tố', en: 'Prosecuted' },
	{ code: 'closed', vi: 'Đã kết thúc', en: 'Closed' }
];
const PRECISION: Option[] = [
	{ code: 'exact', vi: 'Chính xác', en: 'Exact' },
	{ code: 'commune', vi: 'Trung tâm xã', en: 'Commune centre' },
	{ code: 'district', vi: 'Trung tâm huyện', en: 'District centre' }
];

export const FORM_FIELDS: Record<RecordKind, FormField[]> = {
	boarding_houses: [
		{ key: 'label', vi: 'Tên dãy trọ (không ghi tên chủ trọ)', en: 'Label (not the owner’s name)', input: 'text', required: true, max: 120 },
		{ key: 'workers', vi: 'Số công nhân', en: 'Workers', input: 'count', required: true },
		{ key: 'rooms', vi: 'Số phòng', en: 'Rooms', input: 'count', required: false }
	],
	outreach: [
		{ key: 'form', vi: 'Hình thức', en: 'Form', input: 'select', required: true, options: 'form' },
		{ key: 'held_on', vi: 'Ngày tổ chức', en: 'Date', input: 'date', required: true },
		{ key: 'people_reached', vi: 'Số người được tuyên truyền', en: 'People reached', input: 'count', required: true },
		{ key: 'materials', vi: 'Số tài liệu phát', en: 'Materials handed out', input: 'count', required: false },
		{ key: 'organiser', vi: 'Đơn vị tổ chức (cơ quan, không ghi tên người)', en: 'Organiser (a body, not a person)', input: 'text', required: false, max: 200 }
	],
	model_sites: [
		{ key: 'kind', vi: 'Loại mô hình', en: 'Kind', input: 'select', required: true, options: 'kind' },
		{ key: 'name', vi: 'Tên', en: 'Name', input: 'text', required: true, max: 200 },
		{ key: 'opened_on', vi: 'Ngày thành lập', en: 'Opened on', input: 'date', required: false },
		{ key: 'active', vi: 'Đang hoạt động', en: 'Active', input: 'checkbox', required: false }
	],
	industrial_zones: [
		{ key: 'name', vi: 'Tên khu/cụm công nghiệp', en: 'Name', input: 'text', required: true, max: 200 },
		{ key: 'workers', vi: 'Số công nhân', en: 'Workers', input: 'count', required: true }
	],
	cases: [
		{ key: 'case_type', vi: 'Loại vụ việc', en: 'Type', input: 'select', required: true, options: 'case_type' },
		{ key: 'occurred_on', vi: 'Ngày xảy ra', en: 'Date', input: 'date', required: true },
		{ key: 'location_precision', vi: 'Độ chính xác của vị trí', en: 'Place precision', input: 'select', required: true, options: PRECISION },
		{ key: 'victims_female', vi: 'Nạn nhân nữ', en: 'Victims, female', input: 'count', required: true },
		{ key: 'victims_male', vi: 'Nạn nhân nam', en: 'Victims, male', input: 'count', required: true },
		{ key: 'victims_under_16', vi: 'Dưới 16 tuổi', en: 'Under 16', input: 'count', required: true },
		{ key: 'victims_16_17', vi: 'Từ 16 đến 17 tuổi', en: '16–17', input: 'count', required: true },
		{ key: 'victims_adult', vi: 'Từ 18 tuổi', en: 'Adults (18+)', input: 'count', required: true },
		{ key: 'destination_country', vi: 'Nước đến', en: 'Destination country', input: 'select', required: false, options: 'destination_country' },
		{
			key: 'crossing_id',
			vi: 'Nơi qua biên giới (cửa khẩu, lối mở, đường mòn)',
			en: 'Border crossing (gate, crossing, trail)',
			input: 'select',
			required: false,
			options: 'crossing'
		},
		{ key: 'status', vi: 'Tình trạng', en: 'Status', input: 'select', required: true, options: STATUS }
	]
};

/** The field every list shows first (a record's name). */
export const TITLE_FIELD: Record<RecordKind, string> = {
	boarding_houses: 'label',
	outreach: 'organiser',
	model_sites: 'name',
	industrial_zones: 'name',
	cases: 'case_type'
};

export type ErrorKey =
	| 'errRequired'
	| 'errCount'
	| 'errDate'
	| 'errCoordinate'
	| 'errTooLong'
	| 'errNotText'
	| 'errOption'
	| 'errVictims'
	| 'errPlace'
	| 'errOutline'
	| 'errPersonal';
export interface Draft {
	/** Values as typed (strings, booleans). */
	values: Record<string, string | boolean>;
	lon: string;
	lat: string;
	/** Outline of an industrial zone: [lon, lat] vertices, not closed. */
	outline: [number, number][];
	/** Where the point came from (point site kinds; typed when not said). */
	source?: LocationSource;
	/** The GPS accuracy in metres (source gps only). */
	accuracy?: number | null;
}
export interface ReadResult {
	fields: Record<string, unknown> | null;
	errors: Record<string, ErrorKey>;
	/** Free-text fields that look like personal data, with what was seen there. */
	warnings: Record<string, string[]>;
}

export function optionsOf(field: FormField, vocabularies: Vocabularies): Option[] {
	return Array.isArray(field.options) ? field.options : field.options ? vocabularies[field.options] : [];
}

/**
 * A stored value as the reader reads it (history, review, proposals): a vocabulary's name, "—" for
 * none, numbers grouped (1.250) and days as dd/mm/yyyy in the reader's conventions.
 */
export function shownValue(kind: RecordKind, key: string, value: unknown, vocabularies: Vocabularies, locale: Locale): string {
	const field = FORM_FIELDS[kind].find((f) => f.key === key);
	const option = field && optionsOf(field, vocabularies).find((o) => o.code === value);
	if (option) return option[locale];
	if (value === null || value === undefined || value === '') return '—';
	if (typeof value === 'number') return formatNumber(value, locale, 6);
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, locale);
	return String(value);
}

/**
 * Reads a typed record: the fields save_record takes (numbers as numbers, dates as ISO, lon/lat or
 * the outline as GeoJSON) or, field by field, why not. Phone and ID numbers in free text are errors
 * (never stored); names and addresses are warnings the user must look at.
 */
export function readRecord(kind: RecordKind, draft: Draft, vocabularies: Vocabularies): ReadResult {
	const fields: Record<string, unknown> = {};
	const errors: Record<string, ErrorKey> = {};
	const warnings: Record<string, string[]> = {};
	for (const field of FORM_FIELDS[kind]) {
		const raw = draft.values[field.key];
		if (field.input === 'checkbox') {
			fields[field.key] = raw !== false;
			continue;
		}
		// A value that is not text or a number ({}, []: a hand-made request) is refused, never stored as "[object Object]".
		if (raw !== null && raw !== undefined && typeof raw !== 'string' && typeof raw !== 'number') {
			errors[field.key] = 'errNotText';
			continue;
		}
		const text = String(raw ?? '').trim();
		if (text === '') {
			if (field.required) errors[field.key] = 'errRequired';
			// An optional count left empty is none (rooms, materials: stored as 0).
			else fields[field.key] = field.input === 'count' ? 0 : null;
			continue;
		}
		if (field.input === 'text') {
			// Length first: the personal-data check never reads more than a field may hold.
			if (text.length > (field.max ?? 200)) {
				errors[field.key] = 'errTooLong';
				continue;
			}
			const seen = personalData(text);
			if (seen.blocking.length) errors[field.key] = 'errPersonal';
			if (seen.blocking.length || seen.warnings.length) warnings[field.key] = [...seen.blocking, ...seen.warnings];
			fields[field.key] = text;
		} else if (field.input === 'count') {
			const n = readCount(text);
			if (n.ok) fields[field.key] = n.value;
			else errors[field.key] = 'errCount';
		} else if (field.input === 'date') {
			const d = readDate(text);
			if (d.ok) fields[field.key] = d.value;
			else errors[field.key] = 'errDate';
		} else if (field.input === 'select') {
			if (optionsOf(field, vocabularies).some((o) => o.code === text)) fields[field.key] = text;
			else errors[field.key] = 'errOption';
		}
	}
	if (kind === 'cases' && !errors.victims_female && !errors.victims_male) {
		const bySex = Number(fields.victims_female) + Number(fields.victims_male);
		const byAge = Number(fields.victims_under_16) + Number(fields.victims_16_17) + Number(fields.victims_adult);
		if (Number.isFinite(byAge) && bySex !== byAge) errors.victims_adult = 'errVictims';
	}
	if (kind === 'industrial_zones') {
		if (draft.outline.length < 3) errors.outline = 'errOutline';
		else fields.geometry = { type: 'Polygon', coordinates: [[...draft.outline, draft.outline[0]!]] };
	} else {
		const lon = readDegrees(draft.lon);
		const lat = readDegrees(draft.lat);
		if (!lon.ok || lon.value < -180 || lon.value > 180) errors.lon = draft.lon.trim() ? 'errCoordinate' : 'errPlace';
		if (!lat.ok || lat.value < -90 || lat.value > 90) errors.lat = draft.lat.trim() ? 'errCoordinate' : 'errPlace';
		if (lon.ok && lat.ok) Object.assign(fields, { lon: lon.value, lat: lat.value });
		if (POINT_SITE_KINDS.includes(kind)) {
			const source = draft.source ?? 'typed';
			if (!LOCATION_SOURCES.includes(source)) errors.source = 'errOption';
			const accuracy =
				source === 'gps' && typeof draft.accuracy === 'number' && draft.accuracy > 0 ? Math.min(Math.round(draft.accuracy * 10) / 10, 100_000) : null;
			Object.assign(fields, { location_source: source, location_accuracy_m: accuracy });
		}
	}
	return { fields: Object.keys(errors).length ? null : fields, errors, warnings };
}

/** A stored record (as list_records / save_record answer it) as the form types it. */
export function draftOf(kind: RecordKind, record: Record<string, unknown> | null): Draft {
	const values: Record<string, string | boolean> = {};
	for (const field of FORM_FIELDS[kind]) {
		const v = record?.[field.key];
		values[field.key] = field.input === 'checkbox' ? v !== false : v === null || v === undefined ? '' : String(v);
	}
	const geometry = record?.geometry as { type: string; coordinates: unknown } | undefined;
	let lon = '';
	let lat = '';
	let outline: [number, number][] = [];
	if (geometry?.type === 'Point') [lon, lat] = (geometry.coordinates as number[]).map(String) as [string, string];
	if (geometry?.type === 'MultiPolygon') outline = ((geometry.coordinates as [number, number][][][])[0]![0] ?? []).slice(0, -1);
	if (geometry?.type === 'Polygon') outline = ((geometry.coordinates as [number, number][][])[0] ?? []).slice(0, -1);
	if (kind === 'cases' && !record) values.status = 'reported';
	if (!POINT_SITE_KINDS.includes(kind)) return { values, lon, lat, outline };
	const source = LOCATION_SOURCES.find((s) => s === record?.location_source) ?? 'typed';
	const accuracy = source === 'gps' && typeof record?.location_accuracy_m === 'number' ? record.location_accuracy_m : null;
	return { values, lon, lat, outline, source, accuracy };
}
