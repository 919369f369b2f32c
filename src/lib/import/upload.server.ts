/**
 * Uploaded files are read in a worker thread, never on the event loop that serves every user (and,
 * embedded, hosts the database): each file gets its own heap (PARSE_HEAP_MB) and PARSE_TIMEOUT_MS;
 * a file that needs more is refused with a message and the server carries on. At most
 * PARSE_CONCURRENCY files are read at once; later uploads wait their turn.
 */
import { Worker } from 'node:worker_threads';
import type { Table } from './parse.server';
import type { BoundaryFeature } from './boundaries.server';
import { FileFormatError } from './errors';
import { PARSE_CONCURRENCY, PARSE_HEAP_MB, PARSE_TIMEOUT_MS } from './limits';
import type { UploadJob, UploadReply } from './upload-worker';

let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
	if (running >= PARSE_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	return () => {
		running--;
		waiting.shift()?.();
	};
}

/**
 * Source TypeScript (vite dev, vitest) runs in the worker through tsx's loader; the build's chunk is
 * plain JavaScript and loads directly.
 */
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then((tsx) => { tsx.register(); return import(workerData.module); });
`;

async function inWorker(task: UploadJob['task'], name: string, bytes: Uint8Array): Promise<unknown> {
	const release = await slot();
	const { WORKER_MODULE, WORKER_TAG } = await import('./upload-worker');
	const job: UploadJob & { module: string } = { tag: WORKER_TAG, task, name, bytes, module: WORKER_MODULE };
	const options = { workerData: job, resourceLimits: { maxOldGenerationSizeMb: PARSE_HEAP_MB }, stdout: false, stderr: false };
	const worker = WORKER_MODULE.endsWith('.ts') ? new Worker(TS_BOOTSTRAP, { ...options, eval: true }) : new Worker(new URL(WORKER_MODULE), options);
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		return await new Promise((resolve, reject) => {
			timer = setTimeout(
				() => reject(new FileFormatError(`reading the file took longer than ${PARSE_TIMEOUT_MS / 1000} s: split it into smaller files`)),
				PARSE_TIMEOUT_MS
			);
			worker.once('message', (reply: UploadReply) => {
				if (reply.ok) resolve(reply.result);
				else reject(reply.format ? new FileFormatError(reply.message) : new FileFormatError(`the file could not be read (${reply.message.slice(0, 200)})`));
			});
			worker.once('error', (e: Error & { code?: string }) => {
				if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
					reject(new FileFormatError(`reading the file needs more than ${PARSE_HEAP_MB} MB of memory: split it into smaller files`));
				else reject(e);
			});
			worker.once('exit', (code) => reject(new Error(`the file reader stopped (exit code ${code}) before answering`)));
		});
	} finally {
		clearTimeout(timer);
		void worker.terminate();
		release();
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
