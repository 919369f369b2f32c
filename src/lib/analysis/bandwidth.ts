import { randomLcg } from 'd3-random';
import { mean, standardDeviation } from 'simple-statistics';
import { PointIndex, haversineKm, type LonLat } from './points';

export interface MoransI {
	I: number;
	expected: number;
	z: number;
}

/**
 * Global Moran's I with binary distance-band weights (self excluded) and its z-score under the
 * randomisation null hypothesis (Cliff & Ord 1981), as ArcGIS Spatial Autocorrelation reports it:
 *   I = (n / S0) Σi Σj wij zi zj / Σ zi²,  E[I] = −1/(n − 1)
 *   Var[I] = [n((n² − 3n + 3) S1 − n S2 + 3 S0²) − b2((n² − n) S1 − 2n S2 + 6 S0²)] / ((n − 1)(n − 2)(n − 3) S0²) − E[I]²
 * with S1 = ½ Σ (wij + wji)², S2 = Σ (wi· + w·i)², b2 = n Σ zi⁴ / (Σ zi²)².
 */
export function moransI(points: readonly LonLat[], values: ArrayLike<number>, bandKm: number, index = new PointIndex(points)): MoransI {
	const n = points.length;
	let avg = 0;
	for (let i = 0; i < n; i++) avg += values[i]!;
	avg /= n;
	let m2 = 0;
	let m4 = 0;
	for (let i = 0; i < n; i++) {
		const d = values[i]! - avg;
		m2 += d * d;
		m4 += d ** 4;
	}
	let s0 = 0;
	let cross = 0;
	let s2 = 0;
	for (let i = 0; i < n; i++) {
		let degree = 0;
		for (const j of index.within(points[i]!, bandKm)) {
			if (j === i) continue;
			degree++;
			cross += (values[i]! - avg) * (values[j]! - avg);
		}
		s0 += degree;
		s2 += (2 * degree) ** 2;
	}
	const expected = -1 / (n - 1);
	if (s0 === 0 || m2 === 0) return { I: 0, expected, z: 0 };
	const s1 = 2 * s0; // binary symmetric weights: (wij + wji)² = 4 for each ordered pair
	const I = (n / s0) * (cross / m2);
	// The randomisation variance needs n ≥ 4.
	if (n < 4) return { I, expected, z: 0 };
	const b2 = (n * m4) / (m2 * m2);
	const variance =
		(n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0) - b2 * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)) / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) -
		expected * expected;
	return { I, expected, z: variance > 0 ? (I - expected) / Math.sqrt(variance) : 0 };
}

export interface BandChoice {
	bandKm: number;
	method: 'peak' | 'knn-average';
	reason: string;
	/** The incremental spatial autocorrelation profile that was examined. */
	profile: { bandKm: number; z: number }[];
}

/**
 * The distance band ArcGIS Optimized Hot Spot Analysis would choose: Incremental Spatial
 * Autocorrelation from the distance at which every feature but the locational outliers has a
 * neighbour, in steps of their mean nearest-neighbour distance, taking the first peak of Moran's I z-score; without a peak, the
 * average distance to the K nearest neighbours, K = 5 % of n bounded to [3, 30]. Large inputs are
 * sampled (seeded) for the search only.
 */
export function chooseBand(points: readonly LonLat[], values: ArrayLike<number>, options: { steps?: number; sample?: number; seed?: number } = {}): BandChoice {
	const steps = options.steps ?? 10;
	const limit = options.sample ?? 4000;
	let pts = points;
	let vals: ArrayLike<number> = values;
	if (points.length > limit) {
		const random = randomLcg(options.seed ?? 7);
		const picked = new Set<number>();
		while (picked.size < limit) picked.add(Math.floor(random() * points.length));
		const order = [...picked].sort((a, b) => a - b);
		pts = order.map((i) => points[i]!);
		vals = order.map((i) => values[i]!);
	}
	const index = new PointIndex(pts);
	const nn = pts.map((p, i) => haversineKm(p, pts[index.nearest(p, 2).find((j) => j !== i) ?? i]!));
	// Locational outliers (nearest neighbour beyond mean + 3 SD, as ArcGIS Optimized Hot Spot Analysis
	// defines them) do not set the start: one lone cell would otherwise stretch the band over the
	// country (113 km over 31,000 cells, thousands of neighbours each).
	const far = mean(nn) + 3 * standardDeviation(nn);
	const typical = nn.filter((d) => d <= far);
	const outliers = nn.length - typical.length;
	const start = Math.max(...typical);
	const step = Math.max(mean(typical), 1e-6);
	const leftOut = outliers
		? `; ${outliers} locational outlier${outliers > 1 ? 's' : ''} (nearest neighbour beyond ${far.toFixed(2)} km) left out of the start`
		: '';
	const profile: { bandKm: number; z: number }[] = [];
	for (let s = 0; s < steps; s++) {
		const bandKm = start + s * step;
		profile.push({ bandKm, z: moransI(pts, vals, bandKm, index).z });
	}
	for (let s = 1; s < profile.length - 1; s++) {
		if (profile[s]!.z > profile[s - 1]!.z && profile[s]!.z >= profile[s + 1]!.z && profile[s]!.z > 1.645) {
			return {
				bandKm: profile[s]!.bandKm,
				method: 'peak',
				reason: `first peak of spatial autocorrelation (Moran's I z = ${profile[s]!.z.toFixed(2)}) at ${profile[s]!.bandKm.toFixed(2)} km${leftOut}`,
				profile
			};
		}
	}
	const k = Math.min(30, Math.max(3, Math.round(0.05 * pts.length)), pts.length - 1);
	const knn = pts.map((p, i) => {
		const near = index
			.nearest(p, k + 1)
			.filter((j) => j !== i)
			.slice(0, k);
		return mean(near.map((j) => haversineKm(p, pts[j]!)));
	});
	const bandKm = mean(knn);
	return {
		bandKm,
		method: 'knn-average',
		reason: `no peak of spatial autocorrelation between ${start.toFixed(2)} and ${(start + (steps - 1) * step).toFixed(2)} km: average distance to the ${k} nearest neighbours${leftOut}`,
		profile
	};
}
