#!/usr/bin/env node
/**
 * `npm start`: builds the app when the build is missing or older than its sources, then runs the
 * production server (adapter-node's handler) on the embedded database. Honours PORT, HOST, DATA_DIR
 * and SHUTDOWN_TIMEOUT.
 *
 * The HTTP server is ours rather than adapter-node's so that every response, static files included,
 * carries the security headers, and so that SIGTERM / SIGINT stop it within seconds: no new
 * connections, in-flight requests get SHUTDOWN_TIMEOUT seconds (default 5) and are then cut, then the
 * app closes its database (hooks.server.ts) and the process exits.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_MARKER = 'build/handler.js';
const SOURCES = ['src', 'static', 'data', 'svelte.config.js', 'vite.config.ts', 'package.json', 'package-lock.json'];

/** Newest modification time below a path (files only), skipping generated basemap files. */
function newest(path) {
	if (!existsSync(path)) return 0;
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let latest = 0;
	for (const entry of readdirSync(path)) {
		if (path === 'static' && entry === 'basemap') continue;
		latest = Math.max(latest, newest(join(path, entry)));
	}
	return latest;
}

const builtAt = existsSync(BUILD_MARKER) ? statSync(BUILD_MARKER).mtimeMs : 0;
const sourcesAt = Math.max(...SOURCES.map(newest));
if (builtAt < sourcesAt) {
	console.log(builtAt ? 'Sources changed since the last build: rebuilding…' : 'No build yet: building…');
	const result = spawnSync('npm', ['run', 'build'], { stdio: 'inherit', shell: process.platform === 'win32' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

// Import files of officials (100,000 rows of Excel) fit; larger requests are refused.
process.env.BODY_SIZE_LIMIT ??= '32M';
// adapter-node assumes https unless told the origin; SvelteKit's CSRF check compares form posts
// with it. Behind a proxy or on another host name, set ORIGIN to the URL users open.
const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : 'localhost';
process.env.ORIGIN ??= `http://${host}:${process.env.PORT ?? '3000'}`;
// Files this process writes (the database, the JWT secret) are the user's alone.
process.umask(0o077);

/** Headers of every response; SvelteKit's hooks set the same on pages (src/hooks.server.ts). */
const SECURITY_HEADERS = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'same-origin',
	'x-frame-options': 'SAMEORIGIN',
	'permissions-policy': 'camera=(), microphone=(), geolocation=(self)'
};

const port = Number(process.env.PORT ?? 3000);
const listenHost = process.env.HOST ?? '0.0.0.0';
// Where this server answers on this machine: the data directory's lock says so, for the CLI's backup.
process.env.HOTSPOT_LOCAL_URL = `http://${['0.0.0.0', '::', ''].includes(listenHost) ? '127.0.0.1' : listenHost}:${port}`;

let handler;
try {
	// Importing the handler starts the app: the database opens (or the start fails) here.
	({ handler } = await import(new URL('../build/handler.js', import.meta.url).href));
} catch (e) {
	console.error(`\nHotspot Atlas could not start: ${e?.message ?? e}\n`);
	process.exit(1);
}

const server = http.createServer((req, res) => {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
	handler(req, res);
});
// An idle kept-alive connection stays open longer than clients keep theirs before reusing it
// (Node's 5 s made a client that reused one at that moment meet a closed socket: ECONNRESET, EPIPE).
// headersTimeout must exceed it. KEEP_ALIVE_TIMEOUT (seconds) as adapter-node reads it.
server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_TIMEOUT ?? 65) * 1000;
server.headersTimeout = server.keepAliveTimeout + 1000;
server.on('error', (e) => {
	console.error(`\nHotspot Atlas could not listen on ${listenHost}:${port}: ${e.message}\n`);
	process.exit(1);
});
server.listen(port, listenHost, () => console.log(`Listening on http://${listenHost}:${port}`));

const shutdownSeconds = Number(process.env.SHUTDOWN_TIMEOUT ?? 5);
let stopping = false;
function stop(signal) {
	if (stopping) {
		console.log(`${signal} again: exiting now.`);
		process.exit(1);
	}
	stopping = true;
	console.log(`${signal}: stopping (in-flight requests get ${shutdownSeconds} s)…`);
	server.close(() => process.emit('sveltekit:shutdown', signal));
	server.closeIdleConnections();
	setTimeout(() => server.closeAllConnections(), shutdownSeconds * 1000).unref();
	// Should closing the database hang, the process still ends.
	setTimeout(
		() => {
			console.error('The database did not close in time: exiting.');
			process.exit(1);
		},
		(shutdownSeconds + 10) * 1000
	).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
