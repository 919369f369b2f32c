/**
 * `npm run demo -- [--scale N] [--seed S] [--data-dir DIR] [--reset]`
 * Generates the deterministic demo data set into a data dir (PGlite) or DATABASE_URL.
 * --scale N sets the number of cases (default 3000; 1,000,000 works for benchmarks).
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedBackend } from '../src/lib/server/embedded/backend';
import { DEFAULT_CASES } from '../data/demo/generate';

const { values } = parseArgs({
	options: {
		scale: { type: 'string' },
		'data-dir': { type: 'string' },
		reset: { type: 'boolean', default: false },
		help: { type: 'boolean', short: 'h', default: false }
	}
});

if (values.help) {
	console.log('usage: npm run demo -- [--scale N] [--data-dir DIR] [--reset]');
	process.exit(0);
}

const scale = values.scale === undefined ? DEFAULT_CASES : Number(values.scale);
if (!Number.isInteger(scale) || scale < 0 || scale > 20_000_000) {
	console.error(`--scale must be a whole number of cases between 0 and 20,000,000, got "${values.scale}"`);
	process.exit(2);
}
const dataDir = resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data');
if (values.reset) {
	if (process.env.DATABASE_URL) {
		console.error('--reset only removes an embedded data dir; reset a PostgreSQL database yourself.');
		process.exit(2);
	}
	rmSync(dataDir, { recursive: true, force: true });
}

const started = Date.now();
const backend = await EmbeddedBackend.start({
	dataDir,
	databaseUrl: process.env.DATABASE_URL,
	demo: true,
	demoCases: scale,
	log: (m) => console.log(m)
});
const info = await backend.demoInfo();
await backend.close();
if (info && info.cases !== scale) {
	console.error(`${dataDir} already holds demo data with ${info.cases} cases; run again with --reset to regenerate it with ${scale}.`);
	process.exit(1);
}
console.log(`demo data (${info?.cases} cases, seed ${info?.seed}) ready in ${dataDir} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
