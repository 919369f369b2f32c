#!/usr/bin/env node
/**
 * `npm start`: builds the app when the build is missing or older than its sources, then runs the
 * production server (adapter-node) on the embedded database. Honours PORT, HOST and DATA_DIR.
 */
import { spawnSync } from 'node:child_process';
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
await import(new URL('../build/index.js', import.meta.url).href);
