/**
 * Did the peak campaign work? Each unit's cases during the peak (1/7–30/9) against the quarter
 * before it and against last year's peak, tested as two Poisson counts are (conditionally on their
 * sum, the count during the peak is binomial), with the area's own change as the expected one: a
 * change in reporting that every unit shares (more officers entering cases, a new hotline) is not
 * credited to any unit. Benjamini–Hochberg over the units tested. Beside it, the outreach held in
 * the unit during the peak (per 1,000 residents), and how the two go together across units (Spearman) — an association,
 * not proof that outreach changed anything.
 */
import { gammaln, sampleRankCorrelation } from 'simple-statistics';
import { bhThreshold } from './gistar';

export type PeriodName = 'before' | 'during' | 'after' | 'last_year';
export type Counts = Record<PeriodName, number | null>;

/** What campaign_effect answers (SQL): counts per unit, null where the publication hides them. */
export interface CampaignCounts {
	tier: 'screen' | 'export';
	k: number | null;
	exact: boolean;
	year: number;
	periods: Record<PeriodName, { key: string; from: string; to: string }>;
	types: string[] | null;
	area: { key: string; code: string | null; name: string };
	total: Counts | null;
	units: {
		key: string;
		code: string;
		name: string;
		rest: boolean;
		cases: Counts;
		outreach: { activities: number; people: number };
		workers: number;
		/** Residents (null for a province's remainder). */
		population: number | null;
	}[];
}

/** Fewer than this many cases in the two periods together: too few to say anything. */
export const MIN_CASES = 5;
/** Units that must be testable for the area to be compared at all. */
export const MIN_UNITS = 3;
/** Units with figures on both sides that an association needs. */
export const MIN_UNITS_ASSOCIATION = 5;
export const ALPHA = 0.05;

export type Change = 'fewer' | 'more' | 'same' | 'too_few' | 'hidden';

export interface Comparison {
	change: Change;
	/** Cases in the peak the area's change predicts for the unit (null when not tested). */
	expected: number | null;
	/** Two-sided exact p (null when not tested). */
	p: number | null;
}

export interface UnitEffect {
	key: string;
	code: string;
	name: string;
	rest: boolean;
	cases: Counts;
	vsBefore: Comparison;
	vsLastYear: Comparison;
	activities: number;
	people: number;
	workers: number;
	population: number | null;
	/** People reached per 1,000 residents of the unit (null without a population). */
	reachedPer1000: number | null;
}

export interface CampaignEffect {
	units: UnitEffect[];
	/** The area's share of (before + during) cases that fell during the peak, and the same against last year. */
	shareDuring: { vsBefore: number | null; vsLastYear: number | null };
	/** Units tested (vs before), and why the others were not. */
	tested: number;
	hidden: number;
	tooFew: number;
	/** Null when fewer than MIN_UNITS units could be tested. */
	enough: boolean;
	/** Spearman's ρ between people reached per 1,000 residents and the peak's change (log observed/expected); null with too few units. */
	association: { rho: number; units: number } | null;
}

const logChoose = (n: number, k: number) => gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1);

/**
 * Two-sided exact binomial p of x successes in n trials at probability p0: the probability of every
 * outcome no more likely than x (R's binom.test).
 */
export function binomialTwoSided(x: number, n: number, p0: number): number {
	if (n === 0) return 1;
	if (p0 <= 0) return x === 0 ? 1 : 0;
	if (p0 >= 1) return x === n ? 1 : 0;
	const logPmf = (i: number) => logChoose(n, i) + i * Math.log(p0) + (n - i) * Math.log1p(-p0);
	const observed = logPmf(x);
	const tolerance = 1e-7;
	let p = 0;
	for (let i = 0; i <= n; i++) {
		const l = logPmf(i);
		if (l <= observed + tolerance) p += Math.exp(l);
	}
	return Math.min(1, p);
}

function compare(
	base: number | null,
	during: number | null,
	share: number | null
): { change: Change; expected: number | null; p: number | null; n: number } | { change: 'hidden' | 'too_few'; expected: null; p: null; n: 0 } {
	if (base === null || during === null || share === null) return { change: 'hidden', expected: null, p: null, n: 0 };
	const n = base + during;
	if (n < MIN_CASES) return { change: 'too_few', expected: null, p: null, n: 0 };
	return { change: 'same', expected: share * n, p: binomialTwoSided(during, n, share), n };
}

/** The area's share of cases in the peak over units with both figures. */
function shareOf(units: CampaignCounts['units'], base: PeriodName): number | null {
	let during = 0;
	let total = 0;
	for (const u of units) {
		if (u.cases[base] === null || u.cases.during === null) continue;
		during += u.cases.during;
		total += u.cases[base] + u.cases.during;
	}
	return total > 0 ? during / total : null;
}

/** The tested comparisons classed fewer / more where significant after Benjamini–Hochberg. */
function settle(comparisons: { change: Change; expected: number | null; p: number | null }[], during: (i: number) => number) {
	const tested = comparisons.map((c, i) => [c, i] as const).filter(([c]) => c.p !== null);
	const cut = bhThreshold(
		tested.map(([c]) => c.p!),
		ALPHA
	);
	for (const [c, i] of tested) if (c.p! <= cut) c.change = during(i) < c.expected! ? 'fewer' : 'more';
}

export function campaignEffect(counts: CampaignCounts): CampaignEffect {
	const shareBefore = shareOf(counts.units, 'before');
	const shareLastYear = shareOf(counts.units, 'last_year');
	const vsBefore = counts.units.map((u) => compare(u.cases.before, u.cases.during, shareBefore));
	const vsLastYear = counts.units.map((u) => compare(u.cases.last_year, u.cases.during, shareLastYear));
	const duringOf = (i: number) => counts.units[i]!.cases.during ?? 0;
	settle(vsBefore, duringOf);
	settle(vsLastYear, duringOf);
	const units: UnitEffect[] = counts.units.map((u, i) => ({
		key: u.key,
		code: u.code,
		name: u.name,
		rest: u.rest,
		cases: u.cases,
		vsBefore: { change: vsBefore[i]!.change, expected: vsBefore[i]!.expected, p: vsBefore[i]!.p },
		vsLastYear: { change: vsLastYear[i]!.change, expected: vsLastYear[i]!.expected, p: vsLastYear[i]!.p },
		activities: u.outreach.activities,
		people: u.outreach.people,
		workers: u.workers,
		population: u.population,
		reachedPer1000: u.population ? (u.outreach.people / u.population) * 1000 : null
	}));
	const tested = units.filter((u) => u.vsBefore.p !== null);
	const paired = tested.filter((u) => u.reachedPer1000 !== null);
	let association: CampaignEffect['association'] = null;
	if (paired.length >= MIN_UNITS_ASSOCIATION) {
		// log((during + ½) / (expected + ½)): defined at zero cases, symmetric for fewer and more.
		const change = paired.map((u) => Math.log(((u.cases.during ?? 0) + 0.5) / (u.vsBefore.expected! + 0.5)));
		const rho = sampleRankCorrelation(
			paired.map((u) => u.reachedPer1000!),
			change
		);
		if (Number.isFinite(rho)) association = { rho, units: paired.length };
	}
	return {
		units,
		shareDuring: { vsBefore: shareBefore, vsLastYear: shareLastYear },
		tested: tested.length,
		hidden: units.filter((u) => u.vsBefore.change === 'hidden').length,
		tooFew: units.filter((u) => u.vsBefore.change === 'too_few').length,
		enough: tested.length >= MIN_UNITS,
		association
	};
}
