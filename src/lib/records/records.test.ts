import { describe, expect, it } from 'vitest';
import { personalData } from './personal';
import { draftOf, readRecord, type Draft, type Vocabularies } from './kinds';

const vocabularies: Vocabularies = {
	form: [{ code: 'meeting', vi: 'Hội nghị', en: 'Meeting' }],
	kind: [{ code: 'tip_box', vi: 'Hòm thư', en: 'Tip box' }],
	case_type: [{ code: 'labour_fraud', vi: 'Lừa đảo', en: 'Labour fraud' }],
	destination_country: [{ code: 'KH', vi: 'Campuchia', en: 'Cambodia' }],
	crossing: []
};
const draft = (values: Draft['values'], lon = '106.18', lat = '11.07'): Draft => ({ values, lon, lat, outline: [] });

describe('personal data in free text', () => {
	it('refuses phone, ID numbers and e-mail addresses', () => {
		expect(personalData('Dãy trọ cô Lan 0912 345 678').blocking).toEqual(['0912 345 678']);
		expect(personalData('liên hệ +84 912.345.678').blocking).toEqual(['+84 912.345.678']);
		expect(personalData('CCCD 079203004512').blocking).toEqual(['079203004512']);
		expect(personalData('mail lan.nguyen@gmail.com').blocking).toEqual(['lan.nguyen@gmail.com']);
	});
	it('warns of a name after an honorific and of a house address, not of ordinary site names', () => {
		expect(personalData('Nhà trọ bà Nguyễn Thị Lan').warnings).toEqual(['bà Nguyễn Thị Lan']);
		expect(personalData('Phòng trọ số nhà 45B hẻm 12').warnings).toEqual(['số nhà 45B', 'hẻm 12']);
		for (const ok of [
			'Dãy trọ số 12',
			'Đồn Biên phòng Mộc Bài',
			'Khu nhà trọ công nhân KCN Phước Đông',
			'Hòm thư tố giác chợ Bến Cầu',
			'Hội Liên hiệp Phụ nữ xã'
		])
			expect(personalData(ok), ok).toEqual({ blocking: [], warnings: [] });
	});
	it('checks a megabyte of text in well under a second, whatever it holds (linear patterns)', () => {
		const mega = 1024 * 1024;
		const inputs = {
			digits: '1234567890'.repeat(mega / 10),
			letters: 'x'.repeat(mega),
			dotted: 'a.'.repeat(mega / 2),
			slashes: '1/'.repeat(mega / 2),
			honorifics: 'ông A '.repeat(mega / 6),
			phones: '0912 345 678 '.repeat(mega / 13)
		};
		for (const [name, text] of Object.entries(inputs)) {
			const started = performance.now();
			const seen = personalData(text);
			const ms = performance.now() - started;
			expect(ms, `${name}: ${ms.toFixed(0)} ms`).toBeLessThan(750);
			if (name === 'phones') expect(seen.blocking.length).toBe(Math.floor(mega / 13));
		}
	});
});

