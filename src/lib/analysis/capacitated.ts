/**
 * Capacitated maximal covering (Current & Storbeck 1988; Pirkul & Schilling 1991): an open site
 * serves at most `capacity` of the demand within its radius (what one team reaches in a campaign),
 * and a demand point's weight may be split between the sites that reach it. spopt and ArcGIS's
 * location-allocation "maximize coverage" have no capacity; here a plan respects one.
 *
 * Exact: the mixed-integer programme  max Σ a_ij  s.t.  Σ_j a_ij ≤ w_i,  Σ_i a_ij ≤ C x_j,
 * Σ x_j = k, x binary, a ≥ 0 over pairs within the radius, solved by HiGHS. Fast: greedy opening of
 * the site that can serve most of what is still unserved (its nearest-in-alternatives demand
 * first), then the best assignment of the chosen sites (the same programme with x fixed, a linear
 * programme) — so the figure a plan shows is always the most its sites can serve.
 */
import highsLoader from 'highs';
import { setProblem, validateProblem, type CoverSets, type McLpProblem, type McLpSolution, type SetProblem } from './mclp';

export interface CapacitatedProblem extends McLpProblem {
	/** Most demand weight one site serves. */
	capacity: number;
}

export interface CapacitatedSolution extends McLpSolution {
	/** Weight each chosen site serves (same order as `chosen`). */
	served: number[];
}

type Highs = Awaited<ReturnType<typeof highsLoader>>;
let solver: Promise<Highs> | undefined;

export function validateCapacitated(p: CapacitatedProblem): void {
	validateProblem(p);
	if (!(p.capacity > 0) || !Number.isFinite(p.capacity)) throw new Error(`capacity must be a positive number, got ${p.capacity}`);
}

const lines = (terms: string[]) => terms.reduce((acc, t, n) => acc + (n && n % 12 === 0 ? '\n  ' : ' ') + t, '');

/** The CPLEX-LP model over the candidates in `sites` (all, for the plan; the chosen ones, to assign). */
function model(problem: SetProblem, capacity: number, sites: readonly number[], open: 'choose' | 'fixed'): { text: string; pairs: [number, number][] } {
	const { sets, k, fixed, forbidden } = problem;
	const pairs: [number, number][] = [];
	for (const j of sites) for (const i of sets.byCandidate[j]!) if (sets.weights[i]! > 0) pairs.push([i, j]);
	const byDemand = new Map<number, string[]>();
	const bySite = new Map<number, string[]>();
	pairs.forEach(([i, j], n) => {
		if (!byDemand.has(i)) byDemand.set(i, []);
		if (!bySite.has(j)) bySite.set(j, []);
		byDemand.get(i)!.push(`a${n}`);
		bySite.get(j)!.push(`a${n}`);
	});
	const objective = pairs.length ? pairs.map((_, n) => `+ a${n}`) : ['0 x0'];
	const text = [
		'Maximize',
		` obj:${lines(objective)}`,
		'Subject To',
		...[...byDemand].map(([i, vars]) => ` d${i}:${lines(vars.map((v) => `+ ${v}`))} <= ${sets.weights[i]}`),
		...[...bySite].map(([j, vars]) => ` s${j}:${lines(vars.map((v) => `+ ${v}`))} - ${capacity} x${j} <= 0`),
		...(open === 'choose' ? [` k:${lines(sites.map((j) => `+ x${j}`))} = ${k}`] : []),
		'Bounds',
		...sites.map((j) => (open === 'fixed' ? ` x${j} = 1` : fixed.has(j) ? ` x${j} = 1` : forbidden.has(j) ? ` x${j} = 0` : ` 0 <= x${j} <= 1`)),
		...(open === 'choose' ? ['General', ` ${lines(sites.map((j) => `x${j}`))}`] : []),
		'End'
	].join('\n');
	return { text, pairs };
}

/** What each chosen site serves when the chosen sites share the demand as well as they can (an LP). */
export async function assignCapacitated(sets: CoverSets, chosen: readonly number[], capacity: number): Promise<{ covered: number; served: number[] }> {
	if (chosen.length === 0) return { covered: 0, served: [] };
	solver ??= highsLoader();
	const highs = await solver;
	const problem: SetProblem = { sets, k: chosen.length, fixed: new Set(chosen), forbidden: new Set() };
	const { text, pairs } = model(problem, capacity, chosen, 'fixed');
	const result = highs.solve(text);
	if (result.Status !== 'Optimal') throw new Error(`the assignment stopped with status "${result.Status}"`);
	const bySite = new Map<number, number>();
	pairs.forEach(([, j], n) => bySite.set(j, (bySite.get(j) ?? 0) + (result.Columns[`a${n}`]?.Primal ?? 0)));
	return { covered: result.ObjectiveValue, served: chosen.map((j) => bySite.get(j) ?? 0) };
}

