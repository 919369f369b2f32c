/**
 * The Chromium journeys' shared app: each journey file starts the app as an operator does (`npm
 * start` with demo data, on a data directory of its own: empty as a new user's, or a copy of one
 * first start's; see startDemoApp), opens Chromium, and records every console error and every
 * request that leaves the app's origin (the app must work air-gapped).
 */
import { afterAll, afterEach, beforeAll, expect, inject, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_PATH, hasChromium } from '../helpers/environment';
import { startApp, stopApp, type RunningApp } from '../helpers/app';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';

export { DEMO_PASSWORD };
export const ARTIFACTS = 'tests/artifacts';
export const run = hasChromium();

export interface E2eState {
	app: RunningApp;
	browser: Browser;
	origin: string;
	dataDir: string;
}

const DEMO = { DEMO_CASES: '300' };

/**
 * The app on a data directory of its own with the demo data. `fresh`: `npm start` exactly as a new
 * user runs it, on an empty directory. Otherwise a copy of the directory a first start left (made by
 * the first such file of the run, then kept): the same database, without each file paying for the
 * migrations and the demo seed again.
 */
async function startDemoApp(dataDir: string, fresh: boolean): Promise<RunningApp> {
	const template = join(inject('appTemplates'), 'demo-app');
	if (!fresh && existsSync(template)) {
		cpSync(template, dataDir, { recursive: true });
		return startApp({ DATA_DIR: dataDir, ...DEMO });
	}
	const app = await startApp({ DATA_DIR: dataDir, ...DEMO });
	if (fresh) return app;
	await stopApp(app);
	cpSync(dataDir, `${template}.part`, { recursive: true });
	renameSync(`${template}.part`, template);
	return startApp({ DATA_DIR: dataDir, ...DEMO, PORT: new URL(app.origin).port });
}

/**
 * Starts the app and Chromium for the journeys of one file (call inside its describe); `fresh`: on an
 * empty data directory, as a new user starts it (see startDemoApp).
 */
export function e2eApp({ fresh = false } = {}) {
	let state: E2eState | null = null;
	const consoleErrors: string[] = [];
	const foreignRequests: string[] = [];
	const ready = () => {
		if (!state) throw new Error('the app has not started');
		return state;
	};

	beforeAll(async () => {
		// `npm start` exactly: it builds first when the build is older than the sources.
		const dataDir = mkdtempSync(join(tmpdir(), 'hotspot-e2e-'));
		const app = await startDemoApp(dataDir, fresh);
		const browser = await chromium.launch({
			executablePath: CHROMIUM_PATH,
			args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
		});
		mkdirSync(ARTIFACTS, { recursive: true });
		state = { app, browser, origin: app.origin, dataDir };
	});

	afterAll(async () => {
		await state?.browser.close();
		if (process.env.E2E_LOG) console.log(state?.app.output());
		if (state) await stopApp(state.app);
		if (state) rmSync(state.dataDir, { recursive: true, force: true });
	});

	/** A fresh browser profile whose errors and outside requests are recorded (options: geolocation, permissions…). */
	async function newPage(
		device: { width: number; height: number; mobile?: boolean } = { width: 1366, height: 860 },
		options: BrowserContextOptions = {}
	): Promise<{ context: BrowserContext; page: Page }> {
		const { browser, origin } = ready();
		const context = await browser.newContext({
			viewport: { width: device.width, height: device.height },
			isMobile: device.mobile ?? false,
			hasTouch: device.mobile ?? false,
			...options
		});
		const page = await context.newPage();
		page.on('console', (message) => {
			if (message.type() === 'error') consoleErrors.push(message.text());
		});
		page.on('pageerror', (error) => consoleErrors.push(String(error)));
		page.on('request', (request) => {
			const url = request.url();
			if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
		});
		return { context, page };
	}

	async function signIn(page: Page, email: string, then = '/') {
		await page.goto(`${ready().origin}/login?redirectTo=${encodeURIComponent(then)}`);
		await page.waitForSelector('html[data-hydrated="true"]');
		await page.getByLabel('Email', { exact: true }).fill(email);
		await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		// The server may still be finishing an earlier journey's analysis on a busy CI machine.
		await page.waitForURL((url) => url.pathname === then, { timeout: 60_000 });
	}

	/**
	 * The server goes away (a border post without network: nothing answers) and comes back on the
	 * same address and data, as a restarted server does.
	 */
	let down = false;
	async function serverDown() {
		await stopApp(ready().app);
		down = true;
	}
	async function serverUp() {
		const s = ready();
		s.app = await startApp({ DATA_DIR: s.dataDir, ...DEMO, PORT: new URL(s.origin).port });
		down = false;
	}
	// A journey that failed with the server down must not fail the next ones of its file too.
	afterEach(async () => {
		if (down) await serverUp();
	});

	/**
	 * The last journey of a file: nothing left the origin, nothing was logged as an error (offline:
	 * except the browser's own line for each request the missing network failed).
	 */
	function expectCleanRun({ offline = false } = {}) {
		it('made no request outside its own origin and logged no console error', () => {
			expect(foreignRequests).toEqual([]);
			const networkDown = /^Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|FAILED|CONNECTION_REFUSED)$/;
			expect(consoleErrors.filter((e) => !(offline && networkDown.test(e)))).toEqual([]);
		});
	}

	return { ready, newPage, signIn, serverDown, serverUp, expectCleanRun };
}

