/**
 * Analysis benchmarks (part of `npm run bench`): Gi* on 10k and 100k cells with the spatial index
 * against all-pairs Gi* (the baseline, 10k only: 100k all-pairs would take minutes), and MCLP
 * exact (HiGHS) against the greedy + swap heuristic on generated 2,000 × 400 instances, k = 25,
 * radius 10 km, and emerging hot spots of 100,000 cases over 36 monthly slices (neighbours found once
 * against once per slice), and the capacitated MCLP (greedy with optimal sharing against the exact
 * MIP) — all measured in the same run.
 */
import { giStar } from '../src/lib/analysis/gistar';
import { emergingHotSpots, mannKendall } from '../src/lib/analysis/emerging';
import { haversineKm, type LonLat } from '../src/lib/analysis/points';
import { heuristicOnSets, mclpExact, mclpHeuristic, setProblem } from '../src/lib/analysis/mclp';
import { propagandaCandidates } from '../src/lib/analysis/candidates';
import { capacitatedExact, capacitatedHeuristic } from '../src/lib/analysis/capacitated';
import { scatter } from '../src/lib/analysis/testing';
import { randomLcg } from 'd3-random';

const CENTRES: LonLat[] = [
	{ lon: 106.18, lat: 11.07 }, // Mộc Bài
	{ lon: 106.33, lat: 11.07 }, // Trảng Bàng industrial zones
	{ lon: 106.0, lat: 11.8 }, // Xa Mát
	{ lon: 106.1, lat: 11.31 }, // Tây Ninh city
	{ lon: 106.42, lat: 10.86 } // Đức Hòa
];

/** Gi* by definition over all pairs: the baseline the indexed version is measured against. */
function giStarAllPairs(points: LonLat[], values: number[], bandKm: number): Float64Array {
	const n = points.length;
	const mean = values.reduce((s, v) => s + v, 0) / n;
	const s = Math.sqrt(values.reduce((a, v) => a + v * v, 0) / n - mean * mean);
	const z = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let w = 0;
		let local = 0;
		for (let j = 0; j < n; j++) {
			if (haversineKm(points[i]!, points[j]!) <= bandKm) {
				w++;
				local += values[j]!;
			}
		}
		z[i] = (local - mean * w) / (s * Math.sqrt((n * w - w * w) / (n - 1)));
	}
	return z;
}

function cells(n: number, seed: number) {
	const points = scatter(n, CENTRES, 0.12, seed);
	const values = points.map((p, i) => Math.round(5 * Math.exp(-((p.lon - 106.18) ** 2 + (p.lat - 11.07) ** 2) / 0.005)) + (i % 3));
	return { points, values };
}

