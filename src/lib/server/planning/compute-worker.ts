/**
 * The body of the worker thread that runs one analysis step (started by compute.ts): Gi*, the
 * automatic band, KDE, emerging hot spots and deployment plans with their marginal curve. A module
 * of its own so that the build keeps it in a chunk of its own, which a worker can load.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { chooseBand } from '../../analysis/bandwidth';
import { emergingHotSpots } from '../../analysis/emerging';
import { giStar, type GiStarOptions } from '../../analysis/gistar';
import { kernelDensity } from '../../analysis/kde';
import { exactOnSets, heuristicOnSets, setProblem, type McLpProblem } from '../../analysis/mclp';
import { capacitatedExact, capacitatedGreedy, capacitatedHeuristic } from '../../analysis/capacitated';
import type { LonLat } from '../../analysis/points';
import { serveJob } from '../workers';

/** Where this module is: the worker loads it from here. */
export const WORKER_MODULE = import.meta.url;
/** Marks the worker data of an analysis, so that loading this module anywhere else does nothing. */
export const WORKER_TAG = 'hotspot-atlas:analysis';

export type ComputeJob =
	| { task: 'gistar'; points: LonLat[]; values: Float64Array; options: GiStarOptions }
	| { task: 'band'; points: LonLat[]; values: Float64Array }
	| { task: 'kde'; points: LonLat[]; options: Parameters<typeof kernelDensity>[1] }
	| { task: 'emerging'; points: LonLat[]; slices: Float64Array[]; bandKm: number }
	| { task: 'plan'; problem: McLpProblem & { capacity?: number }; exact: boolean; timeLimitSeconds: number; marginalKs: number[] };

function run(job: ComputeJob): unknown {
	switch (job.task) {
		case 'gistar':
			return giStar(job.points, job.values, job.options);
		case 'band':
			return chooseBand(job.points, job.values);
		case 'kde':
			return kernelDensity(job.points, job.options);
		case 'emerging':
			return emergingHotSpots(job.points, job.slices, { kind: 'distance', bandKm: job.bandKm }, { fdr: true });
		case 'plan':
			return plan(job);
	}
}

/** The plan, and the covered share with each number of sites of the marginal-value curve (fast plans). */
async function plan(job: Extract<ComputeJob, { task: 'plan' }>) {
	const { problem } = job;
	if (problem.capacity !== undefined) {
		// Capacitated: the greedy order gives the curve (a feasible share at every k).
		const capacity = problem.capacity;
		const solution = job.exact
			? await capacitatedExact({ ...problem, capacity }, { timeLimitSeconds: job.timeLimitSeconds })
			: await capacitatedHeuristic({ ...problem, capacity });
		const greedy = capacitatedGreedy({ ...setProblem(problem), k: Math.max(...job.marginalKs, problem.k) }, capacity);
		// More sites of the same capacity never serve less than the plan's (its sharing stays possible), fewer never more.
		const planShare = solution.total ? solution.covered / solution.total : 1;
		const marginal = job.marginalKs.map((k) => {
			const greedyShare = solution.total ? (greedy.servedAfter[k - 1] ?? greedy.servedAfter.at(-1) ?? 0) / solution.total : 1;
			return { k, share: k === problem.k ? planShare : k > problem.k ? Math.max(greedyShare, planShare) : Math.min(greedyShare, planShare) };
		});
		return { solution, marginal };
	}
	// One set of cover sets for the plan and every point of the curve (at 61,912 houses they took 1.4 s each).
	const sets = setProblem(problem);
	const solution = job.exact ? await exactOnSets(sets, { timeLimitSeconds: job.timeLimitSeconds }) : heuristicOnSets(sets);
	const marginal = job.marginalKs.map((k) => {
		const s = k === problem.k ? solution : heuristicOnSets({ ...sets, k }, { timeLimitMs: 120 });
		return { k, share: s.total ? s.covered / s.total : 1 };
	});
	return { solution, marginal };
}

void serveJob(
	isMainThread,
	workerData,
	WORKER_TAG,
	(reply) => parentPort!.postMessage(reply),
	() => run(workerData as ComputeJob)
);
