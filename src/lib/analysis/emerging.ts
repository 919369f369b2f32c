import { giStar, neighbourLists, twoSidedP, type Neighbourhood } from './gistar';
import type { LonLat } from './points';

export interface MannKendall {
	s: number;
	z: number;
	p: number;
	/** +1 increasing, −1 decreasing, 0 no significant trend (α = 0.05). */
	trend: 1 | -1 | 0;
}

/**
 * Mann–Kendall trend test (Mann 1945; Kendall 1975): S = Σ_{k<j} sgn(xj − xk),
 * Var(S) = [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over groups of t ties,
 * Z = (S − 1)/√Var for S > 0, (S + 1)/√Var for S < 0, else 0; two-sided p.
 */
export function mannKendall(series: ArrayLike<number>, alpha = 0.05): MannKendall {
	const n = series.length;
	let s = 0;
	for (let k = 0; k < n - 1; k++) for (let j = k + 1; j < n; j++) s += Math.sign(series[j]! - series[k]!);
	const ties = new Map<number, number>();
	for (let i = 0; i < n; i++) ties.set(series[i]!, (ties.get(series[i]!) ?? 0) + 1);
	let tieTerm = 0;
	for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5);
	const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
	const z = variance > 0 ? (s > 0 ? (s - 1) / Math.sqrt(variance) : s < 0 ? (s + 1) / Math.sqrt(variance) : 0) : 0;
	const p = twoSidedP(z);
	return { s, z, p, trend: p <= alpha ? (z > 0 ? 1 : -1) : 0 };
}

/** The patterns of ArcGIS Emerging Hot Spot Analysis, each for hot spots and for cold spots. */
export const EMERGING_PATTERNS = ['new', 'consecutive', 'intensifying', 'persistent', 'diminishing', 'sporadic', 'oscillating', 'historical'] as const;
export type EmergingPattern = (typeof EMERGING_PATTERNS)[number];
/** A hot pattern ('new'), a cold one ('new_cold'), or no pattern: 17 categories. */
export type EmergingCategory = EmergingPattern | `${EmergingPattern}_cold` | 'none';
export const EMERGING_CATEGORIES: EmergingCategory[] = [...EMERGING_PATTERNS, ...EMERGING_PATTERNS.map((p) => `${p}_cold` as const), 'none'];

/** Why a location got its category: the counts the rules read (the reason's words come from the messages). */
export interface EmergingReason {
	/** Time steps in which the location was a significant hot / cold spot, of `steps`. */
	hot: number;
	cold: number;
	steps: number;
	/** Length of the uninterrupted run of the category's kind ending in the last step (0 if none). */
	run: number;
	/** Mann–Kendall trend of the location's z-scores: +1 up, −1 down, 0 none. */
	trend: 1 | -1 | 0;
}

/** The share of time steps ArcGIS means by "90 percent of the time-step intervals". */
const MOSTLY = 0.9;

/**
 * The category of one location from its significant hot and cold steps (oldest first) and the trend
 * of its z-scores, with the rules ArcGIS Pro documents for Emerging Hot Spot Analysis (hot shown;
 * cold mirrors it with cold steps and the trend reversed):
 * - new: hot in the last step, never before;
 * - consecutive: a single uninterrupted run of ≥ 2 hot steps ending in the last, never hot before
 *   it, hot in < 90 % of steps;
 * - intensifying / persistent / diminishing: hot in ≥ 90 % of steps including the last, with a
 *   significant upward / no / downward trend;
 * - sporadic: hot in the last step, on and off before, hot in < 90 % of steps, never cold;
 * - oscillating: hot in the last step, cold in some earlier step, hot in < 90 % of steps;
 * - historical: not hot in the last step, hot in ≥ 90 % of the steps before it (ArcGIS counts all
 *   steps; with the few yearly steps of a campaign that could never hold, so the earlier ones count).
 * Anything else: no pattern.
 */
export function emergingCategory(hot: readonly boolean[], cold: readonly boolean[], trend: 1 | -1 | 0): { category: EmergingCategory; reason: EmergingReason } {
	const steps = hot.length;
	const count = (flags: readonly boolean[]) => flags.filter(Boolean).length;
	const finalRun = (flags: readonly boolean[]) => {
		let run = 0;
		while (run < steps && flags[steps - 1 - run]) run++;
		return run;
	};
	const side = (sig: readonly boolean[], opposite: readonly boolean[], up: 1 | -1): EmergingPattern | null => {
		const n = count(sig);
		const last = sig[steps - 1] === true;
		const mostly = n >= Math.ceil(MOSTLY * steps);
		if (last) {
			if (n === 1) return 'new';
			if (mostly) return trend === up ? 'intensifying' : trend === -up ? 'diminishing' : 'persistent';
			const run = finalRun(sig);
			if (run >= 2 && n === run) return 'consecutive';
			return opposite.slice(0, steps - 1).some(Boolean) ? 'oscillating' : 'sporadic';
		}
		return n > 0 && n >= Math.ceil(MOSTLY * (steps - 1)) ? 'historical' : null;
	};
	const asHot = side(hot, cold, 1);
	const asCold = asHot ? null : side(cold, hot, -1);
	const category: EmergingCategory = asHot ?? (asCold ? `${asCold}_cold` : 'none');
	return { category, reason: { hot: count(hot), cold: count(cold), steps, run: finalRun(asCold ? cold : hot), trend } };
}

export interface EmergingResult {
	category: EmergingCategory[];
	reason: EmergingReason[];
	/** Gi* z-score per slice (outer) and location (inner). */
	z: Float64Array[];
	/** Gi* class per slice and location. */
	classes: Int8Array[];
	trend: MannKendall[];
}

/**
 * Emerging hot spots: Gi* in each time slice (significant = 90 % confidence, FDR when asked), then
 * per location a Mann–Kendall test on its Gi* z-scores and one of the 17 categories of ArcGIS
 * Emerging Hot Spot Analysis (emergingCategory), with the counts that decided it.
 */
export function emergingHotSpots(
	points: readonly LonLat[],
	slices: readonly ArrayLike<number>[],
	neighbourhood: Neighbourhood,
	options: { fdr?: boolean } = {}
): EmergingResult {
	if (slices.length < 2) throw new Error('emerging hot spots need at least 2 time slices');
	// The places do not move between slices: their neighbours are found once.
	const lists = neighbourLists(points, neighbourhood);
	const results = slices.map((values) => giStar(points, values, { neighbourhood, fdr: options.fdr, lists }));
	const n = points.length;
	const category: EmergingCategory[] = [];
	const reason: EmergingReason[] = [];
	const trend: MannKendall[] = [];
	for (let i = 0; i < n; i++) {
		const mk = mannKendall(results.map((r) => r.z[i]!));
		trend.push(mk);
		const found = emergingCategory(
			results.map((r) => r.classes[i]! > 0),
			results.map((r) => r.classes[i]! < 0),
			mk.trend
		);
		category.push(found.category);
		reason.push(found.reason);
	}
	return { category, reason, z: results.map((r) => r.z), classes: results.map((r) => r.classes), trend };
}
