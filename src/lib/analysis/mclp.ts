import highsLoader from 'highs';
import { randomLcg } from 'd3-random';
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
	/** Exact only: the solver failed or ran out of time below the fast plan, which is returned instead (why, in words). */
	fallback?: string;
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
 * Nemhauser, Wolsey & Fisher 1978), then 1-swap interchange (Teitz & Bart 1968) to a local
 * optimum; then Lagrangian relaxation (see `lagrangian`) proposes plans and bounds the optimum,
 * so the result carries a gap; while the time budget lasts, iterated local search from the best plan, with a
 * GRASP restart (Feo & Resende 1995: greedy choosing at random among the best few candidates)
 * every 50th round. Seeded; since the search runs for a time budget, a busier machine may stop
 * it earlier.
 */
export function mclpHeuristic(p: McLpProblem, options: HeuristicOptions = {}): McLpSolution {
	return heuristicOnSets(setProblem(p), options);
}

export interface HeuristicOptions {
	/** Time budget in ms (default 800): the search stops then and returns the best plan. */
	timeLimitMs?: number;
	seed?: number;
}

const inverted = new WeakMap<CoverSets, { start: Int32Array; by: Int32Array }>();

/**
 * The candidates covering each demand point, in compressed rows: demand i's are by[start[i] .. start[i + 1]).
 * Kept with the cover sets: a plan's marginal curve runs the heuristic on the same sets up to 2k times.
 */
function coveredBy(sets: CoverSets): { start: Int32Array; by: Int32Array } {
	const known = inverted.get(sets);
	if (known) return known;
	const n = sets.weights.length;
	const start = new Int32Array(n + 1);
	for (const list of sets.byCandidate) for (const i of list) start[i + 1]!++;
	for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
	const by = new Int32Array(start[n]!);
	const fill = start.slice(0, n);
	sets.byCandidate.forEach((list, j) => {
		for (const i of list) by[fill[i]!++] = j;
	});
	inverted.set(sets, { start, by });
	return { start, by };
}

