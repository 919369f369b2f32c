/**
 * The body of the worker thread that reads one uploaded file (started by upload.server.ts). It is a
 * module of its own so that the build keeps it in a chunk of its own, which a worker can load.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readTable } from './parse.server';
import { readBoundaries } from './boundaries.server';
import { serveJob } from '$lib/server/workers';

/** Where this module is: the worker loads it from here. */
export const WORKER_MODULE = import.meta.url;
/** Marks the worker data of an upload, so that loading this module anywhere else does nothing. */
export const WORKER_TAG = 'hotspot-atlas:read-upload';

export interface UploadJob {
	tag: typeof WORKER_TAG;
	task: 'table' | 'boundaries';
	name: string;
	bytes: Uint8Array;
}

serveJob(
	isMainThread,
	workerData,
	WORKER_TAG,
	(reply) => parentPort!.postMessage(reply),
	() => {
		const job = workerData as UploadJob;
		return job.task === 'table' ? readTable(job.name, job.bytes) : readBoundaries(job.name, job.bytes);
	}
);
