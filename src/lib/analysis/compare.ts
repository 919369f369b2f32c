/**
 * Two hot-spot results compared cell by cell, as ArcGIS Pro's Compare Hot Spots does in spirit: the
 * same cells and the same Gi* band in both periods, each cell's move between hot, cold and not
 * significant (the confidence levels are not compared), how alike the two maps are, and whether they
 * are more alike than chance would make them.
 *
 * - similarity: of the cells significant in either period, the share with the same sign in both
 *   (cells not significant in both say nothing and are left out);
 * - kappa: Cohen's κ over hot / not significant / cold for every cell, agreement beyond chance (1 the
 *   same map, 0 what two unrelated maps with these class totals would share);
 * - p: a permutation test of κ — the second period's classes shuffled over the cells `permutations`
 *   times (seeded, reproducible), p = (1 + shuffles with κ ≥ the observed) / (1 + permutations). The
 *   shuffles ignore that neighbouring cells are alike, so p is optimistic for clustered maps: it says
 *   whether the overlap is more than chance, not how much more.
 */
import { randomLcg } from 'd3-random';

export const TRANSITIONS = ['hot_hot', 'new_hot', 'hot_gone', 'cold_cold', 'new_cold', 'cold_gone', 'hot_to_cold', 'cold_to_hot', 'none'] as const;
export type Transition = (typeof TRANSITIONS)[number];

/** How a cell moved from its class in the first period to its class in the second (Gi* classes −3…3). */
export function transition(a: number, b: number): Transition {
	const sa = Math.sign(a);
	const sb = Math.sign(b);
	if (sa > 0) return sb > 0 ? 'hot_hot' : sb < 0 ? 'hot_to_cold' : 'hot_gone';
	if (sa < 0) return sb < 0 ? 'cold_cold' : sb > 0 ? 'cold_to_hot' : 'cold_gone';
	return sb > 0 ? 'new_hot' : sb < 0 ? 'new_cold' : 'none';
}

export interface ClassComparison {
	transitions: Transition[];
	counts: Record<Transition, number>;
	/** Null when no cell is significant in either period. */
	similarity: number | null;
	/** Null when κ is undefined (every cell in one class in both periods). */
	kappa: number | null;
	p: number | null;
	permutations: number;
}

/** Cohen's κ of two sign sequences (−1, 0, 1). */
function kappaOf(a: Int8Array, b: Int8Array): number | null {
	const n = a.length;
	if (n === 0) return null;
	const ta = [0, 0, 0];
	const tb = [0, 0, 0];
	let agree = 0;
	for (let i = 0; i < n; i++) {
		ta[a[i]! + 1]!++;
		tb[b[i]! + 1]!++;
		if (a[i] === b[i]) agree++;
	}
	const expected = (ta[0]! * tb[0]! + ta[1]! * tb[1]! + ta[2]! * tb[2]!) / (n * n);
	if (expected >= 1) return null;
	return (agree / n - expected) / (1 - expected);
}

/** Compares two class sequences over the same cells. */
export function compareClasses(a: ArrayLike<number>, b: ArrayLike<number>, options: { permutations?: number; seed?: number } = {}): ClassComparison {
	if (a.length !== b.length) throw new Error(`the two periods have ${a.length} and ${b.length} cells: they must be the same cells`);
	const permutations = options.permutations ?? 999;
	const sa = Int8Array.from({ length: a.length }, (_, i) => Math.sign(a[i]!));
	const sb = Int8Array.from({ length: b.length }, (_, i) => Math.sign(b[i]!));
	const transitions = Array.from(sa, (x, i) => transition(x, sb[i]!));
	const counts = Object.fromEntries(TRANSITIONS.map((t) => [t, 0])) as Record<Transition, number>;
	for (const t of transitions) counts[t]++;
	const either = transitions.length - counts.none;
	const similarity = either ? (counts.hot_hot + counts.cold_cold) / either : null;
	const kappa = kappaOf(sa, sb);
	let p: number | null = null;
	if (kappa !== null && permutations > 0) {
		const random = randomLcg(options.seed ?? 1);
		const shuffled = Int8Array.from(sb);
		let atLeast = 0;
		for (let r = 0; r < permutations; r++) {
			// Fisher–Yates with the seeded generator.
			for (let i = shuffled.length - 1; i > 0; i--) {
				const j = Math.floor(random() * (i + 1));
				const x = shuffled[i]!;
				shuffled[i] = shuffled[j]!;
				shuffled[j] = x;
			}
			if ((kappaOf(sa, shuffled) ?? -Infinity) >= kappa - 1e-12) atLeast++;
		}
		p = (1 + atLeast) / (1 + permutations);
	}
	return { transitions, counts, similarity, kappa, p, permutations };
}
