import highsLoader from 'highs';
import { PointIndex, checkPoints, type LonLat } from './points';

export interface McLpProblem {
	demand: readonly (LonLat & { weight: number })[];
	candidates: readonly LonLat[];
	radiusKm: number;
	/** Number of sites to open, those in `fixed` included. */
	k: number;
	/** Candidates already deployed: always open. */
	fixed?: readonly number[];
	/** Candidates that may not be chosen. */
	forbidden?: readonly number[];
}

export interface McLpSolution {
	/** Indices of the chosen candidates, ascending. */
	chosen: number[];
	covered: number;
	total: number;
	/** Proven optimal (exact solver within its limits). */
	optimal: boolean;
	/** Relative gap to the best bound: 0 when optimal; for the heuristic, unknown (NaN). */
	gap: number;
	method: 'exact' | 'heuristic';
	seconds: number;
}

/** Which demand each candidate covers (great-circle distance ≤ radius), found with a spatial index. */
export interface CoverSets {
	byCandidate: Int32Array[];
	weights: Float64Array;
	total: number;
}

export function validateProblem(p: McLpProblem): void {
	if (!(p.radiusKm >= 0) || !Number.isFinite(p.radiusKm)) throw new Error(`radius must be a non-negative number of km, got ${p.radiusKm}`);
	if (!Number.isInteger(p.k) || p.k < 1) throw new Error(`k must be a whole number ≥ 1, got ${p.k}`);
	checkPoints(p.demand, 'demand');
	checkPoints(p.candidates, 'candidates');
	p.demand.forEach((d, i) => {
		if (!(d.weight >= 0)) throw new Error(`demand[${i}] has a negative or missing weight`);
	});
	const fixed = new Set(p.fixed ?? []);
	const forbidden = new Set(p.forbidden ?? []);
	for (const j of [...fixed, ...forbidden]) {
		if (!Number.isInteger(j) || j < 0 || j >= p.candidates.length) throw new Error(`candidate index ${j} does not exist`);
	}
	for (const j of fixed) if (forbidden.has(j)) throw new Error(`candidate ${j} is both fixed and forbidden`);
	const available = p.candidates.length - forbidden.size;
	if (p.k > available) throw new Error(`k = ${p.k} is larger than the ${available} candidates that may be chosen`);
	if (fixed.size > p.k) throw new Error(`${fixed.size} fixed sites do not fit in k = ${p.k}`);
}

export function coverSets(p: McLpProblem): CoverSets {
	const index = new PointIndex(p.demand);
	const weights = Float64Array.from(p.demand, (d) => d.weight);
	return {
		byCandidate: p.candidates.map((c) => Int32Array.from(index.within(c, p.radiusKm))),
		weights,
		total: weights.reduce((s, w) => s + w, 0)
	};
}

/** Covered weight of a set of open candidates. */
export function coveredWeight(sets: CoverSets, open: Iterable<number>): number {
	const seen = new Uint8Array(sets.weights.length);
	let covered = 0;
	for (const j of open) {
		for (const i of sets.byCandidate[j]!) {
			if (!seen[i]) {
				seen[i] = 1;
				covered += sets.weights[i]!;
			}
		}
	}
	return covered;
}

/** The combinatorial core of an MCLP instance: cover sets, weights, k and the fixed/forbidden sites. */
export interface SetProblem {
	sets: CoverSets;
	k: number;
	fixed: ReadonlySet<number>;
	forbidden: ReadonlySet<number>;
}

export function setProblem(p: McLpProblem): SetProblem {
	validateProblem(p);
	return { sets: coverSets(p), k: p.k, fixed: new Set(p.fixed ?? []), forbidden: new Set(p.forbidden ?? []) };
}

/**
 * Fast heuristic for the maximal covering location problem: greedy addition of the candidate with
 * the largest marginal covered weight (Church & ReVelle 1974; within 1 − 1/e of the optimum,
 * Nemhauser, Wolsey & Fisher 1978), then 1-swap interchange (Teitz & Bart 1968) until no swap
 * improves or the time budget ends.
 */
export function mclpHeuristic(p: McLpProblem, options: { timeLimitMs?: number } = {}): McLpSolution {
	return heuristicOnSets(setProblem(p), options);
}

