import { errorFunction } from 'simple-statistics';
import { randomLcg } from 'd3-random';
import { PointIndex, checkPoints, type LonLat } from './points';

/** Standard normal cumulative distribution Φ(z) = ½ (1 + erf(z / √2)). */
export const normalCdf = (z: number): number => 0.5 * (1 + errorFunction(z / Math.SQRT2));

/** Two-sided p-value of a standard normal z-score: 2 (1 − Φ(|z|)). */
export const twoSidedP = (z: number): number => Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));

export type Neighbourhood = { kind: 'distance'; bandKm: number } | { kind: 'knn'; k: number };

export interface GiStarOptions {
	neighbourhood: Neighbourhood;
	/** Apply the Benjamini–Hochberg false discovery rate correction to the classes. */
	fdr?: boolean;
	/** Conditional permutations for pseudo p-values (0: normal approximation only). */
	permutations?: number;
	seed?: number;
	/** Neighbour lists already found for these points and this neighbourhood (neighbourLists): time slices share one. */
	lists?: readonly (readonly number[])[];
}

export interface GiStarResult {
	z: Float64Array;
	p: Float64Array;
	/** ArcGIS Hot Spot Analysis classes: +3/+2/+1 hot spot at 99/95/90 % confidence, −1…−3 cold, 0 not significant. */
	classes: Int8Array;
	/** Number of neighbours of each feature, itself included. */
	neighbours: Int32Array;
	/** Pseudo p-values from permutations, when asked for. */
	pseudoP?: Float64Array;
}

/** Neighbour lists (self included) for each location, from a spatial index: never all pairs. */
export function neighbourLists(points: readonly LonLat[], hood: Neighbourhood): number[][] {
	const index = new PointIndex(points);
	return points.map((p, i) => {
		const found = hood.kind === 'distance' ? index.within(p, hood.bandKm) : index.nearest(p, hood.k + 1);
		if (hood.kind === 'knn') {
			// k nearest others plus the feature itself.
			const others = found.filter((j) => j !== i).slice(0, hood.k);
			return [i, ...others];
		}
		return found.includes(i) ? found : [i, ...found];
	});
}

/**
 * Getis-Ord Gi* with binary weights, the feature itself included (Getis & Ord 1992; Ord & Getis
 * 1995), as ArcGIS Hot Spot Analysis computes it:
 *
 *   Gi* = (Σj wij xj − X̄ Σj wij) / ( S √[(n Σj wij² − (Σj wij)²) / (n − 1)] )
 *
 * with X̄ the mean and S = √(Σ xj²/n − X̄²) the population standard deviation. z-scores are read
 * against the standard normal (two-sided p). With `fdr`, each confidence level's significance is
 * decided by the Benjamini–Hochberg procedure (Benjamini & Hochberg 1995) over all features.
 * With `permutations`, a conditional randomisation (Anselin 1995) gives pseudo p-values
 * (R + 1)/(M + 1), R the permuted sums at least as extreme in the observed direction.
 */
