import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_PATH, hasChromium } from '../helpers/environment';
import { GATES, INDUSTRIAL_ZONES } from '../../data/demo/places';

const ARTIFACTS = 'tests/artifacts';
const run = hasChromium();

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

/** Starts `npm start` (scripts/start.js) and resolves with its output once it listens. */
function startApp(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['scripts/start.js'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		const timer = setTimeout(() => reject(new Error(`app did not start in time:\n${output}`)), 180_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('Listening on')) {
				clearTimeout(timer);
				resolve({ child, output: () => output });
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('exit', (code) => reject(new Error(`app exited with ${code}:\n${output}`)));
	});
}

describe.runIf(run)('the map in Chromium', () => {
	let app: { child: ChildProcess; output: () => string };
	let browser: Browser;
	let page: Page;
	let origin: string;
	let dataDir: string;
	const consoleErrors: string[] = [];
	const foreignRequests: string[] = [];

	beforeAll(async () => {
		// The production build, exactly as `npm start` runs it.
		const build = spawnSync('npm', ['run', 'build'], { encoding: 'utf8' });
		if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
		dataDir = mkdtempSync(join(tmpdir(), 'hotspot-e2e-'));
		const port = await freePort();
		origin = `http://127.0.0.1:${port}`;
		app = await startApp({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_CASES: '300' });
		browser = await chromium.launch({
			executablePath: CHROMIUM_PATH,
			args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
		});
		page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
		page.on('console', (message) => {
			if (message.type() === 'error') consoleErrors.push(message.text());
		});
		page.on('pageerror', (error) => consoleErrors.push(String(error)));
		page.on('request', (request) => {
			const url = request.url();
			if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
		});
	});

	afterAll(async () => {
		await browser?.close();
		app?.child.kill();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	it('prints the URL, the Supabase URL, the anon key and the demo accounts', () => {
		const out = app.output();
		expect(out).toContain(`App:           ${origin}`);
		expect(out).toContain(`Supabase URL:  ${origin}/supabase`);
		expect(out).toMatch(/anon key: +ey[\w-]+\.[\w-]+\.[\w-]+/);
		expect(out).toContain('planner@demo.vn');
		expect(out).toContain('DEMO DATA');
	});

	it('shows the map of Vietnam with its borders, gates, zones and boarding houses, drawn from the database', async () => {
		await page.goto(`${origin}/`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		// deck.gl draws after the map's first idle; give it a frame or two before the picture.
		await page.waitForTimeout(1000);
		mkdirSync(ARTIFACTS, { recursive: true });
		await page.screenshot({ path: join(ARTIFACTS, 'map-overview.png') });

		const count = async (key: string) => Number(await page.textContent(`[data-testid="count-${key}"]`));
		expect(await count('borderLines')).toBe(3);
		expect(await count('borderGates')).toBe(GATES.length);
		expect(await count('industrialZones')).toBe(INDUSTRIAL_ZONES.length);
		expect(await count('boardingHouses')).toBeGreaterThan(1000);
		expect(await page.textContent('header')).toContain('DỮ LIỆU DEMO');

		// The WebGL canvas really is on the page and sized to the map.
		const canvas = await page.locator('.maplibregl-canvas').boundingBox();
		expect(canvas?.width).toBeGreaterThan(1000);
	});

	it('switches layers off and the language to English without errors', async () => {
		await page.getByLabel(/Nhà trọ công nhân/).uncheck();
		await page.getByRole('link', { name: 'English' }).click();
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		expect(await page.textContent('header')).toContain('Hotspot Atlas');
		expect(await page.textContent('aside')).toContain('Border gates');
	});

	it('made no request outside its own origin and logged no console error', () => {
		expect(foreignRequests).toEqual([]);
		expect(consoleErrors).toEqual([]);
	});

	it('serves the Supabase API over HTTP: anon gets 401, never data', async () => {
		const anonKey = /anon key: +(\S+)/.exec(app.output())![1]!;
		const response = await fetch(`${origin}/supabase/rest/v1/rpc/layer_geojson`, {
			method: 'POST',
			headers: { apikey: anonKey, authorization: `Bearer ${anonKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ layer: 'cases' })
		});
		expect(response.status).toBe(401);
		const page = await fetch(`${origin}/`);
		expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
	});
});