export function heuristicOnSets(problem: SetProblem, options: HeuristicOptions = {}): McLpSolution {
	const { sets, k, fixed, forbidden } = problem;
	const started = performance.now();
	const deadline = started + (options.timeLimitMs ?? 800);
	const random = randomLcg(options.seed ?? 1);
	const m = sets.byCandidate.length;
	const n = sets.weights.length;
	const { start, by } = coveredBy(sets);
	const count = new Int32Array(n);
	const open = new Uint8Array(m);
	// uncovered[j]: weight candidate j would add now (its demand that no open site covers).
	const uncovered = new Float64Array(m);
	const reset = () => {
		count.fill(0);
		open.fill(0);
		sets.byCandidate.forEach((list, j) => {
			let w = 0;
			for (const i of list) w += sets.weights[i]!;
			uncovered[j] = w;
		});
	};
	const add = (j: number) => {
		open[j] = 1;
		for (const i of sets.byCandidate[j]!) {
			if (count[i]!++ === 0) for (let c = start[i]!; c < start[i + 1]!; c++) uncovered[by[c]!]! -= sets.weights[i]!;
		}
	};
	const remove = (j: number) => {
		open[j] = 0;
		for (const i of sets.byCandidate[j]!) {
			if (--count[i]! === 0) for (let c = start[i]!; c < start[i + 1]!; c++) uncovered[by[c]!]! += sets.weights[i]!;
		}
	};
	const gain = (j: number) => uncovered[j]!;
	reset();
	/** Greedy construction; with `choices` > 1, picks at random among that many best candidates. */
	const construct = (choices: number) => {
		reset();
		for (const j of fixed) add(j);
		for (let chosen = fixed.size; chosen < k; chosen++) {
			const best: { j: number; g: number }[] = [];
			for (let j = 0; j < m; j++) {
				if (open[j] || forbidden.has(j)) continue;
				const g = gain(j);
				if (best.length < choices || g > best[best.length - 1]!.g) {
					best.push({ j, g });
					best.sort((a, b) => b.g - a.g);
					if (best.length > choices) best.pop();
				}
			}
			add(best[choices > 1 ? Math.floor(random() * best.length) : 0]!.j);
		}
	};
	/** Interchange: take out j, put in the candidate that then covers the most, if that is more. */
	const interchange = () => {
		let improved = true;
		while (improved) {
			improved = false;
			for (let out = 0; out < m; out++) {
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
	};
	let bestPlan: number[] = [];
	let bestCovered = -1;
	const current = () => [...open.keys()].filter((j) => open[j]);
	const restore = (plan: number[]) => {
		reset();
		for (const j of plan) add(j);
	};
	construct(1);
	interchange();
	bestPlan = current();
	bestCovered = coveredWeight(sets, bestPlan);
	const upper = lagrangian(problem, Math.min(deadline, started + (options.timeLimitMs ?? 800) / 4), (plan) => {
		restore(plan);
		const covered = coveredWeight(sets, plan);
		// Polish promising plans only: interchange costs more than a Lagrangian step.
		if (covered > bestCovered * 0.995) {
			interchange();
			const polished = current();
			const c = coveredWeight(sets, polished);
			if (c > bestCovered + 1e-9) [bestPlan, bestCovered] = [polished, c];
		}
	});
	// Iterated local search (Lourenço, Martin & Stützle 2003): kick 1–3 sites of the best plan to
	// random other candidates, descend again, keep the result when it covers more. Every 50th
	// round restarts from a randomised greedy plan instead.
	const movable = () => bestPlan.filter((j) => !fixed.has(j));
	const closed = [...Array(m).keys()].filter((j) => !forbidden.has(j));
	// Stop early once the plan meets the Lagrangian bound: it is then proven optimal.
	for (let round = 1; performance.now() < deadline && bestCovered < upper - 1e-9; round++) {
		if (round % 50 === 0 || movable().length === 0) {
			construct(3);
		} else {
			restore(bestPlan);
			// Kick: move 1–3 random sites of the best plan to random other candidates.
			const kicks = 1 + Math.floor(random() * Math.min(3, movable().length));
			for (let n = 0; n < kicks; n++) {
				const out = movable()[Math.floor(random() * movable().length)]!;
				if (!open[out]) continue;
				let j = closed[Math.floor(random() * closed.length)]!;
				for (let tries = 0; open[j] && tries < 20; tries++) j = closed[Math.floor(random() * closed.length)]!;
				if (open[j]) continue;
				remove(out);
				add(j);
			}
		}
		interchange();
		const plan = current();
		const covered = coveredWeight(sets, plan);
		// Equal plans are accepted too, so the search can walk along plateaus.
		if (covered >= bestCovered - 1e-9) [bestPlan, bestCovered] = [plan, Math.max(covered, bestCovered)];
	}
	const gap = upper > 0 ? Math.max(0, (upper - bestCovered) / upper) : 0;
	return {
		chosen: bestPlan,
		covered: bestCovered,
		total: sets.total,
		optimal: gap < 1e-9,
		gap,
		method: 'heuristic',
		seconds: (performance.now() - started) / 1000
	};
}

/**
 * Lagrangian relaxation of the covering constraints yi ≤ Σ_{j∈Ni} xj (Galvão & ReVelle 1996),
 * minimised by subgradient optimisation (Held, Wolfe & Crowder 1974). For multipliers λ ≥ 0 the
 * relaxed problem splits: yi = 1 where wi > λi, and x takes the k candidates with the largest
 * Σ_{i∈Sj} λi; its value is an upper bound on the optimum, and its x a feasible plan, handed to
 * `visit`. Returns the best (lowest) upper bound found before the deadline.
 */
export function lagrangian(problem: SetProblem, deadline: number, visit: (plan: number[]) => void): number {
	const { sets, k, fixed, forbidden } = problem;
	const n = sets.weights.length;
	const m = sets.byCandidate.length;
	const lambda = Float64Array.from(sets.weights, (w) => w / 2);
	const count = new Int32Array(n);
	const score = new Float64Array(m);
	const free = [...Array(m).keys()].filter((j) => !forbidden.has(j) && !fixed.has(j));
	let best = Infinity;
	let lower = 0;
	let pi = 2;
	let sinceImproved = 0;
	for (let iteration = 0; iteration < 5000 && performance.now() < deadline; iteration++) {
		for (const j of free) {
			let c = 0;
			for (const i of sets.byCandidate[j]!) c += lambda[i]!;
			score[j] = c;
		}
		const plan = [...fixed, ...free.sort((a, b) => score[b]! - score[a]!).slice(0, k - fixed.size)];
		count.fill(0);
		let bound = 0;
		for (const j of plan) {
			for (const i of sets.byCandidate[j]!) count[i]!++;
			if (!fixed.has(j)) bound += score[j]!;
			else for (const i of sets.byCandidate[j]!) bound += lambda[i]!;
		}
		let covered = 0;
		let norm = 0;
		for (let i = 0; i < n; i++) {
			const y = sets.weights[i]! > lambda[i]! ? 1 : 0;
			bound += y * (sets.weights[i]! - lambda[i]!);
			if (count[i]! > 0) covered += sets.weights[i]!;
			const g = y - count[i]!;
			norm += g * g;
		}
		if (covered > lower) {
			lower = covered;
			visit(plan);
		}
		if (bound < best - 1e-9) {
			best = bound;
			sinceImproved = 0;
		} else if (++sinceImproved >= 30) {
			pi /= 2;
			sinceImproved = 0;
		}
		if (norm === 0 || best - lower < 1e-9 || pi < 1e-4) break;
		const step = (pi * (bound - lower)) / norm;
		for (let i = 0; i < n; i++) {
			const y = sets.weights[i]! > lambda[i]! ? 1 : 0;
			lambda[i] = Math.max(0, lambda[i]! + step * (y - count[i]!));
		}
	}
	return best;
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
	// Demand points covered by exactly the same candidates share one y variable (their weights add).
	const groups = new Map<string, { weight: number; by: number[] }>();
	coveredBy.forEach((by, i) => {
		if (sets.weights[i]! <= 0 || by.length === 0) return;
		const key = by.join(',');
		const group = groups.get(key) ?? { weight: 0, by };
		group.weight += sets.weights[i]!;
		groups.set(key, group);
	});
	const merged = [...groups.values()];
	const demand = merged.map((_, g) => g);
	const xs = sets.byCandidate.map((_, j) => `x${j}`);
	return [
		'Maximize',
		` obj:${lines(demand.length ? demand.map((g) => `+ ${merged[g]!.weight} y${g}`) : ['0 x0'])}`,
		'Subject To',
		...demand.map((g) => ` c${g}: y${g}${lines(merged[g]!.by.map((j) => `- x${j}`))} <= 0`),
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
 * bound — or the fast plan, when that covers more or the solver fails (said in `fallback`).
 */
export async function mclpExact(p: McLpProblem, options: { timeLimitSeconds?: number } = {}): Promise<McLpSolution> {
	return exactOnSets(setProblem(p), options);
}

export async function exactOnSets(problem: SetProblem, options: { timeLimitSeconds?: number } = {}): Promise<McLpSolution> {
	const started = performance.now();
	let solved: Omit<McLpSolution, 'seconds' | 'method'> | null = null;
	let failure: string | null = null;
	try {
		solved = await solveWithHighs(problem, options.timeLimitSeconds ?? 30);
	} catch (e) {
		failure = (e as Error).message || String(e);
		// An aborted WebAssembly instance cannot solve again: the next call loads a fresh one.
		solver = undefined;
	}
	// A proven optimum needs no comparison; otherwise the fast plan is the floor: the answer is never worse.
	if (solved?.optimal) return { ...solved, method: 'exact', seconds: (performance.now() - started) / 1000 };
	// The user asked for the thorough plan: the fast plan it falls back on searches longer than the usual 0.8 s.
	const fast = heuristicOnSets(problem, { timeLimitMs: 3000 });
	if (solved && solved.covered >= fast.covered) {
		const gap = await relaxationGap(problem, solved.covered);
		return { ...solved, gap, method: 'exact', seconds: (performance.now() - started) / 1000 };
	}
	return {
		...fast,
		method: 'exact',
		seconds: (performance.now() - started) / 1000,
		fallback: failure
			? `the exact solver failed (${failure}): the fast plan is shown`
			: 'the exact solver found less than the fast plan in its time: the fast plan is shown'
	};
}

/** HiGHS on the MILP; when its time limit stops the search, its best plan (gap unknown: see relaxationGap). */
async function solveWithHighs(problem: SetProblem, timeLimitSeconds: number): Promise<Omit<McLpSolution, 'seconds' | 'method'>> {
	solver ??= highsLoader();
	const highs = await solver;
	const result = highs.solve(lpModel(problem), { time_limit: timeLimitSeconds, mip_rel_gap: 0 });
	if (result.Status !== 'Optimal' && result.Status !== 'Time limit reached') {
		throw new Error(`the solver stopped with status "${result.Status}"`);
	}
	const chosen = problem.sets.byCandidate.map((_, j) => j).filter((j) => (result.Columns[`x${j}`]?.Primal ?? 0) > 0.5);
	if (chosen.length !== problem.k) throw new Error(`the solver found no complete plan in time (${chosen.length} of ${problem.k} sites)`);
	const covered = coveredWeight(problem.sets, chosen);
	const optimal = result.Status === 'Optimal';
	return { chosen, covered, total: problem.sets.total, optimal, gap: optimal ? 0 : Number.NaN };
}

/**
 * The gap of a plan to the LP-relaxation bound. Solved only for a plan that is shown: one below the
 * fast plan is not, and at 61,912 houses the bound alone took up to 30 s.
 */
async function relaxationGap(problem: SetProblem, covered: number): Promise<number> {
	try {
		const bound = (await (solver ??= highsLoader())).solve(lpModel(problem, true), { time_limit: 30 });
		return bound.Status === 'Optimal' && bound.ObjectiveValue > 0 ? Math.max(0, (bound.ObjectiveValue - covered) / bound.ObjectiveValue) : Number.NaN;
	} catch {
		solver = undefined;
		return Number.NaN;
	}
}
