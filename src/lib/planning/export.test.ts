import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { scheduleCsv, scheduleIcs, scheduleTable, type ScheduleInput } from './export';

const input: ScheduleInput = {
	title: 'Cao điểm 2025 — Tây Ninh',
	weeks: [
		{ index: 0, start: '2025-07-01', end: '2025-07-07' },
		{ index: 1, start: '2025-07-08', end: '2025-07-14' }
	],
	visits: [
		{ week: 1, team: 0, siteId: 'b' },
		{ week: 0, team: 0, siteId: 'a' },
		{ week: 0, team: 1, siteId: 'c' }
	],
	sites: [
		{ id: 'a', label: 'Cửa khẩu Mộc Bài', lon: 106.15, lat: 11.04 },
		{ id: 'b', label: 'KCN Phước Đông', lon: 106.3, lat: 11.1 },
		{ id: 'c', label: 'Xã Lợi Thuận, "Bến Cầu"', lon: 106.2, lat: 11.05 }
	],
	teamName: (t) => `Đội ${t + 1}`
};

describe('schedule exports', () => {
	it('lays out weeks × teams, leaving a team’s free week empty', () => {
		const table = scheduleTable(input);
		expect(table.teams).toEqual(['Đội 1', 'Đội 2']);
		expect(table.rows.map((r) => r.sites)).toEqual([
			['Cửa khẩu Mộc Bài', 'Xã Lợi Thuận, "Bến Cầu"'],
			['KCN Phước Đông', '']
		]);
	});

	it('writes a CSV Excel opens in UTF-8, quoting what needs quoting', () => {
		const csv = scheduleCsv(input, { week: 'Tuần', start: 'Từ', end: 'Đến', team: 'Đội', site: 'Địa điểm', lon: 'Kinh độ', lat: 'Vĩ độ' });
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const parsed = Papa.parse<string[]>(csv.slice(1)).data;
		expect(parsed[0]).toEqual(['Tuần', 'Từ', 'Đến', 'Đội', 'Địa điểm', 'Kinh độ', 'Vĩ độ']);
		expect(parsed).toHaveLength(4);
		expect(parsed[2]).toEqual(['1', '2025-07-01', '2025-07-07', 'Đội 2', 'Xã Lợi Thuận, "Bến Cầu"', '106.2', '11.05']);
		expect(parsed[3]![0]).toBe('2');
	});

	it('writes an iCalendar file with one all-day event per team and week', () => {
		const ics = scheduleIcs(input, { week: 'Tuần' });
		expect(ics).toContain('BEGIN:VCALENDAR');
		// The description in the user's language, the week as a range.
		expect(ics.replace(/\r\n /g, '')).toContain('Tuần 1 (01/07–07/07)');
		expect(ics).not.toContain('week');
		expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(3);
		// All-day: the end is the day after the week's last day.
		expect(ics).toMatch(/DTSTART;VALUE=DATE:20250701/);
		expect(ics).toMatch(/DTEND;VALUE=DATE:20250708/);
		expect(ics).toContain('Đội 1: Cửa khẩu Mộc Bài');
	});

	it('refuses a visit to a site it does not know', () => {
		expect(() => scheduleTable({ ...input, visits: [{ week: 0, team: 0, siteId: 'zz' }] })).not.toThrow();
		expect(() => scheduleIcs({ ...input, visits: [{ week: 0, team: 0, siteId: 'zz' }] }, { week: 'Tuần' })).toThrow(/unknown site zz/);
	});
});
