/**
 * `npm run demo -- [--scale N] [--data-dir DIR] [--reset]`
 * Generates the deterministic demo data set into a data dir (PGlite) or DATABASE_URL.
 * --scale N sets the number of cases (default 3000; 1,000,000 works for benchmarks).
 *
 * On a Supabase project (PUBLIC_SUPABASE_URL set): the demo accounts are made through its auth admin
 * API (SUPABASE_SERVICE_ROLE_KEY) and the demo data is written through SQL (DATABASE_URL, the
 * project's connection string), after `npm run db:push` has applied the migrations.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EmbeddedBackend } from '../src/lib/server/embedded/backend';
import { readConfig } from '../src/lib/server/config';
import { openDatabase } from '../src/lib/server/db';
import { DEMO_PASSWORD, DEMO_USERS, demoInfo, seedDemo } from '../src/lib/server/demo/seed';
import { DEFAULT_CASES } from '../data/demo/generate';
import { AccountError, ensureAccount, serviceClient } from './accounts';

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

function fail(message: string, code = 2): never {
	console.error(message);
	process.exit(code);
}

const scale = values.scale === undefined ? DEFAULT_CASES : Number(values.scale);
if (!Number.isInteger(scale) || scale < 0 || scale > 20_000_000) {
	fail(`--scale must be a whole number of cases between 0 and 20,000,000, got "${values.scale}"`);
}
const config = readConfig(process.env);
const started = Date.now();

if (config.mode === 'supabase') {
	if (values.reset || values['data-dir']) fail('--reset and --data-dir are for the embedded backend; on a Supabase project reset the database yourself.');
	if (!config.databaseUrl) {
		fail("the demo data is written through SQL: set DATABASE_URL to the project's connection string (Dashboard → Connect → Direct or Session pooler)");
	}
	const service = await serviceClient(config, process.env).catch((e: unknown) => fail(e instanceof AccountError ? e.message : String(e)));
	try {
		for (const user of DEMO_USERS) {
			const { created } = await ensureAccount(service.client, {
				email: user.email,
				password: DEMO_PASSWORD,
				role: user.role,
				unit: user.unit,
				name: user.name,
				appMetadata: { demo: true },
				// Profiles come with the data (seedDemo): the official's district is made there.
				setProfile: false
			});
			console.log(`${created ? 'created' : 'kept'} demo account ${user.email} (${user.role})`);
		}
	} catch (e) {
		fail(e instanceof AccountError ? e.message : String(e));
	} finally {
		await service.close();
	}
	const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: '' });
	try {
		const result = await seedDemo(db, {
			cases: scale,
			accounts: 'existing',
			onProgress: (done, total) => {
				if (done === total || done % 100_000 === 0) console.log(`demo cases ${done}/${total}`);
			}
		});
		const info = await demoInfo(db);
		if (!result.seeded && info && info.cases !== scale) fail(`the project already holds demo data with ${info.cases} cases`, 1);
		console.log(
			`demo data (${info?.cases} cases, seed ${info?.seed}) ${result.seeded ? 'written to' : 'already in'} the Supabase project in ${((Date.now() - started) / 1000).toFixed(1)} s; sign in with ${DEMO_USERS[0].email} / ${DEMO_PASSWORD}`
		);
	} finally {
		await db.close();
	}
	process.exit(0);
}

const dataDir = resolve(values['data-dir'] ?? config.dataDir);
if (values.reset) {
	if (config.databaseUrl) fail('--reset only removes an embedded data dir; reset a PostgreSQL database yourself.');
	rmSync(dataDir, { recursive: true, force: true });
}

const backend = await EmbeddedBackend.start({
	dataDir,
	databaseUrl: config.databaseUrl,
	demo: true,
	demoCases: scale,
	log: (m) => console.log(m)
});
const info = await backend.demoInfo();
await backend.close();
if (info && info.cases !== scale) {
	fail(`${dataDir} already holds demo data with ${info.cases} cases; run again with --reset to regenerate it with ${scale}.`, 1);
}
console.log(`demo data (${info?.cases} cases, seed ${info?.seed}) ready in ${dataDir} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
