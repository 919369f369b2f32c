import { describe, expect, it } from 'vitest';
import { fold, readCategory, readCount, readDate, readDegrees, readNumber, readYesNo } from './values';

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }) => (r.ok ? r.value : `ERROR ${r.reason}`);

describe('reading what officials type', () => {
	it('folds headers and names without diacritics', () => {
		expect(fold('Số công nhân')).toBe('socongnhan');
		expect(fold('Đơn vị tổ chức')).toBe('donvitochuc');
		expect(fold('  Kinh độ (°) ')).toBe('kinhdo');
	});

	it('reads Vietnamese and English numbers', () => {
		expect(value(readNumber('1.234'))).toBe(1234);
		expect(value(readNumber('1.234.567,5'))).toBe(1234567.5);
		expect(value(readNumber('1,234,567.5'))).toBe(1234567.5);
		expect(value(readNumber('106,6973'))).toBe(106.6973);
		expect(value(readNumber('12,5'))).toBe(12.5);
		expect(value(readNumber('1 200'))).toBe(1200);
		expect(value(readNumber(42))).toBe(42);
		expect(value(readNumber('khoảng 40'))).toMatch(/ERROR "khoảng 40" is not a number/);
		expect(value(readNumber(''))).toBe('ERROR is empty');
		expect(value(readCount('12,5'))).toMatch(/ERROR 12.5 is not a whole number/);
		expect(value(readCount('-3'))).toMatch(/ERROR -3 is not a whole number/);
	});

	it('reads dd/mm/yyyy, ISO dates and Excel serial days, and refuses impossible ones', () => {
		expect(value(readDate('30/07/2025'))).toBe('2025-07-30');
		expect(value(readDate('1-7-2025'))).toBe('2025-07-01');
		expect(value(readDate('2025-07-30'))).toBe('2025-07-30');
		expect(value(readDate(45868))).toBe('2025-07-30');
		expect(value(readDate(new Date(Date.UTC(2024, 8, 2))))).toBe('2024-09-02');
		expect(value(readDate('31/02/2025'))).toMatch(/ERROR 31\/2\/2025 is not a date/);
		expect(value(readDate('07/30/2025'))).toMatch(/ERROR 30\/7\/2025|ERROR.*not a date/);
		expect(value(readDate('hôm qua'))).toMatch(/write dd\/mm\/yyyy/);
		expect(value(readDate('01/01/1990'))).toMatch(/outside 2000–2100/);
	});

	it('reads decimal and degrees-minutes-seconds coordinates', () => {
		expect(value(readDegrees('106.6973'))).toBe(106.6973);
		expect(value(readDegrees('106,6973'))).toBe(106.6973);
		expect(value(readDegrees(`10°45'30"N`))).toBeCloseTo(10.758333, 6);
		expect(value(readDegrees('106 41 52.3 E'))).toBeCloseTo(106.697861, 6);
		expect(value(readDegrees(`33°52'S`))).toBeCloseTo(-33.866667, 6);
		expect(value(readDegrees(`10°75'N`))).toMatch(/minutes and seconds must be below 60/);
		expect(value(readDegrees('Bến Cầu'))).toMatch(/is not a coordinate/);
	});

	it('reads yes/no and categories by code or by name', () => {
		expect(value(readYesNo('Có', false))).toBe(true);
		expect(value(readYesNo('ngừng hoạt động', true))).toBe(false);
		expect(value(readYesNo('', true))).toBe(true);
		expect(value(readYesNo('có lẽ', true))).toMatch(/is not yes or no/);
		const forms = { meeting: ['hoinghi', 'toadam'], loudspeaker: ['loa'], social_media: ['mangxahoi', 'zalo', 'facebook'] };
		expect(value(readCategory('Hội nghị tuyên truyền', forms))).toBe('meeting');
		expect(value(readCategory('Loa truyền thanh', forms))).toBe('loudspeaker');
		expect(value(readCategory('ZALO', forms))).toBe('social_media');
		expect(value(readCategory('social_media', forms))).toBe('social_media');
		expect(value(readCategory('Biểu diễn văn nghệ', forms))).toMatch(/is not one of: meeting, loudspeaker, social_media/);
	});
});
