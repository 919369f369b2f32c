import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomLcg } from 'd3-random';
import { fileForm, Session, startApp, startProcess, stopApp, type RunningApp } from '../helpers/app';
import { kmzBomb, shapefileBomb, xlsxWidthBomb } from '../helpers/bombs';

/** Resident memory of a process in MB (Linux). */
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** Every file and directory below a path. */
const walk = (path: string): string[] => (statSync(path).isDirectory() ? [path, ...readdirSync(path).flatMap((e) => walk(join(path, e)))] : [path]);

/** A boarding-house file of `rows` rows spread over Tây Ninh's industrial belt, labelled by `tag`. */
function houses(tag: string, rows: number): Uint8Array {
	const random = randomLcg(rows);
	const lines = ['Tên dãy trọ;Số công nhân;Số phòng;Kinh độ;Vĩ độ'];
	for (let i = 0; i < rows; i++)
		lines.push(`Dãy trọ ${tag}-${i};${10 + (i % 90)};${1 + (i % 30)};${(106.25 + random() * 0.3).toFixed(5)};${(10.95 + random() * 0.25).toFixed(5)}`);
	return new TextEncoder().encode(lines.join('\n'));
}

/**
 * `npm run cli -- …` on the data directory. Run without blocking this process: a synchronous child
 * of many seconds stalls the HTTP client's timers, which then reuses a kept-alive socket the server
 * closed meanwhile (write EPIPE on the next request, seen in CI).
 */
const cli = (dataDir: string, ...args: string[]) =>
	new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
		execFile(
			process.execPath,
			['--import', 'tsx', 'scripts/cli.ts', ...args],
			{ env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' },
			(error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr })
		);
	});

/** How many boarding houses carry the tag, as an admin reads them. */
async function stored(admin: Session, tag: string): Promise<number> {
	const response = await admin.fetch(`/api/records/boarding_houses?q=${encodeURIComponent(`Dãy trọ ${tag}-`)}&limit=5000`);
	expect(response.status).toBe(200);
	return ((await response.json()) as { total: number }).total;
}

/**
 * The server as an operator runs it (`node scripts/start.js`, the embedded database in a data
 * directory): started twice, flooded with hostile uploads, stopped, killed and restarted.
 */
