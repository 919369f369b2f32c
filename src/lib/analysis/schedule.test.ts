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

	it('rotates patrols unpredictably but fairly: a drawn order each round, no site two weeks running, the same seed the same rotation', () => {
		const sites = scatter(8, [{ lon: 106.1, lat: 11.2 }], 0.2, 5).map((p, i) => ({ ...p, id: `s${i}` }));
		const weeks = campaignWeeks('2026-07-01', '2026-09-30');
		const a = scheduleTeams(sites, 2, weeks, { seed: 3 });
		expect(a.seed).toBe(3);
		expect(scheduleTeams(sites, 2, weeks, { seed: 3 }).visits).toEqual(a.visits);
		expect(scheduleTeams(sites, 2, weeks, { seed: 4 }).visits).not.toEqual(a.visits);
		for (const team of [0, 1]) {
			const order = a.visits.filter((v) => v.team === team).map((v) => v.siteId);
			const mine = a.routes[team]!;
			expect(order).toHaveLength(14);
			// Fair: each of the team's 4 sites once in every round of 4 weeks, so 3 or 4 visits in 14 weeks.
			for (let r = 0; r + mine.length <= order.length; r += mine.length) expect(new Set(order.slice(r, r + mine.length))).toEqual(new Set(mine));
			const counts = mine.map((id) => order.filter((x) => x === id).length);
			expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
			for (let w = 1; w < order.length; w++) expect(order[w]).not.toBe(order[w - 1]);
			// Not a fixed cycle: some round is in another order than the first.
			const rounds = [0, 4, 8].map((r) => order.slice(r, r + 4).join());
			expect(new Set(rounds).size).toBeGreaterThan(1);
		}
		// Without a seed, teams follow their route round after round.
		const route = scheduleTeams(sites, 2, weeks);
		expect(route.seed).toBeNull();
		const first = route.visits.filter((v) => v.team === 0).map((v) => v.siteId);
		expect(first.slice(4, 8)).toEqual(first.slice(0, 4));
		expect(() => scheduleTeams(sites, 2, weeks, { seed: 0 })).toThrow('seed');
	});

	it('refuses more sites than team-weeks', () => {
		const sites = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, ...atKm(i) }));
		expect(() => scheduleTeams(sites, 1, campaignWeeks('2026-07-01', '2026-07-28'))).toThrow('5 sites cannot be visited by 1 teams in 4 weeks');
	});
});
