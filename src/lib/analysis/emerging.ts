import { giStar, twoSidedP, type Neighbourhood } from './gistar';
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

export type EmergingCategory = 'new' | 'consecutive' | 'intensifying' | 'persistent' | 'diminishing' | 'sporadic' | 'historical' | 'none';

export interface EmergingResult {
	category: EmergingCategory[];
	/** Gi* z-score per slice (outer) and location (inner). */
	z: Float64Array[];
	/** Gi* class per slice and location. */
	classes: Int8Array[];
	trend: MannKendall[];
}

/**
 * Emerging hot spots: Gi* in each time slice, then per location a Mann–Kendall test on its Gi*
 * z-scores and the hot-spot categories of ArcGIS Emerging Hot Spot Analysis (hot = 90 % confidence):
 * new (hot only in the last slice), consecutive (a single run of hot slices ending in the last,
 * under 90 % of slices), intensifying / persistent / diminishing (hot in ≥ 90 % of slices including
 * the last, with a significant upward / no / downward trend in z), sporadic (hot in the last slice,
 * on and off before), historical (hot in ≥ 90 % of slices but not the last).
 */
export function emergingHotSpots(
	points: readonly LonLat[],
	slices: readonly ArrayLike<number>[],
	neighbourhood: Neighbourhood,
	options: { fdr?: boolean } = {}
): EmergingResult {
	if (slices.length < 2) throw new Error('emerging hot spots need at least 2 time slices');
	const results = slices.map((values) => giStar(points, values, { neighbourhood, fdr: options.fdr }));
	const n = points.length;
	const t = slices.length;
	const category: EmergingCategory[] = [];
	const trend: MannKendall[] = [];
	for (let i = 0; i < n; i++) {
		const hot = results.map((r) => r.classes[i]! > 0);
		const zs = results.map((r) => r.z[i]!);
		const mk = mannKendall(zs);
		trend.push(mk);
		const hotCount = hot.filter(Boolean).length;
		const last = hot[t - 1]!;
		const mostly = hotCount >= Math.ceil(0.9 * t);
		let runStart = t;
		while (runStart > 0 && hot[runStart - 1]) runStart--;
		const onlyFinalRun = hot.slice(0, runStart).every((h) => !h);
		let c: EmergingCategory = 'none';
		if (last && hotCount === 1) c = 'new';
		else if (last && mostly) c = mk.trend > 0 ? 'intensifying' : mk.trend < 0 ? 'diminishing' : 'persistent';
		else if (last && onlyFinalRun) c = 'consecutive';
		else if (last) c = 'sporadic';
		else if (mostly || hotCount >= Math.ceil(0.9 * (t - 1))) c = hotCount > 0 ? 'historical' : 'none';
		category.push(c);
	}
	return { category, z: results.map((r) => r.z), classes: results.map((r) => r.classes), trend };
}
