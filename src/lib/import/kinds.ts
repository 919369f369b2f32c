/**
 * What can be imported, field by field: the names a column may carry (Vietnamese or English, with or
 * without diacritics — compared folded), whether it is required, and how its values are read.
 */
import { fold, readCategory, readCount, readDate, readDegrees, readYesNo, type Read } from '$lib/values';
import { personalData } from '../records/personal';

export type ImportKind = 'boarding_houses' | 'outreach' | 'model_sites';
export const IMPORT_KINDS: ImportKind[] = ['boarding_houses', 'outreach', 'model_sites'];

export interface Field {
	key: string;
	/** Header labels of the downloadable template. */
	vi: string;
	en: string;
	/** Folded header names that map to this field (the template's own labels always do). */
	aliases: string[];
	required: boolean;
	read: (raw: unknown) => Read<unknown>;
	/** false: read and checked (a bad value is a problem of its row), then not stored. */
	stored?: boolean;
}

/** Folded words naming each outreach form (outreach_forms) and model-site kind (model_site_kinds). */
export const FORM_NAMES: Record<string, string[]> = {
	meeting: ['hoinghi', 'toadam', 'hop', 'meeting', 'seminar'],
	loudspeaker: ['loa', 'truyenthanh', 'loudspeaker'],
	poster: ['pano', 'apphich', 'banron', 'poster', 'billboard', 'banner'],
	leaflet: ['toroi', 'togap', 'leaflet'],
	sms: ['sms', 'tinnhan'],
	social_media: ['mangxahoi', 'zalo', 'facebook', 'socialmedia'],
	school_talk: ['ngoaikhoa', 'truonghoc', 'schooltalk']
};
export const SITE_KIND_NAMES: Record<string, string[]> = {
	peaceful_house: ['ngoinhabinhyen', 'nhabinhyen', 'peacefulhouse', 'shelter'],
	tip_box: ['homthu', 'totgiac', 'tipbox'],
	hotline_point: ['duongdaynong', '111', 'hotline'],
	support_centre: ['hotronannhan', 'cosohotro', 'supportcentre', 'supportcenter']
};

/** The reason an import gives for a cell holding a phone, ID number or e-mail (the database refuses them too). */
export const PERSONAL_DATA_REASON = 'looks like personal data (a phone, ID number or e-mail address): name the place, not a person';

const text =
	(max: number) =>
	(raw: unknown): Read<string> => {
		const s = String(raw ?? '').trim();
		if (s === '') return { ok: false, reason: 'is empty' };
		// Length first: the personal-data check never reads more than a field may hold.
		if (s.length > max) return { ok: false, reason: `is longer than ${max} characters` };
		if (personalData(s).blocking.length) return { ok: false, reason: PERSONAL_DATA_REASON };
		return { ok: true, value: s };
	};
const optional =
	<T>(read: (raw: unknown) => Read<T>) =>
	(raw: unknown): Read<T | null> =>
		String(raw ?? '').trim() === '' ? { ok: true, value: null } : read(raw);

/**
 * The date a file says a row was last updated: checked, since an impossible date (31/02/2025) means
 * the row is not what it claims, but not stored: the database keeps the date of every change itself.
 */
const updatedOn: Field = {
	key: 'updated_on',
	vi: 'Ngày cập nhật',
	en: 'Updated on',
	aliases: ['updatedon', 'updated', 'lastupdated', 'ngaycapnhat', 'capnhat', 'ngaycapnhatgannhat'],
	required: false,
	read: optional(readDate),
	stored: false
};

const lon: Field = {
	key: 'lon',
	vi: 'Kinh độ',
	en: 'Longitude',
	aliases: ['lon', 'lng', 'long', 'longitude', 'kinhdo', 'x'],
	required: true,
	read: readDegrees
};
const lat: Field = { key: 'lat', vi: 'Vĩ độ', en: 'Latitude', aliases: ['lat', 'latitude', 'vido', 'y'], required: true, read: readDegrees };