/**
 * Greedy order of sites (fixed ones first): each time the site that can serve most of the demand
 * still unserved, serving first the points fewest other candidates reach. Returns the order and the
 * weight served after each opening (a feasible assignment: a lower bound at every k).
 */
export function capacitatedGreedy(problem: SetProblem, capacity: number, upTo = problem.k): { order: number[]; servedAfter: number[] } {
	const { sets, fixed, forbidden } = problem;
	const residual = Float64Array.from(sets.weights);
	const reach = new Int32Array(sets.weights.length);
	sets.byCandidate.forEach((list, j) => {
		if (!forbidden.has(j)) for (const i of list) reach[i]!++;
	});
	const open = new Set<number>();
	const order: number[] = [];
	const servedAfter: number[] = [];
	let served = 0;
	const gain = (j: number) => {
		let sum = 0;
		for (const i of sets.byCandidate[j]!) sum += residual[i]!;
		return Math.min(capacity, sum);
	};
	const openSite = (j: number) => {
		open.add(j);
		order.push(j);
		for (const i of sets.byCandidate[j]!) reach[i]!--;
		let left = capacity;
		const points = [...sets.byCandidate[j]!].filter((i) => residual[i]! > 0).sort((a, b) => reach[a]! - reach[b]! || a - b);
		for (const i of points) {
			if (left <= 0) break;
			const take = Math.min(left, residual[i]!);
			residual[i]! -= take;
			left -= take;
			served += take;
		}
		servedAfter.push(served);
	};
	for (const j of [...fixed].sort((a, b) => a - b)) openSite(j);
	while (order.length < upTo) {
		let best = -1;
		let bestGain = -1;
		for (let j = 0; j < sets.byCandidate.length; j++) {
			if (open.has(j) || forbidden.has(j)) continue;
			const g = gain(j);
			if (g > bestGain) [best, bestGain] = [j, g];
		}
		if (best < 0) break;
		openSite(best);
	}
	return { order, servedAfter };
}

/** The fast capacitated plan: greedy sites, then their best assignment. */
export async function capacitatedHeuristic(p: CapacitatedProblem): Promise<CapacitatedSolution> {
	validateCapacitated(p);
	const started = performance.now();
	const problem = setProblem(p);
	const { order } = capacitatedGreedy(problem, p.capacity);
	const chosen = [...order].sort((a, b) => a - b);
	const { covered, served } = await assignCapacitated(problem.sets, chosen, p.capacity);
	return {
		chosen,
		covered,
		served,
		total: problem.sets.total,
		optimal: false,
		gap: Number.NaN,
		method: 'heuristic',
		seconds: (performance.now() - started) / 1000
	};
}

/** The exact capacitated plan (HiGHS); the fast plan when the solver fails or finds less in its time (said in `fallback`). */
export async function capacitatedExact(p: CapacitatedProblem, options: { timeLimitSeconds?: number } = {}): Promise<CapacitatedSolution> {
	validateCapacitated(p);
	const started = performance.now();
	const problem = setProblem(p);
	const all = problem.sets.byCandidate.map((_, j) => j);
	let exact: CapacitatedSolution | null = null;
	let failure: string | null = null;
	try {
		solver ??= highsLoader();
		const highs = await solver;
		const result = highs.solve(model(problem, p.capacity, all, 'choose').text, { time_limit: options.timeLimitSeconds ?? 30, mip_rel_gap: 0 });
		if (result.Status !== 'Optimal' && result.Status !== 'Time limit reached') throw new Error(`the solver stopped with status "${result.Status}"`);
		const chosen = all.filter((j) => (result.Columns[`x${j}`]?.Primal ?? 0) > 0.5);
		if (chosen.length !== p.k) throw new Error(`the solver found no complete plan in time (${chosen.length} of ${p.k} sites)`);
		const { covered, served } = await assignCapacitated(problem.sets, chosen, p.capacity);
		const optimal = result.Status === 'Optimal';
		exact = { chosen, covered, served, total: problem.sets.total, optimal, gap: optimal ? 0 : Number.NaN, method: 'exact', seconds: 0 };
	} catch (e) {
		failure = (e as Error).message || String(e);
		solver = undefined;
	}
	const seconds = () => (performance.now() - started) / 1000;
	if (exact?.optimal) return { ...exact, seconds: seconds() };
	const fast = await capacitatedHeuristic(p);
	if (exact && exact.covered >= fast.covered) return { ...exact, seconds: seconds() };
	return {
		...fast,
		method: 'exact',
		seconds: seconds(),
		fallback: failure
			? `the exact solver failed (${failure}): the fast plan is shown`
			: 'the exact solver found less than the fast plan in its time: the fast plan is shown'
	};
}
