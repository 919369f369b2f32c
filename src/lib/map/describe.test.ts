import { describe as group, expect, it } from 'vitest';
import { translator } from '$lib/i18n/messages';
import { describe } from './describe';

const vi = { t: translator('vi'), locale: 'vi' as const, exactCases: false, choropleth: null };
const en = { t: translator('en'), locale: 'en' as const, exactCases: false, choropleth: null };

group('feature descriptions', () => {
	it('tells a case in the reader’s language, with labels for codes and dd/mm/yyyy dates', () => {
		const props = {
			case_type: 'labour_fraud',
			occurred_on: '2025-07-30',
			status: 'investigating',
			location_precision: 'commune',
			victims: 3,
			victims_female: 2,
			victims_under_16: 1,
			destination_country: 'KH',
			unit_name: 'Bến Cầu',
			is_demo: true
		};
		const d = describe('cases', props, vi)!;
		expect(d.title).toBe('Lừa đi làm "việc nhẹ lương cao" · 30/07/2025');
		expect(Object.fromEntries(d.rows)).toMatchObject({ 'Tình trạng': 'Đang điều tra', 'Nước đến': 'KH', 'Độ chính xác vị trí': 'Tâm xã', 'Đơn vị': 'Bến Cầu' });
		expect(describe('cases', props, en)!.title).toBe('Labour-export fraud · 30/07/2025');
	});

	it('tells counts of an area and clusters apart from single records', () => {
		const area = describe('cases', { count: 12, victims: 15, name: 'Tây Ninh' }, en)!;
		expect(area.title).toBe('Tây Ninh');
		expect(area.rows).toEqual([
			['Cases', '12'],
			['Victims', '15']
		]);
		const cluster = describe('boarding-houses', { count: 1234, weight: 56789 }, vi)!;
		expect(cluster.cluster).toBe(true);
		expect(cluster.title).toBe('Nhà trọ công nhân — 1.234 đối tượng trong ô này');
		expect(cluster.rows).toEqual([['công nhân', '56.789']]);
		// The text layer of counts on clusters picks as its cluster.
		expect(describe('outreach-counts', { count: 5, weight: 900 }, en)!.cluster).toBe(true);
	});

	it('says where a site’s point came from, with a GPS fix’s accuracy', () => {
		const house = describe('boarding-houses', { label: 'Dãy trọ A', workers: 40, rooms: 8, location_source: 'gps', location_accuracy_m: 8.6 }, vi)!;
		expect(Object.fromEntries(house.rows)['Nguồn vị trí']).toBe('Vị trí GPS của máy ± 9 m');
		const site = describe('model-sites', { kind: 'tip_box', name: 'Hòm thư', location_source: 'commune', location_accuracy_m: null }, en)!;
		expect(Object.fromEntries(site.rows)['Where the point came from']).toBe('Commune centre only');
		// Older answers without a source say nothing of it.
		expect(Object.fromEntries(describe('outreach', { form: 'meeting' }, en)!.rows)).not.toHaveProperty('Where the point came from');
	});

	it('says nothing for layers it does not know', () => {
		expect(describe('admin-units', { code: 'x' }, en)).toBeNull();
	});
});