export async function benchAnalysis(): Promise<string[][]> {
	const rows: string[][] = [['analysis', 'size', 'ms', 'baseline', 'baseline ms', 'ratio / quality']];
	const time = <T>(fn: () => T): [T, number] => {
		const t = performance.now();
		const result = fn();
		return [result, performance.now() - t];
	};

	// Band chosen so that a cell has ~30 neighbours at 10k cells.
	const bandKm = 2;
	const small = cells(10_000, 1);
	const [indexed, indexedMs] = time(() => giStar(small.points, small.values, { neighbourhood: { kind: 'distance', bandKm }, fdr: true }));
	const [naive, naiveMs] = time(() => giStarAllPairs(small.points, small.values, bandKm));
	let maxDiff = 0;
	for (let i = 0; i < naive.length; i++) maxDiff = Math.max(maxDiff, Math.abs(naive[i]! - indexed.z[i]!));
	if (maxDiff > 1e-6) throw new Error(`indexed and all-pairs Gi* disagree by ${maxDiff}`);
	const meanNeighbours = indexed.neighbours.reduce((s, v) => s + v, 0) / indexed.neighbours.length;
	rows.push([
		'Gi* (kd-tree, FDR)',
		`10,000 cells, ~${meanNeighbours.toFixed(0)} neighbours`,
		indexedMs.toFixed(0),
		'all pairs',
		naiveMs.toFixed(0),
		`${(naiveMs / indexedMs).toFixed(1)}× faster`
	]);
	const large = cells(100_000, 2);
	const [big, bigMs] = time(() => giStar(large.points, large.values, { neighbourhood: { kind: 'distance', bandKm: 0.65 }, fdr: true }));
	const bigNeighbours = big.neighbours.reduce((s, v) => s + v, 0) / big.neighbours.length;
	rows.push([
		'Gi* (kd-tree, FDR)',
		`100,000 cells, ~${bigNeighbours.toFixed(0)} neighbours`,
		bigMs.toFixed(0),
		'10k cells',
		indexedMs.toFixed(0),
		`${(bigMs / indexedMs).toFixed(1)}× the time for 10× the cells`
	]);

	// Emerging hot spots of 100,000 cases over 36 monthly slices, counted on 0.01° cells: one set of
	// neighbour lists for all slices, against finding them again in each slice (as before) — same z.
	{
		const random = randomLcg(7);
		const cases = scatter(100_000, CENTRES, 0.12, 7).map((p) => ({ ...p, month: Math.floor(random() * 36) }));
		const cellOf = new Map<string, number>();
		const points: LonLat[] = [];
		const slices = Array.from({ length: 36 }, () => [] as number[]);
		for (const c of cases) {
			const key = `${Math.floor(c.lon * 100)}:${Math.floor(c.lat * 100)}`;
			let i = cellOf.get(key);
			if (i === undefined) {
				i = points.length;
				cellOf.set(key, i);
				points.push({ lon: (Math.floor(c.lon * 100) + 0.5) / 100, lat: (Math.floor(c.lat * 100) + 0.5) / 100 });
				for (const s of slices) s.push(0);
			}
			slices[c.month]![i]!++;
		}
		const hood = { kind: 'distance' as const, bandKm: 3 };
		const [shared, sharedMs] = time(() => emergingHotSpots(points, slices, hood, { fdr: true }));
		const [perSlice, perSliceMs] = time(() => {
			const z = slices.map((values) => giStar(points, values, { neighbourhood: hood, fdr: true }).z);
			for (let i = 0; i < points.length; i++) mannKendall(z.map((zs) => zs[i]!));
			return z;
		});
		for (let t = 0; t < 36; t++)
			for (let i = 0; i < points.length; i++)
				if (Math.abs(shared.z[t]![i]! - perSlice[t]![i]!) > 1e-9) throw new Error('emerging hot spots: shared and per-slice neighbours disagree');
		rows.push([
			'Emerging hot spots (Gi* × 36 months + Mann–Kendall)',
			`100,000 cases, ${points.length.toLocaleString('en')} cells of 0.01°`,
			sharedMs.toFixed(0),
			'neighbours found per slice',
			perSliceMs.toFixed(0),
			`${(perSliceMs / sharedMs).toFixed(1)}× faster`
		]);
	}

	const qualities: number[] = [];
	for (const seed of [1, 2, 3]) {
		// Demand: boarding houses and villages clustered around the zones, gates and towns of Tây
		// Ninh; candidates: posts spread over the province (about 90 × 130 km).
		const demand = scatter(2000, CENTRES, 0.15, 100 + seed).map((p, i) => ({ ...p, weight: 5 + ((i * 7919 + seed) % 120) }));
		const random = randomLcg(200 + seed);
		const candidates = Array.from({ length: 400 }, () => ({ lon: 105.8 + random() * 0.8, lat: 10.7 + random() * 1.2 }));
		const problem = { demand, candidates, radiusKm: 10, k: 25 };
		const exact = await mclpExact(problem, { timeLimitSeconds: 60 });
		const fast = mclpHeuristic(problem);
		const quality = fast.covered / exact.covered;
		qualities.push(quality);
		rows.push([
			`MCLP seed ${seed}`,
			'2,000 demand × 400 candidates, k = 25, 10 km',
			(fast.seconds * 1000).toFixed(0),
			`HiGHS exact (${exact.optimal ? 'optimal' : `gap ${(exact.gap * 100).toFixed(2)} %`})`,
			(exact.seconds * 1000).toFixed(0),
			`heuristic ${(quality * 100).toFixed(2)} % of optimum`
		]);
	}
	rows.push(['MCLP heuristic quality', 'min over 3 instances', '', '', '', `${(Math.min(...qualities) * 100).toFixed(2)} %`]);

	// A province of 61,912 boarding houses (issue 21): the plan's places are bounded (the densest
	// hexagons and coarser ones) against every hexagon holding a house; exact never below fast.
	{
		const houses = scatter(61_912, CENTRES, 0.1, 7).map((p, i) => ({ ...p, workers: 1 + ((i * 7919) % 30) }));
		const demand = houses.map((h) => ({ ...h, weight: h.workers }));
		const bounded = propagandaCandidates({ units: [], boardingHouses: houses, industrialZones: [] });
		const every = propagandaCandidates({ units: [], boardingHouses: houses, industrialZones: [], maxClusters: Infinity });
		const [fast, fastMs] = time(() => heuristicOnSets(setProblem({ demand, candidates: bounded, radiusKm: 5, k: 25 })));
		const [unbounded, unboundedMs] = time(() => heuristicOnSets(setProblem({ demand, candidates: every, radiusKm: 5, k: 25 })));
		const exact = await mclpExact({ demand, candidates: bounded, radiusKm: 5, k: 25 }, { timeLimitSeconds: 20 });
		rows.push([
			'Propaganda plan, fast',
			`61,912 houses, ${bounded.length.toLocaleString('en')} places, k = 25, 5 km`,
			fastMs.toFixed(0),
			`every hexagon (${every.length.toLocaleString('en')} places)`,
			unboundedMs.toFixed(0),
			`covers ${((fast.covered / unbounded.covered) * 100).toFixed(2)} % of it`
		]);
		rows.push([
			'Propaganda plan, exact',
			`the same, HiGHS 20 s${exact.fallback ? ', fast plan kept' : exact.optimal ? ', optimal' : ''}`,
			(exact.seconds * 1000).toFixed(0),
			'the fast plan',
			fastMs.toFixed(0),
			`exact / fast ${(exact.covered / fast.covered).toFixed(4)}`
		]);
	}

	// Capacitated: the same kind of instance, each site serving at most 60 % of an equal share of
	// all the demand (so capacity binds): greedy + optimal sharing against the exact MIP.
	{
		const demand = scatter(2000, CENTRES, 0.15, 101).map((p, i) => ({ ...p, weight: 5 + ((i * 7919 + 1) % 120) }));
		const random = randomLcg(201);
		const candidates = Array.from({ length: 400 }, () => ({ lon: 105.8 + random() * 0.8, lat: 10.7 + random() * 1.2 }));
		const total = demand.reduce((s, d) => s + d.weight, 0);
		const problem = { demand, candidates, radiusKm: 10, k: 25, capacity: Math.round((0.6 * total) / 25) };
		const fast = await capacitatedHeuristic(problem);
		const exact = await capacitatedExact(problem, { timeLimitSeconds: 60 });
		rows.push([
			'Capacitated MCLP',
			`2,000 × 400, k = 25, 10 km, capacity ${problem.capacity.toLocaleString('en')}`,
			(fast.seconds * 1000).toFixed(0),
			`HiGHS exact (${exact.fallback ? 'fast plan kept' : exact.optimal ? 'optimal' : 'time limit'})`,
			(exact.seconds * 1000).toFixed(0),
			`heuristic ${((fast.covered / exact.covered) * 100).toFixed(2)} % of exact`
		]);
	}
	return rows;
}

/** Prints a table with a title; the columns whose index is in `left` are aligned left, the others right. */
export function printTable(title: string, rows: string[][], left: number[] = [0, 1, 3, 5]): void {
	const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
	console.log(`\n${title}`);
	for (const r of rows) console.log(r.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}