export const FIELDS: Record<ImportKind, Field[]> = {
	boarding_houses: [
		{ key: 'label', vi: 'Tên dãy trọ', en: 'Label', aliases: ['label', 'ten', 'tennhatro', 'nhatro', 'daytro', 'name'], required: true, read: text(120) },
		{ key: 'workers', vi: 'Số công nhân', en: 'Workers', aliases: ['workers', 'congnhan', 'songuoio', 'nguoio'], required: true, read: readCount },
		{ key: 'rooms', vi: 'Số phòng', en: 'Rooms', aliases: ['rooms', 'sophong', 'phong'], required: false, read: optional(readCount) },
		lon,
		lat,
		updatedOn
	],
	outreach: [
		{
			key: 'form',
			vi: 'Hình thức',
			en: 'Form',
			aliases: ['form', 'hinhthuc', 'loaihinh', 'hinhthuctuyentruyen'],
			required: true,
			read: (raw) => readCategory(raw, FORM_NAMES)
		},
		{ key: 'held_on', vi: 'Ngày tổ chức', en: 'Date', aliases: ['date', 'ngay', 'heldon', 'ngaytochuc', 'thoigian'], required: true, read: readDate },
		{
			key: 'people_reached',
			vi: 'Số người được tuyên truyền',
			en: 'People reached',
			aliases: ['peoplereached', 'songuoi', 'songuoiduoctuyentruyen', 'songuoithamdu', 'luotnguoi', 'reached'],
			required: true,
			read: readCount
		},
		{
			key: 'materials',
			vi: 'Số tài liệu phát',
			en: 'Materials',
			aliases: ['materials', 'tailieu', 'sotailieu', 'sotailieuphat', 'toroiphat'],
			required: false,
			read: optional(readCount)
		},
		{
			key: 'organiser',
			vi: 'Đơn vị tổ chức',
			en: 'Organiser',
			aliases: ['organiser', 'organizer', 'donvi', 'donvitochuc', 'coquan'],
			required: false,
			read: optional(text(200))
		},
		lon,
		lat,
		updatedOn
	],
	model_sites: [
		{
			key: 'kind',
			vi: 'Loại mô hình',
			en: 'Kind',
			aliases: ['kind', 'loai', 'loaimohinh', 'type', 'mohinh'],
			required: true,
			read: (raw) => readCategory(raw, SITE_KIND_NAMES)
		},
		{ key: 'name', vi: 'Tên', en: 'Name', aliases: ['name', 'ten', 'tenmohinh', 'tendiem'], required: true, read: text(200) },
		{
			key: 'opened_on',
			vi: 'Ngày thành lập',
			en: 'Opened on',
			aliases: ['openedon', 'ngaythanhlap', 'ngaymo', 'ngayramat'],
			required: false,
			read: optional(readDate)
		},
		{
			key: 'active',
			vi: 'Đang hoạt động',
			en: 'Active',
			aliases: ['active', 'hoatdong', 'danghoatdong', 'trangthai'],
			required: false,
			read: (raw) => readYesNo(raw, true)
		},
		lon,
		lat,
		updatedOn
	]
};

/**
 * Maps the columns of a file to the fields of a kind by their headers: a column matches a field if
 * its folded header equals one of the field's names or either label. Returns field → column index and
 * the headers left unused.
 */
export function matchColumns(kind: ImportKind, headers: string[]): { mapping: Record<string, number>; unused: string[] } {
	const mapping: Record<string, number> = {};
	const folded = headers.map((h) => fold(h));
	for (const field of FIELDS[kind]) {
		const names = new Set([...field.aliases, fold(field.vi), fold(field.en)]);
		const i = folded.findIndex((h, j) => names.has(h) && !Object.values(mapping).includes(j));
		if (i >= 0) mapping[field.key] = i;
	}
	const used = new Set(Object.values(mapping));
	return { mapping, unused: headers.filter((_, i) => !used.has(i) && headers[i]!.trim() !== '') };
}