describe('the server process', () => {
	let dataDir: string;
	let app: RunningApp;

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'hotspot-process-'));
		app = await startApp({ DATA_DIR: dataDir, DEMO_CASES: '300' });
	});

	afterAll(async () => {
		if (app) await stopApp(app);
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	it('refuses a second server on the same data directory, naming the directory and the holder', async () => {
		const second = await startProcess({ DATA_DIR: dataDir });
		expect(await second.exited).toBe(1);
		expect(second.output()).toContain(`the data directory ${dataDir} is in use by process ${app.child.pid}`);
		expect(second.output()).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
		expect((await fetch(`${app.origin}/login`)).status).toBe(200);
	});

	it('keeps the data directory private to its user', () => {
		expect(statSync(dataDir).mode & 0o777).toBe(0o700);
		const open = walk(dataDir).filter((p) => (statSync(p).mode & 0o077) !== 0);
		expect(open).toEqual([]);
	});

	it('sends the security headers with static files as with pages', async () => {
		for (const path of ['/favicon.svg', '/login']) {
			const response = await fetch(`${app.origin}${path}`);
			expect(response.status, path).toBe(200);
			expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(response.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
		}
	});

	it('sends the map compressed, revalidates what the browser kept, and never lets it keep exact cases', async () => {
		const planner = await Session.signIn(app.origin, 'planner@demo.vn');
		const path = '/api/map/boarding_houses?bbox=105.5,10.5,107,12&zoom=9';
		const plain = await planner.fetch(path, { headers: { 'accept-encoding': 'identity' } });
		const plainBytes = (await plain.arrayBuffer()).byteLength;
		// Node's fetch decodes the body; the header says what travelled.
		const packed = await planner.fetch(path, { headers: { 'accept-encoding': 'br, gzip' } });
		expect(packed.headers.get('content-encoding')).toBe('br');
		expect(packed.headers.get('cache-control')).toBe('private, no-cache');
		expect((await packed.arrayBuffer()).byteLength).toBe(plainBytes);
		const etag = packed.headers.get('etag')!;
		const again = await planner.fetch(path, { headers: { 'accept-encoding': 'br', 'if-none-match': etag } });
		expect(again.status).toBe(304);
		const investigator = await Session.signIn(app.origin, 'investigator@demo.vn');
		const exact = await investigator.fetch('/api/map/cases?bbox=102,8,110,24&zoom=12');
		expect(exact.status).toBe(200);
		expect(exact.headers.get('cache-control')).toBe('private, no-store');
	});

	it('refuses every upload bomb with a message and goes on serving everyone', async () => {
		const official = await Session.signIn(app.origin, 'official@demo.vn');
		const admin = await Session.signIn(app.origin, 'admin@demo.vn');
		const refusals: [Session, string, FormData, RegExp][] = [
			[official, '/data/import?/check', fileForm({ kind: 'boarding_houses' }, 'nha-tro.xlsx', await xlsxWidthBomb()), /cell XFD1 has a value/],
			[official, '/data/import?/check', fileForm({ kind: 'model_sites' }, 'bom.kmz', kmzBomb()), /would unpack to 1024 MB/],
			[admin, '/data/boundaries?/check', fileForm({}, 'ranh-gioi.zip', shapefileBomb()), /would unpack to 1200 MB/],
			[
				official,
				'/data/import?/check',
				fileForm({ kind: 'boarding_houses' }, 'a.geojson', new TextEncoder().encode('{"type":"FeatureCollection","features":[null,5,{}]}')),
				/feature 1 is not a GeoJSON Feature object/
			]
		];
		const before = rssMb(app.child.pid!);
		for (const [session, path, form, message] of refusals) {
			const answer = await session.action(path, form);
			expect(answer.status, path).toBe(400);
			expect(answer.text).toMatch(message);
		}
		expect(rssMb(app.child.pid!) - before).toBeLessThan(500);
		// Garbage instead of a form is a 400, not a 500.
		const garbage = await official.fetch('/data/import?/check', {
			method: 'POST',
			headers: { 'content-type': 'multipart/form-data; boundary=x', 'x-sveltekit-action': 'true' },
			body: 'not multipart at all'
		});
		expect(garbage.status).toBe(400);
		// The server still serves: a planner signs in and loads the map.
		const planner = await Session.signIn(app.origin, 'planner@demo.vn');
		expect((await planner.fetch('/')).status).toBe(200);
		const gates = await planner.fetch('/api/map/border_gates?bbox=102,8,110,24&zoom=6');
		expect(gates.status).toBe(200);
		expect(((await gates.json()) as { features: unknown[] }).features.length).toBeGreaterThan(0);
	});

	it('writes an import whole or not at all when killed during its commit, and opens again', async () => {
		const admin = () => Session.signIn(app.origin, 'admin@demo.vn');
		const rows = 3000;
		for (const [trial, delay] of [
			[1, 300],
			[2, 800],
			[3, 1500]
		] as const) {
			const tag = `kill${trial}`;
			const session = await admin();
			const commit = session.action('/data/import?/commit', fileForm({ kind: 'boarding_houses' }, `${tag}.csv`, houses(tag, rows))).catch(() => null);
			await new Promise((r) => setTimeout(r, delay));
			await stopApp(app, 'SIGKILL');
			await commit;
			app = await startApp({ DATA_DIR: dataDir, DEMO_CASES: '300' });
			expect([0, rows], `trial ${trial} (kill after ${delay} ms)`).toContain(await stored(await admin(), tag));
		}
	});

	it('keeps records, their history and briefings consistent when killed during saves', async () => {
		const admin = await Session.signIn(app.origin, 'admin@demo.vn');
		const saveRecord = (session: Session, id: string, version: number | null, workers: number) =>
			session.postJson('/api/records/boarding_houses', {
				id,
				version,
				draft: { values: { label: `Dãy trọ giết-${id.slice(0, 8)}`, workers: String(workers), rooms: '1' }, lon: '106.4', lat: '11.1' }
			});
		const ids = Array.from({ length: 10 }, () => crypto.randomUUID());
		for (const id of ids) expect((await saveRecord(admin, id, null, 10)).status).toBe(201);
		const planner = await Session.signIn(app.origin, 'planner@demo.vn');
		const briefingId = crypto.randomUUID();
		const addSlide = (i: number) => planner.postJson('/api/briefings', { briefing_id: briefingId, slide: { kind: 'figures', title: `Trang ${i}` } });
		expect((await planner.postJson('/api/briefings', { id: briefingId, title: 'Giao ban bị ngắt', slide: { kind: 'figures', title: 'Trang 0' } })).status).toBe(
			201
		);

		// Updates and slide appends in flight, then kill -9.
		const inFlight = [
			...ids.map((id) => saveRecord(admin, id, 1, 20).catch(() => null)),
			...Array.from({ length: 10 }, (_, i) => addSlide(i + 1).catch(() => null))
		];
		await new Promise((r) => setTimeout(r, 150));
		await stopApp(app, 'SIGKILL');
		await Promise.all(inFlight);
		app = await startApp({ DATA_DIR: dataDir, DEMO_CASES: '300' });

		const after = await Session.signIn(app.origin, 'admin@demo.vn');
		for (const id of ids) {
			const list = (await (await after.fetch(`/api/records/boarding_houses?q=${encodeURIComponent(`Dãy trọ giết-${id.slice(0, 8)}`)}`)).json()) as {
				rows: { id: string; version: number; workers: number }[];
			};
			const record = list.rows.find((r) => r.id === id)!;
			expect([1, 2]).toContain(record.version);
			expect(record.workers).toBe(record.version === 2 ? 20 : 10);
			// The history (from the audit log) has exactly the versions the record went through.
			const history = (await (await after.fetch(`/api/records/boarding_houses/${id}`)).json()) as { op: string; version: number }[];
			expect(history[0]!.version).toBe(record.version);
			expect(history.filter((h) => h.op === 'update').length).toBe(record.version - 1);
		}
		const briefings = (await (await (await Session.signIn(app.origin, 'planner@demo.vn')).fetch('/api/briefings')).json()) as { id: string; slides: number }[];
		const slides = briefings.find((b) => b.id === briefingId)!.slides;
		expect(slides).toBeGreaterThanOrEqual(1);
		expect(slides).toBeLessThanOrEqual(11);
		expect((await (await Session.signIn(app.origin, 'planner@demo.vn')).fetch(`/briefings/${briefingId}`)).status).toBe(200);
	});

	it('stops within seconds on SIGTERM, even with a request in flight, and gives the directory up', async () => {
		const planner = await Session.signIn(app.origin, 'planner@demo.vn');
		const inFlight = planner.fetch('/api/hotspots?method=gistar&period=all').catch(() => null);
		await new Promise((r) => setTimeout(r, 100));
		const seconds = await stopApp(app);
		expect(seconds).toBeLessThan(10);
		expect(await app.exited).toBe(0);
		await inFlight;
		expect(existsSync(join(dataDir, 'server.lock'))).toBe(false);
		// A stop followed by a start: everything is there.
		app = await startApp({ DATA_DIR: dataDir, DEMO_CASES: '300' });
		expect(app.output()).not.toContain('seeded demo data');
		expect((await (await Session.signIn(app.origin, 'planner@demo.vn')).fetch('/')).status).toBe(200);
	});

	it('backs up while the server runs and restores with it stopped: the later import is gone, nothing else', async () => {
		const file = join(mkdtempSync(join(tmpdir(), 'hotspot-backup-')), 'atlas.tar.gz');
		let admin = await Session.signIn(app.origin, 'admin@demo.vn');
		const before = await stored(admin, '');
		const backup = await cli(dataDir, 'backup', file);
		expect(backup.stderr).toBe('');
		expect(backup.stdout).toContain(`backup made by the running server (process ${app.child.pid})`);
		expect(statSync(file).mode & 0o077).toBe(0);

		expect((await admin.action('/data/import?/commit', fileForm({ kind: 'boarding_houses' }, 'after.csv', houses('after', 50)))).status).toBe(200);
		expect(await stored(admin, '')).toBe(before + 50);
		// Not while the server runs.
		const refused = await cli(dataDir, 'restore', file);
		expect(refused.status).toBe(2);
		expect(refused.stderr).toContain(`in use by process ${app.child.pid}`);

		await stopApp(app);
		const restore = await cli(dataDir, 'restore', file);
		expect(restore.stderr).toBe('');
		expect(restore.stdout).toMatch(/previous database is kept in .*pglite\.before-restore-/);
		app = await startApp({ DATA_DIR: dataDir, DEMO_CASES: '300' });
		admin = await Session.signIn(app.origin, 'admin@demo.vn');
		expect(await stored(admin, '')).toBe(before);
		expect(await stored(admin, 'after')).toBe(0);
		// A file that is not a backup changes nothing.
		await stopApp(app);
		const bad = join(dirname(file), 'not-a-backup.tar.gz');
		writeFileSync(bad, 'nonsense');
		const damaged = await cli(dataDir, 'restore', bad);
		expect(damaged.status).toBe(2);
		expect(damaged.stderr).toContain('is not a readable backup of Hotspot Atlas');
		app = await startApp({ DATA_DIR: dataDir, DEMO_CASES: '300' });
		expect(await stored(await Session.signIn(app.origin, 'admin@demo.vn'), '')).toBe(before);
	});

	it('keeps every slide of ten planners adding at once, and makes one briefing of a double-submitted create', async () => {
		const planner = await Session.signIn(app.origin, 'planner@demo.vn');
		const post = (body: object) => planner.postJson('/api/briefings', body);
		const id = crypto.randomUUID();
		const first = {
			id,
			title: 'Giao ban đồng thời',
			slide: { id: crypto.randomUUID(), kind: 'figures', title: 'Số liệu', filters: { from: '2025-07-01', to: '2025-09-30' } }
		};
		const creates = await Promise.all([post(first), post(first)]);
		expect(creates.map((r) => r.status)).toEqual([201, 201]);
		const adds = await Promise.all(Array.from({ length: 10 }, (_, i) => post({ briefing_id: id, slide: { kind: 'figures', title: `Trang ${i}` } })));
		expect(adds.map((r) => r.status)).toEqual(Array(10).fill(201));
		const listed = (await (await planner.fetch('/api/briefings')).json()) as { id: string; title: string; slides: number }[];
		expect(listed.filter((b) => b.title === 'Giao ban đồng thời')).toEqual([expect.objectContaining({ id, slides: 11 })]);
		// A slide that would break the briefing later is refused now.
		const bad = await post({ briefing_id: id, slide: { kind: 'chart', chart: 'cases_by_month', title: 'x', filters: { from: '2026-02-30' } } });
		expect(bad.status).toBe(400);
		expect((await planner.fetch(`/briefings/${id}`)).status).toBe(200);
	});

	it('answers over-long and malformed input at once with 400 (413 over the body limit), and the next request too', async () => {
		const official = await Session.signIn(app.origin, 'official@demo.vn');
		const started = performance.now();
		const long = await official.postJson('/api/records/boarding_houses', {
			id: crypto.randomUUID(),
			version: null,
			draft: { values: { label: '9'.repeat(1024 * 1024), workers: '5' }, lon: '106.18', lat: '11.07' }
		});
		expect(long.status).toBe(400);
		expect(((await long.json()) as { errors: Record<string, string> }).errors.label).toBe('errTooLong');
		expect(performance.now() - started).toBeLessThan(3000);
		expect((await official.fetch('/api/records/boarding_houses/not-a-uuid?version=1', { method: 'DELETE' })).status).toBe(400);
		const planner = await Session.signIn(app.origin, 'planner@demo.vn');
		expect((await planner.postJson('/api/briefings', { briefing_id: 'not-a-uuid', slide: { kind: 'figures' } })).status).toBe(400);
		// A body over the limit, sent chunked (no length to refuse it by): 413 for forms and JSON alike.
		const chunked = () =>
			new ReadableStream({
				start(c) {
					for (let i = 0; i < 40; i++) c.enqueue(new Uint8Array(1024 * 1024));
					c.close();
				}
			});
		for (const [path, type] of [
			['/data/import?/check', 'multipart/form-data; boundary=x'],
			['/api/records/boarding_houses', 'application/json']
		] as const) {
			const big = await official.fetch(path, {
				method: 'POST',
				headers: { 'content-type': type, 'x-sveltekit-action': 'true' },
				body: chunked(),
				duplex: 'half'
			} as RequestInit);
			expect(big.status, path).toBe(413);
		}
		expect((await official.fetch('/')).status).toBe(200);
	});
});

/** A tmpfs of `mb` MB, or null where this process may not mount one (not root, no CAP_SYS_ADMIN): reported, not failed. */
function tmpfs(mb: number): string | null {
	const dir = mkdtempSync(join(tmpdir(), 'hotspot-tmpfs-'));
	const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
	if (mounted.status === 0) return dir;
	console.warn(`\n!!! SKIPPING the full-disk and read-only checks: cannot mount a tmpfs here (${mounted.stderr.trim() || mounted.error?.message})\n`);
	return null;
}

const unmount = (dir: string) => spawnSync('umount', [dir]);

describe('the server on a full or read-only disk', () => {
	it('refuses to start on a damaged database, naming the path and the way back', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'hotspot-damaged-'));
		try {
			mkdirSync(join(dataDir, 'pglite', 'global'), { recursive: true });
			writeFileSync(join(dataDir, 'pglite', 'PG_VERSION'), '17\n');
			writeFileSync(join(dataDir, 'pglite', 'global', 'pg_control'), randomBytes(8192));
			const app = await startProcess({ DATA_DIR: dataDir });
			expect(await app.exited).toBe(1);
			expect(app.output()).toContain(`Hotspot Atlas could not start: cannot open the database in ${join(dataDir, 'pglite')}`);
			expect(app.output()).toContain('restore a backup: npm run cli -- restore FILE');
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it('refuses to start on a read-only data directory, naming the path and the cause', async () => {
		const disk = tmpfs(16);
		if (!disk) return;
		try {
			expect(spawnSync('mount', ['-o', 'remount,ro', disk]).status).toBe(0);
			const app = await startProcess({ DATA_DIR: join(disk, 'atlas') });
			expect(await app.exited).toBe(1);
			expect(app.output()).toContain(`Hotspot Atlas could not start: cannot create the data directory ${join(disk, 'atlas')}: the file system is read-only`);
		} finally {
			unmount(disk);
		}
	});

	it('on a full disk says so, keeps serving reads, and saves again once space is freed', async () => {
		const disk = tmpfs(200);
		if (!disk) return;
		let app: RunningApp | undefined;
		try {
			app = await startApp({ DATA_DIR: join(disk, 'atlas'), DEMO_CASES: '300' });
			let admin = await Session.signIn(app.origin, 'admin@demo.vn');
			const before = await stored(admin, '');
			const free = Number(spawnSync('df', ['--output=avail', '-B1', disk], { encoding: 'utf8' }).stdout.trim().split('\n').pop());
			expect(spawnSync('fallocate', ['-l', String(free - 256 * 1024), join(disk, 'filler')]).status).toBe(0);
			const full = await admin.action('/data/import?/commit', fileForm({ kind: 'boarding_houses' }, 'full.csv', houses('full', 3000)));
			// Not the request's fault: 503, with what happened and that nothing was saved.
			expect(full.status).toBe(503);
			expect(full.text).toContain('the database disk is full: nothing was saved');
			expect(await stored(admin, 'full')).toBe(0);
			expect((await admin.fetch('/api/map/border_gates?bbox=102,8,110,24&zoom=6')).status).toBe(200);
			rmSync(join(disk, 'filler'));
			admin = await Session.signIn(app.origin, 'admin@demo.vn');
			expect((await admin.action('/data/import?/commit', fileForm({ kind: 'boarding_houses' }, 'full.csv', houses('full', 3000)))).status).toBe(200);
			expect(await stored(admin, '')).toBe(before + 3000);
		} finally {
			if (app) await stopApp(app);
			unmount(disk);
		}
	});
});
