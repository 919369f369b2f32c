import { describe, expect, it } from 'vitest';
import { campaignWeeks, pathKm, scheduleTeams, shortPath } from './schedule';
import { atKm, scatter } from './testing';

describe('campaign schedule', () => {
	it('cuts the peak campaign 1/7–30/9 into 14 weeks, the last one day long', () => {
		const weeks = campaignWeeks('2026-07-01', '2026-09-30');
		expect(weeks.length).toBe(14);
		expect(weeks[0]).toEqual({ index: 0, start: '2026-07-01', end: '2026-07-07' });
		expect(weeks[13]).toEqual({ index: 13, start: '2026-09-30', end: '2026-09-30' });
		expect(() => campaignWeeks('2026-09-30', '2026-07-01')).toThrow('ends before it starts');
	});

	it('visits every site, with each team in one place a week', () => {
		const sites = scatter(20, [{ lon: 106.1, lat: 11.2 }], 0.2, 4).map((p, i) => ({ ...p, id: `s${i}` }));
		const weeks = campaignWeeks('2026-07-01', '2026-09-30');
		const plan = scheduleTeams(sites, 3, weeks);
		expect(new Set(plan.visits.map((v) => v.siteId))).toEqual(new Set(sites.map((s) => s.id)));
		const slots = plan.visits.map((v) => `${v.team}/${v.week}`);
		expect(new Set(slots).size).toBe(slots.length);
		expect(plan.visits.length).toBe(3 * 14);
		expect(plan.routes.flat().sort()).toEqual(sites.map((s) => s.id).sort());
	});

	it('untangles a crossing path with 2-opt', () => {
		// A zig-zag visited in the worst order: the short path goes along the two rows.
		const zig = [atKm(0, 0), atKm(10, 1), atKm(1, 0), atKm(11, 1), atKm(2, 0), atKm(12, 1)];
		const short = shortPath(zig);
		expect(pathKm(short)).toBeLessThan(pathKm(zig));
		expect(pathKm(short)).toBeLessThan(2 + 10.05 + 2 + 0.01);
	});

	it('refuses more sites than team-weeks', () => {
		const sites = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, ...atKm(i) }));
		expect(() => scheduleTeams(sites, 1, campaignWeeks('2026-07-01', '2026-07-28'))).toThrow('5 sites cannot be visited by 1 teams in 4 weeks');
	});
});
