/**
 * Uploaded files are read in a worker thread, never on the event loop that serves every user (and,
 * embedded, hosts the database): each file gets its own heap (PARSE_HEAP_MB) and PARSE_TIMEOUT_MS;
 * a file that needs more is refused with a message and the server carries on. At most
 * PARSE_CONCURRENCY files are read at once; later uploads wait their turn.
 */
import type { Table } from './parse.server';
import type { BoundaryFeature } from './boundaries.server';
import { FileFormatError } from './errors';
import { PARSE_CONCURRENCY, PARSE_HEAP_MB, PARSE_TIMEOUT_MS } from './limits';
import type { UploadJob } from './upload-worker';
import { WorkerJobError, WorkerPool } from '$lib/server/workers';

const pool = new WorkerPool({ concurrency: PARSE_CONCURRENCY, heapMb: PARSE_HEAP_MB, timeoutMs: PARSE_TIMEOUT_MS });

async function inWorker(task: UploadJob['task'], name: string, bytes: Uint8Array): Promise<unknown> {
	const { WORKER_MODULE, WORKER_TAG } = await import('./upload-worker');
	try {
		return await pool.run(WORKER_MODULE, { tag: WORKER_TAG, task, name, bytes } satisfies UploadJob);
	} catch (e) {
		if (!(e instanceof WorkerJobError)) throw e;
		if (e.kind === 'FileFormatError') throw new FileFormatError(e.message);
		if (e.kind === 'timeout') throw new FileFormatError(`reading the file took longer than ${PARSE_TIMEOUT_MS / 1000} s: split it into smaller files`);
		if (e.kind === 'memory') throw new FileFormatError(`reading the file needs more than ${PARSE_HEAP_MB} MB of memory: split it into smaller files`);
		if (e.kind === 'exit') throw new Error(`the file reader stopped before answering (${e.message})`, { cause: e });
		throw new FileFormatError(`the file could not be read (${e.message.slice(0, 200)})`);
	}
}

/** An import file as one table (parse.server.ts `readTable`), read in a worker. */
export async function readUploadTable(name: string, bytes: Uint8Array): Promise<Table> {
	return (await inWorker('table', name, bytes)) as Table;
}

/** A boundary file's features (boundaries.server.ts `readBoundaries`), read in a worker. */
export async function readUploadBoundaries(name: string, bytes: Uint8Array): Promise<BoundaryFeature[]> {
	return (await inWorker('boundaries', name, bytes)) as BoundaryFeature[];
}
