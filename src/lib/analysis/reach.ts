/**
 * What a deployment plan cannot do, and what would: the demand no allowed site reaches at the
 * radius (out of reach at any number of teams), the radius at which every demand point has a site
 * within it, and the fewest sites of the marginal curve that cover all that is reachable.
 */
import { PointIndex, haversineKm, type LonLat } from './points';

export interface ReachExplanation {
	/** Demand no allowed candidate reaches within the radius: no number of teams covers it. */
	outOfReach: { weight: number; count: number };
	/** The smallest radius (km, rounded up to 0.1) at which every demand point has an allowed candidate within it. */
	radiusForAll: number;
	/** The fewest sites of the marginal curve that cover all reachable demand (null: not within the curve). */
	sitesForAllReachable: number | null;
}

export function explainReach(
	demand: readonly (LonLat & { weight: number })[],
	candidates: readonly LonLat[],
	radiusKm: number,
	marginal: readonly { k: number; share: number }[]
): ReachExplanation {
	let outWeight = 0;
	let outCount = 0;
	let total = 0;
	let farthest = 0;
	// The nearest site of each demand point from a spatial index (61,912 houses × 7,681 sites by
	// brute force took seconds of the request's own thread).
	const sites = new PointIndex(candidates);
	for (const d of demand) {
		total += d.weight;
		const [j] = sites.nearest(d, 1);
		const nearest = j === undefined ? Infinity : haversineKm(d, candidates[j]!);
		farthest = Math.max(farthest, nearest);
		if (nearest > radiusKm) {
			outWeight += d.weight;
			outCount++;
		}
	}
	const reachable = total > 0 ? (total - outWeight) / total : 1;
	const enough = marginal.find((m) => m.share >= reachable - 1e-9);
	return {
		outOfReach: { weight: outWeight, count: outCount },
		radiusForAll: candidates.length ? Math.ceil(farthest * 10 - 1e-9) / 10 : Infinity,
		sitesForAllReachable: enough ? enough.k : null
	};
}