describe('reading a typed record', () => {
	it('refuses a value that is too long or not text without reading it further', () => {
		const long = readRecord(
			'outreach',
			draft({ form: 'meeting', held_on: '30/07/2025', people_reached: '10', organiser: '9'.repeat(1024 * 1024) }),
			vocabularies
		);
		expect(long.fields).toBeNull();
		expect(long.errors.organiser).toBe('errTooLong');
		expect(long.warnings.organiser).toBeUndefined();
		const object = readRecord(
			'outreach',
			draft({ form: 'meeting', held_on: '30/07/2025', people_reached: '10', organiser: { a: 1 } as unknown as string }),
			vocabularies
		);
		expect(object.errors.organiser).toBe('errNotText');
	});

	it('reads Vietnamese numbers, dates and degrees-minutes-seconds', () => {
		const r = readRecord(
			'outreach',
			draft({ form: 'meeting', held_on: '30/07/2025', people_reached: '1.250', materials: '', organiser: 'Đồn Biên phòng' }, '106°10\'48"E', '11°4\'12"N'),
			vocabularies
		);
		expect(r.errors).toEqual({});
		expect(r.fields).toEqual({
			form: 'meeting',
			held_on: '2025-07-30',
			people_reached: 1250,
			materials: 0,
			organiser: 'Đồn Biên phòng',
			lon: 106.18,
			lat: 11.07,
			// Typed coordinates say so.
			location_source: 'typed',
			location_accuracy_m: null
		});
	});
	it('says which field is wrong and why', () => {
		const r = readRecord('boarding_houses', draft({ label: '', workers: '12,5', rooms: 'nhiều' }, 'abc', ''), vocabularies);
		expect(r.fields).toBeNull();
		expect(r.errors).toEqual({ label: 'errRequired', workers: 'errCount', rooms: 'errCount', lon: 'errCoordinate', lat: 'errPlace' });
		expect(readRecord('boarding_houses', draft({ label: 'Trọ 0912345678', workers: '3' }), vocabularies).errors).toEqual({ label: 'errPersonal' });
		const warned = readRecord('boarding_houses', draft({ label: 'Trọ chị Hoa', workers: '3' }), vocabularies);
		expect(warned.errors).toEqual({});
		expect(warned.warnings).toEqual({ label: ['chị Hoa'] });
	});
	it('checks that victims by sex and by age band add up, and outlines have three corners', () => {
		const victims = {
			case_type: 'labour_fraud',
			occurred_on: '2025-07-01',
			location_precision: 'commune',
			victims_female: '2',
			victims_male: '1',
			victims_under_16: '1',
			victims_16_17: '0',
			victims_adult: '1',
			destination_country: 'KH',
			status: 'reported'
		};
		expect(readRecord('cases', draft(victims), vocabularies).errors).toEqual({ victims_adult: 'errVictims' });
		expect(readRecord('cases', draft({ ...victims, victims_adult: '2' }), vocabularies).fields).toMatchObject({ victims_adult: 2, destination_country: 'KH' });
		expect(readRecord('cases', draft({ ...victims, case_type: 'kidnap' }), vocabularies).errors.case_type).toBe('errOption');
		const zone = {
			values: { name: 'KCN thử', workers: '100' },
			lon: '',
			lat: '',
			outline: [
				[106, 11],
				[106.1, 11],
				[106.1, 11.1]
			] as [number, number][]
		};
		expect(readRecord('industrial_zones', zone, vocabularies).fields).toMatchObject({
			geometry: {
				type: 'Polygon',
				coordinates: [
					[
						[106, 11],
						[106.1, 11],
						[106.1, 11.1],
						[106, 11]
					]
				]
			}
		});
		expect(readRecord('industrial_zones', { ...zone, outline: zone.outline.slice(0, 2) }, vocabularies).errors).toEqual({ outline: 'errOutline' });
	});
	it('turns a stored record back into what the form shows, with where its point came from', () => {
		const d = draftOf('model_sites', {
			kind: 'tip_box',
			name: 'Hòm thư',
			opened_on: null,
			active: false,
			geometry: { type: 'Point', coordinates: [106.18, 11.07] },
			location_source: 'gps',
			location_accuracy_m: 14
		});
		expect(d).toEqual({
			values: { kind: 'tip_box', name: 'Hòm thư', opened_on: '', active: false },
			lon: '106.18',
			lat: '11.07',
			outline: [],
			source: 'gps',
			accuracy: 14
		});
		expect(readRecord('model_sites', d, vocabularies).fields).toEqual({
			kind: 'tip_box',
			name: 'Hòm thư',
			opened_on: null,
			active: false,
			lon: 106.18,
			lat: 11.07,
			location_source: 'gps',
			location_accuracy_m: 14
		});
		// An accuracy belongs to a GPS position only; an unknown source is refused, not stored.
		expect(readRecord('model_sites', { ...d, source: 'map' }, vocabularies).fields).toMatchObject({ location_source: 'map', location_accuracy_m: null });
		expect(readRecord('model_sites', { ...d, source: 'satellite' as never }, vocabularies).errors).toEqual({ source: 'errOption' });
		// Zones are drawn, cases have their own precision: neither carries a point source.
		expect(draftOf('industrial_zones', null)).not.toHaveProperty('source');
	});
});