export function giStar(points: readonly LonLat[], values: ArrayLike<number>, options: GiStarOptions): GiStarResult {
	const n = points.length;
	if (n !== values.length) throw new Error(`values has ${values.length} entries for ${n} points`);
	if (n < 3) throw new Error('Gi* needs at least 3 features');
	checkPoints(points);
	for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) throw new Error(`values[${i}] is not a number`);
	if (options.neighbourhood.kind === 'distance' && !(options.neighbourhood.bandKm > 0)) throw new Error('bandKm must be positive');
	if (options.neighbourhood.kind === 'knn' && !(options.neighbourhood.k >= 1 && options.neighbourhood.k < n)) {
		throw new Error(`k must lie between 1 and ${n - 1}`);
	}

	let sum = 0;
	let sumSq = 0;
	for (let i = 0; i < n; i++) {
		sum += values[i]!;
		sumSq += values[i]! * values[i]!;
	}
	const mean = sum / n;
	const s = Math.sqrt(Math.max(sumSq / n - mean * mean, 0));
	const lists = options.lists ?? neighbourLists(points, options.neighbourhood);
	if (lists.length !== n) throw new Error(`lists has ${lists.length} entries for ${n} points`);
	const z = new Float64Array(n);
	const p = new Float64Array(n);
	const neighbours = new Int32Array(n);
	for (let i = 0; i < n; i++) {
		const list = lists[i]!;
		const w = list.length; // binary weights: Σ wij = Σ wij² = number of neighbours
		let local = 0;
		for (const j of list) local += values[j]!;
		const denominator = s * Math.sqrt((n * w - w * w) / (n - 1));
		z[i] = denominator > 0 ? (local - mean * w) / denominator : 0;
		p[i] = twoSidedP(z[i]!);
		neighbours[i] = w;
	}

	let pseudoP: Float64Array | undefined;
	if (options.permutations && options.permutations > 0) {
		pseudoP = permutationP(values, lists, z, options.permutations, options.seed ?? 1);
	}
	const classes = classify(z, pseudoP ?? p, options.fdr ?? false);
	return { z, p, classes, neighbours, pseudoP };
}

function permutationP(values: ArrayLike<number>, lists: readonly (readonly number[])[], z: Float64Array, permutations: number, seed: number): Float64Array {
	const n = values.length;
	const random = randomLcg(seed);
	const result = new Float64Array(n);
	const others = new Float64Array(n - 1);
	for (let i = 0; i < n; i++) {
		const list = lists[i]!;
		let observed = 0;
		for (const j of list) observed += values[j]!;
		// Conditional on xi staying put, the other w − 1 neighbours are drawn from the other values.
		let k = 0;
		for (let j = 0; j < n; j++) if (j !== i) others[k++] = values[j]!;
		const draws = list.length - 1;
		let extreme = 0;
		for (let m = 0; m < permutations; m++) {
			let local = values[i]!;
			// Partial Fisher–Yates: the first `draws` slots become a random sample without replacement.
			for (let d = 0; d < draws; d++) {
				const r = d + Math.floor(random() * (n - 1 - d));
				const tmp = others[d]!;
				others[d] = others[r]!;
				others[r] = tmp;
				local += others[d]!;
			}
			if (z[i]! >= 0 ? local >= observed : local <= observed) extreme++;
		}
		result[i] = (extreme + 1) / (permutations + 1);
	}
	return result;
}

const LEVELS = [
	{ cls: 3, alpha: 0.01 },
	{ cls: 2, alpha: 0.05 },
	{ cls: 1, alpha: 0.1 }
];

/**
 * Confidence classes as ArcGIS reports them. Without FDR a feature is significant at level α when
 * p ≤ α. With FDR, at each α the Benjamini–Hochberg procedure finds the largest rank k with
 * p(k) ≤ (k/m) α, and features with p ≤ p(k) are significant.
 */
export function classify(z: ArrayLike<number>, p: ArrayLike<number>, fdr: boolean): Int8Array {
	const n = z.length;
	const classes = new Int8Array(n);
	const thresholds = LEVELS.map(({ cls, alpha }) => ({ cls, cut: fdr ? bhThreshold(p, alpha) : alpha }));
	for (let i = 0; i < n; i++) {
		for (const { cls, cut } of thresholds) {
			if (p[i]! <= cut) {
				classes[i] = z[i]! > 0 ? cls : -cls;
				break;
			}
		}
	}
	return classes;
}

/** The Benjamini–Hochberg p-value cut-off at false discovery rate α (−1 when nothing passes). */
export function bhThreshold(p: ArrayLike<number>, alpha: number): number {
	const sorted = Float64Array.from(p).sort();
	const m = sorted.length;
	let cut = -1;
	for (let k = 1; k <= m; k++) if (sorted[k - 1]! <= (k / m) * alpha) cut = sorted[k - 1]!;
	return cut;
}
