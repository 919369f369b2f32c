/**
 * Work that would hold the event loop — reading an uploaded file, a country-wide Gi*, choosing a
 * band, a deployment plan — runs in a worker thread: the loop that serves every user (and,
 * embedded, hosts the database) stays free, so one user's heavy job does not freeze anyone's map.
 * Each job gets a fresh worker with its own heap and time limit; a pool lets at most `concurrency`
 * jobs run at once and queues the rest in order.
 */
import { Worker } from 'node:worker_threads';

/**
 * Source TypeScript (vite dev, vitest, the CLI) runs in the worker through tsx's loader; the build's
 * chunk is plain JavaScript and loads directly.
 */
const TS_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import('tsx/esm/api').then((tsx) => { tsx.register(); return import(workerData.module); });
`;

/** What a worker module answers: its result, or why it failed. */
export type WorkerReply = { ok: true; result: unknown } | { ok: false; message: string; kind?: string };

/** A failed job: the worker's words and the kind of error it reported (or 'memory' / 'timeout'). */
export class WorkerJobError extends Error {
	constructor(
		message: string,
		readonly kind: string | undefined
	) {
		super(message);
	}
}

export interface PoolOptions {
	concurrency: number;
	heapMb: number;
	timeoutMs: number;
}

export class WorkerPool {
	#running = 0;
	readonly #waiting: (() => void)[] = [];

	constructor(private readonly options: PoolOptions) {}

	async #slot(): Promise<() => void> {
		if (this.#running >= this.options.concurrency) await new Promise<void>((resolve) => this.#waiting.push(resolve));
		this.#running++;
		return () => {
			this.#running--;
			this.#waiting.shift()?.();
		};
	}

	/**
	 * Runs a worker module (its own `import.meta.url`) with this data and returns what it posts back.
	 * The data needs the module's tag so that loading the module anywhere else does nothing. An
	 * aborted signal stops the worker (and rejects with kind 'aborted').
	 */
	async run(module: string, data: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
		const release = await this.#slot();
		const { heapMb, timeoutMs } = this.options;
		const options = { workerData: { ...data, module }, resourceLimits: { maxOldGenerationSizeMb: heapMb }, stdout: false, stderr: false };
		const worker = module.endsWith('.ts') ? new Worker(TS_BOOTSTRAP, { ...options, eval: true }) : new Worker(new URL(module), options);
		let timer: ReturnType<typeof setTimeout> | undefined;
		let onAbort: (() => void) | undefined;
		try {
			return await new Promise((resolve, reject) => {
				timer = setTimeout(() => reject(new WorkerJobError(`took longer than ${timeoutMs / 1000} s`, 'timeout')), timeoutMs);
				onAbort = () => reject(new WorkerJobError('stopped', 'aborted'));
				if (signal?.aborted) onAbort();
				signal?.addEventListener('abort', onAbort);
				worker.once('message', (reply: WorkerReply) => (reply.ok ? resolve(reply.result) : reject(new WorkerJobError(reply.message, reply.kind))));
				worker.once('error', (e: Error & { code?: string }) =>
					reject(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new WorkerJobError(`needs more than ${heapMb} MB of memory`, 'memory') : e)
				);
				worker.once('exit', (code) => reject(new WorkerJobError(`the worker stopped (exit code ${code}) before answering`, 'exit')));
			});
		} finally {
			clearTimeout(timer);
			if (onAbort) signal?.removeEventListener('abort', onAbort);
			void worker.terminate();
			release();
		}
	}
}

/** Runs a worker module's job body when this thread is a worker started for it (tag matches). */
export async function serveJob(
	isMain: boolean,
	data: unknown,
	tag: string,
	post: (reply: WorkerReply) => void,
	job: () => Promise<unknown> | unknown
): Promise<void> {
	if (isMain || (data as { tag?: string } | undefined)?.tag !== tag) return;
	try {
		post({ ok: true, result: await job() });
	} catch (e) {
		post({ ok: false, message: e instanceof Error ? e.message : String(e), kind: e instanceof Error ? e.constructor.name : undefined });
	}
}
