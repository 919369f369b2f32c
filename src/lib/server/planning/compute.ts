/**
 * The analyses' heavy steps, each run in a worker thread (compute-worker.ts) so that the server's
 * event loop keeps answering every other user — a country-wide Gi* or an exact plan used to stall
 * every map for seconds. At most one fewer than the machine's cores run at once; later ones wait.
 */
import { availableParallelism } from 'node:os';
import type { BandChoice } from '../../analysis/bandwidth';
import type { EmergingResult } from '../../analysis/emerging';
import type { GiStarOptions, GiStarResult } from '../../analysis/gistar';
import type { KdeGrid } from '../../analysis/kde';
import type { McLpProblem, McLpSolution } from '../../analysis/mclp';
import type { LonLat } from '../../analysis/points';
import { WorkerJobError, WorkerPool } from '../workers';
import type { ComputeJob } from './compute-worker';

/** How long one analysis step may take before it is stopped (an exact plan has its own limit inside). */
export const COMPUTE_TIMEOUT_MS = 180_000;
export const COMPUTE_HEAP_MB = 1536;
const pool = new WorkerPool({ concurrency: Math.max(1, availableParallelism() - 1), heapMb: COMPUTE_HEAP_MB, timeoutMs: COMPUTE_TIMEOUT_MS });

async function compute<T>(job: ComputeJob): Promise<T> {
	const { WORKER_MODULE, WORKER_TAG } = await import('./compute-worker');
	try {
		return (await pool.run(WORKER_MODULE, { tag: WORKER_TAG, ...job })) as T;
	} catch (e) {
		if (e instanceof WorkerJobError && e.kind === 'timeout')
			throw new Error(`the analysis took longer than ${COMPUTE_TIMEOUT_MS / 1000} s: choose a smaller area or a larger cell`, { cause: e });
		if (e instanceof WorkerJobError && e.kind === 'memory')
			throw new Error(`the analysis needs more than ${COMPUTE_HEAP_MB} MB of memory: choose a smaller area or a larger cell`, { cause: e });
		throw e;
	}
}

export const giStarOff = (points: LonLat[], values: Float64Array, options: GiStarOptions) => compute<GiStarResult>({ task: 'gistar', points, values, options });
export const chooseBandOff = (points: LonLat[], values: Float64Array) => compute<BandChoice>({ task: 'band', points, values });
export const kernelDensityOff = (points: LonLat[], options: Extract<ComputeJob, { task: 'kde' }>['options']) =>
	compute<KdeGrid>({ task: 'kde', points, options });
export const emergingOff = (points: LonLat[], slices: Float64Array[], bandKm: number) => compute<EmergingResult>({ task: 'emerging', points, slices, bandKm });
/** A plan (capacitated when the problem has a capacity: each chosen site's `served` then comes with it) and its marginal curve. */
export const planOff = (problem: McLpProblem & { capacity?: number }, exact: boolean, timeLimitSeconds: number, marginalKs: number[]) =>
	compute<{ solution: McLpSolution & { served?: number[] }; marginal: { k: number; share: number }[] }>({
		task: 'plan',
		problem,
		exact,
		timeLimitSeconds,
		marginalKs
	});
