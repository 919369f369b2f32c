import { randomLcg } from 'd3-random';
import { haversineKm, checkPoints, type LonLat } from './points';

export interface Week {
	index: number;
	/** First and last day, YYYY-MM-DD. */
	start: string;
	end: string;
}

/** The campaign cut into 7-day weeks from its first day; the last week may be shorter. */
export function campaignWeeks(start: string, end: string): Week[] {
	const day = 86_400_000;
	const from = Date.parse(`${start}T00:00:00Z`);
	const to = Date.parse(`${end}T00:00:00Z`);
	if (Number.isNaN(from) || Number.isNaN(to)) throw new Error('campaign dates must be YYYY-MM-DD');
	if (to < from) throw new Error('the campaign ends before it starts');
	const weeks: Week[] = [];
	for (let t = from, i = 0; t <= to; t += 7 * day, i++) {
		weeks.push({ index: i, start: new Date(t).toISOString().slice(0, 10), end: new Date(Math.min(t + 6 * day, to)).toISOString().slice(0, 10) });
	}
	return weeks;
}

export interface SiteToVisit extends LonLat {
	id: string;
}

export interface Visit {
	week: number;
	team: number;
	siteId: string;
	/** Great-circle km from the team's previous site (0 for its first week). */
	travelKm: number;
}

export interface Schedule {
	weeks: Week[];
	visits: Visit[];
	/** Sites of each team in visiting order. */
	routes: string[][];
	travelKm: number;
	/** The rotation's seed when its order is drawn (patrols), null when teams follow their route. */
	seed: number | null;
}

/** Length of an open path through the sites in this order. */
export function pathKm(sites: readonly LonLat[]): number {
	let km = 0;
	for (let i = 1; i < sites.length; i++) km += haversineKm(sites[i - 1]!, sites[i]!);
	return km;
}

/** Nearest-neighbour path from the westernmost site, improved by 2-opt (Croes 1958) until no reversal shortens it. */
export function shortPath<T extends LonLat>(sites: readonly T[]): T[] {
	if (sites.length < 3) return [...sites];
	const rest = [...sites];
	rest.sort((a, b) => a.lon - b.lon);
	const path: T[] = [rest.shift()!];
	while (rest.length) {
		const last = path[path.length - 1]!;
		let best = 0;
		for (let i = 1; i < rest.length; i++) if (haversineKm(last, rest[i]!) < haversineKm(last, rest[best]!)) best = i;
		path.push(rest.splice(best, 1)[0]!);
	}
	let improved = true;
	while (improved) {
		improved = false;
		for (let i = 0; i < path.length - 2; i++) {
			for (let j = i + 2; j < path.length; j++) {
				// Reverse path[i+1..j]: replaces edges (i, i+1) and (j, j+1) with (i, j) and (i+1, j+1).
				const a = path[i]!,
					b = path[i + 1]!,
					c = path[j]!,
					d = path[j + 1];
				const before = haversineKm(a, b) + (d ? haversineKm(c, d) : 0);
				const after = haversineKm(a, c) + (d ? haversineKm(b, d) : 0);
				if (after + 1e-9 < before) {
					path.splice(i + 1, j - i, ...path.slice(i + 1, j + 1).reverse());
					improved = true;
				}
			}
		}
	}
	return path;
}

/**
 * Spreads the chosen sites over the campaign weeks for `teams` teams: every site is visited, a
 * team is in one place a week, and each team works a compact sector (sites sorted by bearing
 * around their centre and cut into equal runs) along a short path. Weeks left over after a
 * team's last site repeat its route, so teams return to where they have been.
 *
 * With a `seed` (patrols: whoever watches them must not learn the next week from the last), each
 * team's weeks are rounds of its sites in an order drawn anew each round: every site once a round
 * (so visits differ by at most one), never the same site two weeks running, and the same seed
 * gives the same rotation.
 */
export function scheduleTeams(sites: readonly SiteToVisit[], teams: number, weeks: readonly Week[], options: { seed?: number } = {}): Schedule {
	checkPoints(sites, 'sites');
	if (!Number.isInteger(teams) || teams < 1) throw new Error('teams must be a whole number ≥ 1');
	if (weeks.length === 0) throw new Error('the campaign has no weeks');
	if (sites.length > teams * weeks.length) {
		throw new Error(`${sites.length} sites cannot be visited by ${teams} teams in ${weeks.length} weeks (one site per team a week)`);
	}
	const ids = new Set(sites.map((s) => s.id));
	if (ids.size !== sites.length) throw new Error('site ids must be unique');
	const centre = {
		lon: sites.reduce((s, p) => s + p.lon, 0) / Math.max(sites.length, 1),
		lat: sites.reduce((s, p) => s + p.lat, 0) / Math.max(sites.length, 1)
	};
	const byBearing = [...sites].sort((a, b) => Math.atan2(a.lat - centre.lat, a.lon - centre.lon) - Math.atan2(b.lat - centre.lat, b.lon - centre.lon));
	const used = Math.min(teams, sites.length);
	const routes: SiteToVisit[][] = [];
	for (let t = 0, from = 0; t < used; t++) {
		const size = Math.floor(sites.length / used) + (t < sites.length % used ? 1 : 0);
		routes.push(shortPath(byBearing.slice(from, from + size)));
		from += size;
	}
	const seed = options.seed;
	if (seed !== undefined && !(Number.isInteger(seed) && seed >= 1 && seed < 2 ** 31)) throw new Error('the rotation seed must be a whole number from 1');
	const visits: Visit[] = [];
	routes.forEach((route, team) => {
		const order = seed === undefined ? weeks.map((_, w) => route[w % route.length]!) : rotation(route, weeks.length, seed, team);
		order.forEach((site, w) => visits.push({ week: w, team, siteId: site.id, travelKm: w > 0 ? haversineKm(order[w - 1]!, site) : 0 }));
	});
	return {
		weeks: [...weeks],
		visits,
		routes: routes.map((r) => r.map((s) => s.id)),
		travelKm: visits.reduce((s, v) => s + v.travelKm, 0),
		seed: seed ?? null
	};
}

/** Rounds of a team's sites, each in a freshly drawn order (Fisher–Yates), no site two weeks running. */
function rotation<T>(sites: readonly T[], weeks: number, seed: number, team: number): T[] {
	const random = randomLcg(seed * 7919 + team * 104_729);
	const out: T[] = [];
	while (out.length < weeks) {
		const round = [...sites];
		for (let i = round.length - 1; i > 0; i--) {
			const j = Math.floor(random() * (i + 1));
			[round[i], round[j]] = [round[j]!, round[i]!];
		}
		// A round may not open where the last one ended.
		if (round.length > 1 && round[0] === out.at(-1)) [round[0], round[1]] = [round[1]!, round[0]!];
		out.push(...round);
	}
	return out.slice(0, weeks);
}
