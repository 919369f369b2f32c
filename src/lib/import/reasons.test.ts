import { describe, expect, it } from 'vitest';
import { reasonText } from './reasons';
import { readCategory, readCount, readDate, readDegrees, readNumber, readYesNo } from '$lib/values';
import { FIELDS, FORM_NAMES } from './kinds';

/** Every reason the readers give for a bad value (so a new reason without Vietnamese fails here). */
const readerReasons = [
	readNumber(''),
	readNumber('năm mươi'),
	readNumber(Number.NaN),
	readCount('-3'),
	readCount('2,5'),
	readDate('31/02/2025'),
	readDate('1/1/1999'),
	readDate('hôm qua'),
	readDate(12),
	readDate(new Date(Number.NaN)),
	readDegrees('abc'),
	readDegrees(`10°75'N`),
	readDegrees(Number.NaN),
	readYesNo('có lẽ', true),
	readCategory('hát', FORM_NAMES),
	FIELDS.boarding_houses[0]!.read('x'.repeat(121))
].map((r) => (r.ok ? '' : r.reason));

describe('import reasons in Vietnamese', () => {
	it('has Vietnamese for every reason the readers, the checks and the database give, keeping the quoted values', () => {
		const reasons = [
			...readerReasons,
			'is required',
			'longitude and latitude look swapped',
			'the point lies outside Vietnam',
			'duplicates row 7 (within 50 m, similar name)',
			'the point lies in no administrative unit',
			'the point lies in Hoàn Kiếm, outside your unit Bến Cầu',
			'duplicates the boarding house "Dãy trọ số 1" already stored within 50 m',
			'duplicates the model site "Hòm thư" already stored within 50 m',
			'the same activity (form, day, place within 50 m) is already stored',
			'no outline (a polygon is needed)',
			'the outline is a point, not a polygon',
			'the coordinates are not longitude/latitude degrees in Vietnam (a projected file, e.g. VN-2000, needs its .prj)',
			'the name matches 2 units: add their codes',
			'Bến Cầu is also matched by row 1'
		];
		expect(reasons.filter((r) => r === '')).toEqual([]);
		const untranslated = reasons.filter((r) => reasonText(r, 'vi') === r);
		expect(untranslated).toEqual([]);
		expect(reasonText('"năm mươi" is not a number', 'vi')).toBe('"năm mươi" không phải là số');
		expect(reasonText('the point lies in Hoàn Kiếm, outside your unit Bến Cầu', 'vi')).toBe('điểm nằm ở Hoàn Kiếm, ngoài địa bàn Bến Cầu của bạn');
		expect(reasonText('31/2/2025 is not a date', 'vi')).toBe('31/2/2025 không phải ngày');
		expect(reasonText('the point lies outside Vietnam', 'en')).toBe('the point lies outside Vietnam');
	});
});