/** Types a new boarding house into the records page's form and saves it (what the save answers is the caller's to check). */
export async function saveNewHouse(page: Page, label: string, workers: string, lon: string, lat: string) {
	await page.getByTestId('record-new').click();
	await page.getByTestId('field-label').fill(label);
	await page.getByTestId('field-workers').fill(workers);
	await page.getByTestId('field-lon').fill(lon);
	await page.getByTestId('field-lat').fill(lat);
	await page.getByTestId('record-save').click();
}

/** The figure beside a layer in the panel ("1.549" in Vietnamese is 1549). */
export const count = async (page: Page, key: string) => Number(((await page.textContent(`[data-testid="count-${key}"]`)) ?? '').replace(/\D/g, ''));
export const waitForLoads = (page: Page) =>
	page.waitForFunction(
		() => !document.querySelector('[data-testid="loading"]') && ![...document.querySelectorAll('[data-testid^="count-"]')].some((e) => e.textContent === '…')
	);
export const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
/**
 * Clicks the middle of the map, where a view centred on a feature puts it; besidePanel: the middle
 * of the part the open side panel (330 px, left) and the legend (290 px, right) leave free, where a
 * fitted view (a search hit) puts it.
 */
export async function clickMapCentre(page: Page, besidePanel = false) {
	const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
	await page.mouse.click(box.x + box.width / 2 + (besidePanel ? (330 - 290) / 2 : 0), box.y + box.height / 2);
}

/** A PNG's pixels (RGBA rows), decoded by the browser. */
export async function decodePng(browser: Browser, png: Buffer): Promise<{ width: number; height: number; rgba: Buffer }> {
	const page = await browser.newPage();
	try {
		const { width, height, b64 } = await page.evaluate(async (source) => {
			const image = new Image();
			image.src = `data:image/png;base64,${source}`;
			await image.decode();
			const canvas = document.createElement('canvas');
			canvas.width = image.width;
			canvas.height = image.height;
			const g = canvas.getContext('2d')!;
			g.drawImage(image, 0, 0);
			const data = g.getImageData(0, 0, image.width, image.height).data;
			let text = '';
			for (let i = 0; i < data.length; i += 0x8000) text += String.fromCharCode(...data.subarray(i, i + 0x8000));
			return { width: image.width, height: image.height, b64: btoa(text) };
		}, png.toString('base64'));
		return { width, height, rgba: Buffer.from(b64, 'base64') };
	} finally {
		await page.close();
	}
}

/**
 * Dark pixels of a map picture: text in its bottom-right quarter (the legend) and a dark line
 * 16 px above the bottom from x = 16 to 56 (the scale bar, at least 40 px long).
 */
export async function darkPixels(browser: Browser, png: Buffer): Promise<{ legendText: number; scaleBar: boolean }> {
	const { width: w, height: h, rgba } = await decodePng(browser, png);
	const dark = (x: number, y: number) => {
		const i = (Math.floor(y) * w + Math.floor(x)) * 4;
		return rgba[i]! < 70 && rgba[i + 1]! < 70 && rgba[i + 2]! < 80;
	};
	let legendText = 0;
	for (let y = h / 2; y < h; y++) for (let x = w / 2; x < w; x++) if (dark(x, y)) legendText++;
	const scaleBar = Array.from({ length: 40 }, (_, x) => dark(16 + x, h - 17) || dark(16 + x, h - 16)).every(Boolean);
	return { legendText, scaleBar };
}

/** The colour of a picture at a fraction of its width and height. */
export async function pixelAt(browser: Browser, png: Buffer, fx: number, fy: number): Promise<number[]> {
	const { width, height, rgba } = await decodePng(browser, png);
	const i = (Math.floor(height * fy) * width + Math.floor(width * fx)) * 4;
	return [...rgba.subarray(i, i + 4)];
}
