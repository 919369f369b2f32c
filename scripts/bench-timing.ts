import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmbeddedBackend } from '../src/lib/server/embedded/backend';
import pg from 'pg';

/**
 * A database of the bench's own on the PostgreSQL server of `url`: created if missing (kept between
 * runs), or dropped and created again when `fresh`. Answers its URL.
 */
export async function benchDatabase(url: string, name: string, fresh = false): Promise<string> {
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	try {
		if (fresh) await admin.query(`drop database if exists ${name} with (force)`);
		if (!(await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount) await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const database = new URL(url);
	database.pathname = `/${name}`;
	return database.toString();
}

/** The median time of `runs` calls of fn in milliseconds, after one warm-up call (plans and caches). */
export async function medianTime(fn: () => Promise<unknown>, runs: number): Promise<number> {
	await fn();
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await fn();
		samples.push(performance.now() - t);
	}
	return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

/** The 95th percentile of samples. */
export const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * 0.95))]!;

/**
 * The embedded backend's data API behind a real HTTP server on a free port, as supabase-js and the
 * browser reach it (requests arrive as I/O). Answers its base URL (…/supabase) and a close function.
 */
export async function serveOverHttp(backend: EmbeddedBackend): Promise<{ base: string; close: () => void }> {
	const server = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const request = new Request(`http://127.0.0.1${req.url}`, {
			method: req.method,
			headers: req.headers as Record<string, string>,
			body: req.method === 'POST' ? Buffer.concat(chunks) : undefined
		});
		const response = await backend.handle(request, req.url!.replace(/^\/supabase/, ''));
		res.writeHead(response.status, Object.fromEntries(response.headers));
		res.end(Buffer.from(await response.arrayBuffer()));
	});
	// The baseline runs for seconds between two HTTP calls: keep the idle connection open meanwhile,
	// or the client may reuse a socket the server is closing ("other side closed").
	server.keepAliveTimeout = 120_000;
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/supabase`, close: () => server.close() };
}

/** One map read as the map asks it (map_layer, cases, Tây Ninh at zoom 8): its time in ms. */
export async function mapReadOnce(base: string, anonKey: string, token: string): Promise<number> {
	const started = performance.now();
	const response = await fetch(`${base}/rest/v1/rpc/map_layer`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', apikey: anonKey, authorization: `Bearer ${token}` },
		body: JSON.stringify({ layer: 'cases', bbox: [105.7, 10.4, 106.7, 11.95], zoom: 8, max_features: 3000 })
	});
	await response.arrayBuffer();
	return performance.now() - started;
}

/** Map reads one after another for as long as `busy` runs (at least 20): their times. */
export async function mapReadsWhile(busy: Promise<unknown>, read: () => Promise<number>): Promise<number[]> {
	let done = false;
	void busy.finally(() => (done = true));
	const samples: number[] = [];
	while (!done || samples.length < 20) samples.push(await read());
	await busy;
	return samples;
}