export function heuristicOnSets(problem: SetProblem, options: { timeLimitMs?: number } = {}): McLpSolution {
	const { sets, k, fixed, forbidden } = problem;
	const started = performance.now();
	const deadline = started + (options.timeLimitMs ?? 1000);
	const m = sets.byCandidate.length;
	const count = new Int32Array(sets.weights.length);
	const open = new Uint8Array(m);
	const add = (j: number) => {
		open[j] = 1;
		for (const i of sets.byCandidate[j]!) count[i]!++;
	};
	const remove = (j: number) => {
		open[j] = 0;
		for (const i of sets.byCandidate[j]!) count[i]!--;
	};
	const gain = (j: number) => {
		let g = 0;
		for (const i of sets.byCandidate[j]!) if (count[i] === 0) g += sets.weights[i]!;
		return g;
	};
	for (const j of fixed) add(j);
	for (let chosen = fixed.size; chosen < k; chosen++) {
		let best = -1;
		let bestGain = -1;
		for (let j = 0; j < m; j++) {
			if (open[j] || forbidden.has(j)) continue;
			const g = gain(j);
			if (g > bestGain) [best, bestGain] = [j, g];
		}
		add(best);
	}
	// Interchange: take out j, put in the candidate that then covers the most, if that is more.
	let improved = true;
	while (improved && performance.now() < deadline) {
		improved = false;
		for (let out = 0; out < m && performance.now() < deadline; out++) {
			if (!open[out] || fixed.has(out)) continue;
			remove(out);
			let best = out;
			let bestGain = gain(out);
			for (let j = 0; j < m; j++) {
				if (open[j] || forbidden.has(j) || j === out) continue;
				const g = gain(j);
				if (g > bestGain + 1e-9) [best, bestGain] = [j, g];
			}
			add(best);
			if (best !== out) improved = true;
		}
	}
	const chosen = [...open.keys()].filter((j) => open[j]);
	return {
		chosen,
		covered: coveredWeight(sets, chosen),
		total: sets.total,
		optimal: false,
		gap: Number.NaN,
		method: 'heuristic',
		seconds: (performance.now() - started) / 1000
	};
}

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let solver: Promise<Highs> | undefined;

/** The CPLEX-LP model: max Σ wi yi  s.t.  yi ≤ Σ_{j covers i} xj,  Σ xj = k,  x binary, 0 ≤ y ≤ 1. */
export function lpModel(problem: SetProblem, relax = false): string {
	const { sets, k, fixed, forbidden } = problem;
	const coveredBy: number[][] = Array.from(sets.weights, () => []);
	sets.byCandidate.forEach((list, j) => {
		for (const i of list) coveredBy[i]!.push(j);
	});
	const lines = (terms: string[]) => terms.reduce((acc, t, n) => acc + (n && n % 12 === 0 ? '\n  ' : ' ') + t, '');
	const useful = Array.from(sets.weights, (w, i) => w > 0 && coveredBy[i]!.length > 0);
	const demand = [...useful.keys()].filter((i) => useful[i]);
	const xs = sets.byCandidate.map((_, j) => `x${j}`);
	return [
		'Maximize',
		` obj:${lines(demand.length ? demand.map((i) => `+ ${sets.weights[i]} y${i}`) : ['0 x0'])}`,
		'Subject To',
		...demand.map((i) => ` c${i}: y${i}${lines(coveredBy[i]!.map((j) => `- x${j}`))} <= 0`),
		` k:${lines(xs.map((x) => `+ ${x}`))} = ${k}`,
		'Bounds',
		...demand.map((i) => ` 0 <= y${i} <= 1`),
		...xs.map((x, j) => (fixed.has(j) ? ` ${x} = 1` : forbidden.has(j) ? ` ${x} = 0` : ` 0 <= ${x} <= 1`)),
		...(relax ? [] : ['General', ` ${lines(xs)}`]),
		'End'
	].join('\n');
}

/**
 * Exact MCLP as a mixed-integer programme (Church & ReVelle 1974) solved by HiGHS. When the time
 * limit stops the search, the best solution found is returned with its gap to the LP-relaxation
 * bound.
 */
export async function mclpExact(p: McLpProblem, options: { timeLimitSeconds?: number } = {}): Promise<McLpSolution> {
	return exactOnSets(setProblem(p), options);
}

export async function exactOnSets(problem: SetProblem, options: { timeLimitSeconds?: number } = {}): Promise<McLpSolution> {
	const started = performance.now();
	solver ??= highsLoader();
	const highs = await solver;
	const result = highs.solve(lpModel(problem), { time_limit: options.timeLimitSeconds ?? 30, mip_rel_gap: 0 });
	if (result.Status !== 'Optimal' && result.Status !== 'Time limit reached') {
		throw new Error(`the solver stopped with status "${result.Status}"`);
	}
	const chosen = problem.sets.byCandidate.map((_, j) => j).filter((j) => (result.Columns[`x${j}`]?.Primal ?? 0) > 0.5);
	if (chosen.length !== problem.k) throw new Error(`the solver found no complete plan in time (${chosen.length} of ${problem.k} sites)`);
	const covered = coveredWeight(problem.sets, chosen);
	const optimal = result.Status === 'Optimal';
	let gap = 0;
	if (!optimal) {
		const bound = highs.solve(lpModel(problem, true), { time_limit: 30 });
		gap = bound.Status === 'Optimal' && bound.ObjectiveValue > 0 ? Math.max(0, (bound.ObjectiveValue - covered) / bound.ObjectiveValue) : Number.NaN;
	}
	return { chosen, covered, total: problem.sets.total, optimal, gap, method: 'exact', seconds: (performance.now() - started) / 1000 };
}
