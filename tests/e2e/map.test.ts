import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { CHROMIUM_PATH, hasChromium } from '../helpers/environment';
import { startApp, stopApp, type RunningApp } from '../helpers/app';
import { GATES, INDUSTRIAL_ZONES } from '../../data/demo/places';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { testBasemap } from '../helpers/pmtiles';

const ARTIFACTS = 'tests/artifacts';
const run = hasChromium();

describe.runIf(run)('Hotspot Atlas in Chromium', () => {
	let app: RunningApp;
	let browser: Browser;
	let origin: string;
	let dataDir: string;
	const consoleErrors: string[] = [];
	const foreignRequests: string[] = [];

	/** A fresh browser profile whose errors and outside requests are recorded. */
	async function newPage(device: { width: number; height: number; mobile?: boolean } = { width: 1366, height: 860 }): Promise<{ context: BrowserContext; page: Page }> {
		const context = await browser.newContext({ viewport: { width: device.width, height: device.height }, isMobile: device.mobile ?? false, hasTouch: device.mobile ?? false });
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
		await page.goto(`${origin}/login?redirectTo=${encodeURIComponent(then)}`);
		await page.getByLabel('Email', { exact: true }).fill(email);
		await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		// The server may still be finishing an earlier journey's analysis on a busy CI machine.
		await page.waitForURL((url) => url.pathname === then, { timeout: 60_000 });
	}

	beforeAll(async () => {
		// `npm start` exactly: it builds first when the build is older than the sources.
		dataDir = mkdtempSync(join(tmpdir(), 'hotspot-e2e-'));
		app = await startApp({ DATA_DIR: dataDir, DEMO_CASES: '300' });
		origin = app.origin;
		browser = await chromium.launch({
			executablePath: CHROMIUM_PATH,
			args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
		});
		mkdirSync(ARTIFACTS, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
		if (process.env.E2E_LOG) console.log(app?.output());
		if (app) await stopApp(app);
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	it('prints the URL, the Supabase URL, the anon key and the demo accounts', () => {
		const out = app.output();
		expect(out).toContain(`App:           ${origin}`);
		expect(out).toContain(`Supabase URL:  ${origin}/supabase`);
		expect(out).toMatch(/anon key: +ey[\w-]+\.[\w-]+\.[\w-]+/);
		expect(out).toContain('planner@demo.vn');
		expect(out).toContain(`password "${DEMO_PASSWORD}"`);
		expect(out).toContain('DEMO DATA');
	});

	it('sends a visitor who is not signed in to the login page', async () => {
		const { context, page } = await newPage();
		await page.goto(`${origin}/`);
		expect(new URL(page.url()).pathname).toBe('/login');
		await page.screenshot({ path: join(ARTIFACTS, 'login.png') });
		await context.close();
	});

	/** The figure beside a layer in the panel ("1.549" in Vietnamese is 1549). */
	const count = async (page: Page, key: string) => Number(((await page.textContent(`[data-testid="count-${key}"]`)) ?? '').replace(/\D/g, ''));
	const waitForLoads = (page: Page) => page.waitForFunction(() => !document.querySelector('[data-testid="loading"]') && ![...document.querySelectorAll('[data-testid^="count-"]')].some((e) => e.textContent === '…'));
	const param = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);
	/**
	 * Clicks the middle of the map, where a view centred on a feature puts it; besidePanel: the middle
	 * of the part the open side panel (330 px, left) and the legend (290 px, right) leave free, where a
	 * fitted view (a search hit) puts it.
	 */
	async function clickMapCentre(page: Page, besidePanel = false) {
		const box = (await page.locator('.maplibregl-canvas').boundingBox())!;
		await page.mouse.click(box.x + box.width / 2 + (besidePanel ? (330 - 290) / 2 : 0), box.y + box.height / 2);
	}

	it('shows a planner the map of Vietnam with borders, gates, zones and boarding houses from the database', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'planner@demo.vn');
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await waitForLoads(page);
		// deck.gl draws after the map's first idle; give it a frame or two before the picture.
		await page.waitForTimeout(1000);
		await page.screenshot({ path: join(ARTIFACTS, 'map-overview.png') });

		expect(await count(page, 'borderLines')).toBe(3);
		expect(await count(page, 'borderGates')).toBe(GATES.length);
		expect(await count(page, 'industrialZones')).toBe(INDUSTRIAL_ZONES.length);
		expect(await count(page, 'boardingHouses')).toBeGreaterThan(1000);
		// Zoomed out, boarding houses come as clusters, and the panel says so.
		expect(await page.textContent('[data-testid="clustered-note"]')).toContain('phóng to');
		expect(await page.textContent('header')).toContain('DỮ LIỆU DEMO');
		expect(await page.textContent('[data-testid="signed-in-as"]')).toContain('planner@demo.vn');
		// The WebGL canvas really is on the page and sized to the map.
		const canvas = await page.locator('.maplibregl-canvas').boundingBox();
		expect(canvas?.width).toBeGreaterThan(1000);
		// Cases reach a planner only as counts per area, small ones left out.
		expect(await page.textContent('aside')).toContain('Vụ việc (tổng hợp theo địa bàn)');
		expect(await page.textContent('[data-testid="suppression-note"]')).toContain('dưới 3 vụ');
		await page.goto(`${origin}/?period=summer`);
		expect(await page.textContent('[role="alert"]')).toContain('period: "summer"');

		// A planner has no admin page.
		expect((await page.request.get(`${origin}/admin`, { maxRedirects: 0 })).status()).toBe(403);

		await page.goto(`${origin}/`);
		// The panel folds away (for tablets) and comes back.
		await page.getByRole('button', { name: 'Ẩn bảng' }).click();
		expect(await page.getByTestId('search').isVisible()).toBe(false);
		await page.getByRole('button', { name: 'Lớp bản đồ & tìm kiếm' }).click();
		expect(await page.getByTestId('search').isVisible()).toBe(true);

		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		await page.waitForURL((url) => url.pathname === '/login');
		await page.goto(`${origin}/`);
		expect(new URL(page.url()).pathname).toBe('/login');
		await context.close();
	});

	it('lets a planner filter to the peak campaign, step and play through it, colour units and keep it all across a reload and a language switch', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'planner@demo.vn');
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await waitForLoads(page);
		const allCases = await count(page, 'cases');
		await page.getByRole('checkbox', { name: 'Hoạt động tuyên truyền' }).check();
		await waitForLoads(page);
		const allOutreach = await count(page, 'outreach');

		// The peak campaign: dated layers follow, the URL keeps it.
		await page.selectOption('[data-testid="period"]', 'peak-2025');
		await page.waitForFunction(() => new URL(location.href).searchParams.get('period') === 'peak-2025');
		await page.waitForFunction((before) => Number(document.querySelector('[data-testid="count-outreach"]')?.textContent?.replace(/\D/g, '')) < before, allOutreach);
		await waitForLoads(page);
		const peakOutreach = await count(page, 'outreach');
		expect(peakOutreach).toBeGreaterThan(0);
		expect(await count(page, 'cases')).toBeLessThanOrEqual(allCases);

		// Outreach forms: meetings only.
		await page.getByText('Hình thức tuyên truyền').click();
		await page.getByTestId('outreach-forms').getByLabel('Hội nghị, tọa đàm').check();
		await page.waitForFunction(() => new URL(location.href).searchParams.get('forms') === 'meeting');
		await page.waitForFunction((before) => Number(document.querySelector('[data-testid="count-outreach"]')?.textContent?.replace(/\D/g, '')) < before, peakOutreach);
		await waitForLoads(page);
		const meetings = await count(page, 'outreach');
		expect(meetings).toBeGreaterThan(0);

		// The time slider steps through the campaign week by week: the fifth week holds 30/7.
		const slider = page.getByTestId('time-slider');
		await slider.focus();
		for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
		expect(await page.textContent('[data-testid="time-label"]')).toBe('29/07–04/08/2025');
		await page.waitForFunction(() => new URL(location.href).searchParams.get('at') === '2025-07-29');
		await waitForLoads(page);
		expect(await count(page, 'outreach')).toBeLessThanOrEqual(meetings);
		// Play moves on by itself; pause stops it.
		await page.getByTestId('play').click();
		await page.waitForFunction(() => new URL(location.href).searchParams.get('at') === '2025-08-12', null, { timeout: 10_000 });
		await page.getByTestId('play').click();
		const stopped = param(page, 'at');
		await page.waitForTimeout(2000);
		expect(param(page, 'at')).toBe(stopped);
		await page.getByTestId('whole-period').click();
		await page.waitForFunction(() => !new URL(location.href).searchParams.has('at'));

		// Units coloured by an indicator, with its classes in the legend.
		await page.getByRole('checkbox', { name: 'Tô màu địa bàn theo chỉ số' }).check();
		await page.selectOption('[data-testid="indicator"]', 'people_reached');
		await page.getByTestId('legend-choropleth').waitFor();
		expect(await page.locator('[data-testid="legend-choropleth"] li').count()).toBeGreaterThan(2);
		// The legend over the map: every drawn layer explained, the cases' counts visible without scrolling.
		expect(await page.getByTestId('legend-choropleth').textContent()).toContain('Số người được tiếp cận');
		const casesKey = await page.getByTestId('legend-cases').boundingBox();
		expect(casesKey && casesKey.y >= 0 && casesKey.y + casesKey.height <= 860).toBe(true);
		await page.waitForFunction(() => new URL(location.href).searchParams.get('ind') === 'people_reached');
		await waitForLoads(page);
		await page.waitForTimeout(800);
		await page.screenshot({ path: join(ARTIFACTS, 'map-planner-peak-2025.png') });

		// A copied link (here: a reload) restores filters, layers and choropleth.
		await page.reload();
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await waitForLoads(page);
		expect(await page.inputValue('[data-testid="period"]')).toBe('peak-2025');
		expect(await page.inputValue('[data-testid="indicator"]')).toBe('people_reached');
		expect(await page.getByRole('checkbox', { name: 'Hoạt động tuyên truyền' }).isChecked()).toBe(true);
		expect(await count(page, 'outreach')).toBe(meetings);

		// The language switch keeps the state too.
		await page.getByRole('link', { name: 'English' }).click();
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await waitForLoads(page);
		expect(await page.textContent('header')).toContain('Hotspot Atlas');
		expect(await page.textContent('aside')).toContain('Border gates');
		expect(await page.inputValue('[data-testid="period"]')).toBe('peak-2025');
		expect(await count(page, 'outreach')).toBe(meetings);
		await page.screenshot({ path: join(ARTIFACTS, 'map-planner-english.png') });
		await page.getByRole('link', { name: 'Tiếng Việt' }).click();
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await context.close();
	});

	it('finds places without diacritics, flies there, opens a popup, and restores view and layers from a copied link', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'planner@demo.vn');
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		// Quần đảo Hoàng Sa and Trường Sa are found, without diacritics, and the map flies there.
		for (const [q, name, centre] of [['truong sa', 'Quần đảo Trường Sa', [113.9, 9.6]], ['hoang sa', 'Quần đảo Hoàng Sa', [111.9, 16.4]]] as const) {
			await page.getByTestId('search').fill(q);
			const hit = page.getByTestId('search-results').getByRole('button').first();
			await expect.poll(() => hit.textContent()).toContain(name);
			await hit.click();
			await page.waitForFunction(([lon, lat]) => {
				const [x, y] = (new URL(location.href).searchParams.get('view') ?? '').split(',').map(Number);
				return Math.abs(x! - lon) < 1.5 && Math.abs(y! - lat) < 1.5;
			}, centre, { timeout: 15_000 });
			await page.waitForTimeout(800);
			await page.screenshot({ path: join(ARTIFACTS, `map-${q.replace(' ', '-')}.png`) });
		}
		await page.getByTestId('search').fill('tay ninh');
		const first = page.getByTestId('search-results').getByRole('button').first();
		await first.waitFor();
		expect(await first.textContent()).toContain('Tây Ninh');
		await first.click();
		await page.waitForFunction(() => Number(new URL(location.href).searchParams.get('view')?.split(',')[2]) > 7, null, { timeout: 15_000 });
		await page.getByRole('checkbox', { name: 'Hoạt động tuyên truyền' }).check();
		await page.waitForFunction(() => new URL(location.href).searchParams.get('layers')?.includes('outreach'));
		await waitForLoads(page);
		await page.waitForTimeout(1000);
		await page.screenshot({ path: join(ARTIFACTS, 'map-search-tay-ninh.png') });
		const link = page.url();
		const view = new URL(link).searchParams.get('view')!.split(',').map(Number);
		// Tây Ninh lies around 106° E, 11° N (the map's centre a little west of it: the panel covers the left).
		expect(view[0]).toBeGreaterThan(105.2);
		expect(view[0]).toBeLessThan(106.8);
		expect(view[1]).toBeGreaterThan(10.3);
		expect(view[1]).toBeLessThan(12);

		const other = await context.newPage();
		await other.goto(link);
		await other.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		expect(await other.getByRole('checkbox', { name: 'Hoạt động tuyên truyền' }).isChecked()).toBe(true);
		expect(await other.getByRole('checkbox', { name: 'Mô hình điểm' }).isChecked()).toBe(false);
		const restored = new URL(other.url()).searchParams.get('view')!.split(',').map(Number);
		expect(restored[0]).toBeCloseTo(view[0]!, 2);
		expect(restored[2]).toBeCloseTo(view[2]!, 1);
		await other.close();

		// A border gate found by name, without its diacritics: the map centres on it and a click tells what it is.
		await page.getByTestId('search').fill('moc bai');
		const gate = page.getByTestId('search-results').getByRole('button', { name: /Mộc Bài/ }).first();
		await gate.click();
		await page.waitForFunction(() => Number(new URL(location.href).searchParams.get('view')?.split(',')[2]) >= 11.9, null, { timeout: 15_000 });
		await page.waitForTimeout(800);
		await clickMapCentre(page, true);
		const popup = page.getByTestId('popup');
		await popup.waitFor();
		expect(await popup.textContent()).toContain('Mộc Bài');
		await page.screenshot({ path: join(ARTIFACTS, 'map-popup-gate.png') });
		await page.keyboard.press('Escape');
		await popup.waitFor({ state: 'detached' });

		// Zoomed out, a click on a cluster of boarding houses offers to zoom in on it.
		const response = await page.request.get(`${origin}/api/map/boarding_houses?bbox=100,8,112,24&zoom=6`);
		const clusters = (await response.json()) as { mode: string; features: { geometry: { coordinates: [number, number] }; properties: { count: number } }[] };
		expect(clusters.mode).toBe('clusters');
		const [lon, lat] = clusters.features[0]!.geometry.coordinates;
		await page.goto(`${origin}/?view=${lon},${lat},6.3&layers=boardingHouses`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await waitForLoads(page);
		await page.waitForTimeout(800);
		await clickMapCentre(page);
		await popup.waitFor();
		expect(await popup.textContent()).toMatch(/Nhà trọ công nhân — [\d.]+ đối tượng/);
		await popup.getByRole('button', { name: 'Phóng to' }).click();
		await page.waitForFunction(() => Number(new URL(location.href).searchParams.get('view')?.split(',')[2]) >= 8);
		await context.close();
	});

	it('shows an investigator exact case points where a planner sees counts, with the details of a case on click', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'investigator@demo.vn', '/');
		await page.goto(`${origin}/?period=peak-2025`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await waitForLoads(page);
		await page.waitForTimeout(800);
		await page.screenshot({ path: join(ARTIFACTS, 'map-investigator-peak-2025.png') });
		expect(await page.textContent('aside')).toContain('Vụ việc (vị trí chính xác)');
		expect(await page.locator('[data-testid="suppression-note"]').count()).toBe(0);
		const points = await count(page, 'cases');
		expect(points).toBeGreaterThan(0);

		// One case of the period, from the same API the map uses: centred and clicked, it shows its details.
		const response = await page.request.get(`${origin}/api/map/cases?bbox=100,8,112,24&zoom=12&period=peak-2025`);
		const cases = (await response.json()) as { mode: string; features: { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[] };
		expect(cases.mode).toBe('features');
		expect(cases.features).toHaveLength(points);
		const [lon, lat] = cases.features[0]!.geometry.coordinates;
		await page.goto(`${origin}/?period=peak-2025&view=${lon},${lat},15&layers=cases`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await waitForLoads(page);
		await page.waitForTimeout(800);
		await clickMapCentre(page);
		const popup = page.getByTestId('popup');
		await popup.waitFor();
		const text = (await popup.textContent()) ?? '';
		expect(text).toContain('Tình trạng');
		expect(text).toContain('Độ chính xác vị trí');
		await page.screenshot({ path: join(ARTIFACTS, 'map-investigator-popup.png') });

		// The planner's API answer for the same view has no point in it.
		const planner = await newPage();
		await signIn(planner.page, 'planner@demo.vn');
		const aggregated = await (await planner.page.request.get(`${origin}/api/map/cases?bbox=100,8,112,24&zoom=12&period=peak-2025`)).json();
		expect(aggregated.mode).toBe('aggregate');
		expect(aggregated.features.every((f: { geometry: { type: string } }) => f.geometry.type !== 'Point')).toBe(true);
		expect((await planner.page.request.get(`${origin}/api/map/cases?bbox=100,8,112,24&zoom=12&period=summer`)).status()).toBe(400);
		await planner.context.close();
		await context.close();
	});

	it('lets a planner run Gi* for the last peak campaign, plan 10 propaganda teams, pin a site, re-solve and save; a leader sees the plan', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'planner@demo.vn', '/plan');
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		expect(await page.inputValue('[data-testid="plan-period"]')).toBe('peak-2025');
		// Gi* over the whole country for the last peak campaign, classes and the band's reason shown. A
		// planner's counts are the published cells: with this small demo (300 cases) the grid grows up
		// the ladder until enough cells are published.
		await page.getByTestId('run-hotspots').click();
		const result = page.getByTestId('hotspot-result');
		await result.waitFor({ timeout: 60_000 });
		const classCount = async (cls: string) => Number(await page.textContent(`[data-testid="class-${cls}"]`));
		const total = (await Promise.all(['3', '2', '1', '0', '-1', '-2', '-3'].map(classCount))).reduce((a, b) => a + b, 0);
		expect(total).toBeGreaterThan(20);
		// Vietnamese numbers: a decimal comma (25,3 km), not a point.
		expect(await page.textContent('[data-testid="band"]')).toMatch(/\d+,\d km — /);
		await page.waitForTimeout(800);
		await page.screenshot({ path: join(ARTIFACTS, 'plan-hotspots.png') });

		// Coverage gaps in Tây Ninh: the share of workers outreach reached, the districts with most left out.
		await page.getByTestId('tab-coverage').click();
		await page.selectOption('[data-testid="plan-unit"]', 'tay-ninh');
		await page.getByTestId('run-coverage').click();
		await page.getByTestId('coverage-result').waitFor({ timeout: 60_000 });
		// The coverage result too can go into a briefing, as a live slide of the analysis.
		expect(await page.getByTestId('add-to-briefing').count()).toBe(1);
		expect(await page.textContent('[data-testid="coverage-share"]')).toMatch(/%/);
		expect(await page.locator('[data-testid="coverage-districts"] tbody tr').count()).toBeGreaterThan(1);
		await page.waitForTimeout(800);
		await page.screenshot({ path: join(ARTIFACTS, 'plan-coverage.png') });

		// The planner: 10 propaganda teams over Tây Ninh's boarding houses.
		await page.getByTestId('tab-plan').click();
		await page.fill('[data-testid="k"]', '10');
		await page.getByTestId('solve').click();
		await page.getByTestId('plan-result').waitFor({ timeout: 60_000 });
		const chosen = page.getByTestId('chosen-sites').locator('li');
		expect(await chosen.count()).toBe(10);
		const share = await page.textContent('[data-testid="covered-share"]');
		expect(share).toMatch(/%/);
		// The schedule: one row per week of the campaign (14), exportable.
		expect(await page.locator('[data-testid="schedule"] tbody tr').count()).toBe(14);
		const csv = page.waitForEvent('download');
		await page.getByTestId('export-csv').click();
		expect((await csv).suggestedFilename()).toBe('lich-trien-khai.csv');
		const ics = page.waitForEvent('download');
		await page.getByTestId('export-ics').click();
		expect((await ics).suggestedFilename()).toBe('lich-trien-khai.ics');

		// Pin the last chosen site, re-solve: it stays, marked as pinned.
		const last = chosen.last();
		const pinnedLabel = (await last.locator('.label').textContent())!.trim();
		await last.getByRole('button', { name: 'Ghim' }).click();
		const solved = page.waitForResponse((r) => r.url().endsWith('/api/plan'), { timeout: 60_000 });
		await page.getByTestId('solve').click();
		const answer = await (await solved).json();
		expect(answer.params.pinned).toHaveLength(1);
		expect(answer.chosen.map((c: { id: string }) => c.id)).toContain(answer.params.pinned[0]);
		await page.getByTestId('solve').and(page.locator(':not([disabled])')).waitFor();
		const labels = await page.locator('[data-testid="chosen-sites"] .label').allTextContents();
		expect(labels.map((l) => l.trim())).toContain(`${pinnedLabel} · đã ghim`);
		await page.waitForTimeout(800);
		await page.screenshot({ path: join(ARTIFACTS, 'plan-deployment.png') });

		// Save it; it appears among the saved plans.
		await page.fill('[data-testid="plan-name"]', 'Cao điểm 2025 — Tây Ninh (e2e)');
		await page.getByTestId('save-plan').click();
		await page.getByTestId('saved-plans').waitFor();
		expect(await page.textContent('[data-testid="saved-plans"]')).toContain('Cao điểm 2025 — Tây Ninh (e2e)');
		// The first team's first site is carried out: the planner records it.
		await page.getByTestId('saved-plans').getByRole('button', { name: /Cao điểm 2025 — Tây Ninh \(e2e\)/ }).click();
		expect(await page.textContent('[data-testid="done-share"]')).toBe('0 / 10');
		await page.getByTestId('site-status').first().selectOption('done');
		await page.waitForFunction(() => document.querySelector('[data-testid="done-share"]')?.textContent === '1 / 10');
		await context.close();

		// A leader opens the planning page: the plan is there, the planner's tools are not.
		const leader = await newPage();
		await signIn(leader.page, 'leader@demo.vn', '/plan');
		await leader.page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		expect(await leader.page.getByTestId('tab-plan').count()).toBe(0);
		await leader.page.getByTestId('tab-saved').click();
		const saved = leader.page.getByTestId('saved-plans').getByRole('button', { name: /Cao điểm 2025 — Tây Ninh \(e2e\)/ });
		await saved.click();
		// Planned against achieved: the outreach actually held in the period.
		await leader.page.waitForFunction(() => /%/.test(document.querySelector('[data-testid="achieved"]')?.textContent ?? ''));
		expect(await leader.page.textContent('[data-testid="done-share"]')).toBe('1 / 10');
		expect(await leader.page.getByTestId('site-status').count()).toBe(0);
		await leader.page.waitForTimeout(1200);
		await leader.page.screenshot({ path: join(ARTIFACTS, 'plan-leader.png') });
		// …and the API refuses a leader's attempt to solve.
		const refused = await leader.page.request.post(`${origin}/api/plan`, { data: { teamType: 'patrol', k: 3 } });
		expect(refused.status()).toBe(403);
		await leader.context.close();
	});

	it('lets a district official import an Excel file with errors, read the row report, import the fixed file and see it on the map', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'official@demo.vn', '/data/import');
		await page.selectOption('[data-testid="import-kind"]', 'boarding_houses');
		await page.setInputFiles('[data-testid="import-file"]', 'tests/fixtures/import/nha-tro-loi.xlsx');
		await page.getByTestId('import-check').click();
		await page.getByTestId('import-problems').waitFor({ timeout: 30_000 });
		const problems = await page.locator('[data-testid="import-problems"] tbody tr').allTextContents();
		expect(problems).toHaveLength(3);
		expect(problems[0]).toMatch(/^3Số công nhânnăm mươi hai"năm mươi hai" không phải là số/);
		expect(problems[1]).toMatch(/^4Kinh độ \/ Vĩ độ.*kinh độ và vĩ độ có vẻ bị đảo106\.1633, 11\.0611$/);
		expect(problems[2]).toMatch(/^5lon \/ lat.*ngoài địa bàn Bến Cầu của bạn/);
		// The preview map: the official's district outlined, problem rows in their own colour.
		expect(await page.getByTestId('legend-import').textContent()).toMatch(/Dòng hợp lệ.*Dòng có lỗi.*Đơn vị: Bến Cầu/);
		await page.screenshot({ path: join(ARTIFACTS, 'import-report.png'), fullPage: true });
		// One count for the summary and the list: 1 of 4 rows is importable, 3 have problems.
		expect(await page.textContent('[data-testid="import-counts"]')).toBe('1 trong 4 dòng nhập được; 3 dòng có lỗi (xem danh sách dưới).');
		// Importing the file as it is writes nothing, and says so.
		await page.getByTestId('import-commit').click();
		await page.getByTestId('import-nothing-written').waitFor();
		expect(await page.textContent('[data-testid="import-nothing-written"]')).toContain('Chưa ghi dòng nào: 3 dòng có lỗi');
		expect(await page.getByTestId('import-done').count()).toBe(0);

		// A phone number in a label, and update dates that cannot be, are problems of their rows; the
		// update date column is said to be checked, not stored. (Made here: no fixture holds a phone.)
		const book = new ExcelJS.Workbook();
		const sheet = book.addWorksheet('Nhà trọ');
		sheet.addRow(['Tên dãy trọ', 'Số công nhân', 'Kinh độ', 'Vĩ độ', 'Ngày cập nhật']);
		sheet.addRow(['Dãy trọ Long Thuận 5 (demo)', 20, 106.171, 11.042, '15/06/2025']);
		sheet.addRow([`Nhà trọ 0${'9'.repeat(2)} ${'1'.repeat(3)} ${'2'.repeat(4)} (demo)`, 12, 106.172, 11.043, '01/07/2025']);
		sheet.addRow(['Dãy trọ Long Thuận 6 (demo)', 14, 106.173, 11.044, '31/02/2025']);
		sheet.addRow(['Dãy trọ Long Thuận 7 (demo)', 16, 106.174, 11.045, '2025-13-01']);
		const personalFile = join(dataDir, 'nha-tro-ca-nhan.xlsx');
		writeFileSync(personalFile, Buffer.from(await book.xlsx.writeBuffer()));
		await page.setInputFiles('[data-testid="import-file"]', personalFile);
		await page.getByTestId('import-check').click();
		// Only this file's report has the note on the update date column.
		await page.getByTestId('import-unstored').waitFor({ timeout: 30_000 });
		expect(await page.locator('[data-testid="import-problems"] tbody tr').count()).toBe(3);
		const personal = await page.locator('[data-testid="import-problems"] tbody tr').allTextContents();
		expect(personal[0]).toContain('có vẻ là thông tin cá nhân');
		expect(personal[1]).toMatch(/^4Ngày cập nhật31\/02\/2025/);
		expect(personal[2]).toMatch(/^5Ngày cập nhật2025-13-01/);
		expect(await page.textContent('[data-testid="import-unstored"]')).toContain('“Ngày cập nhật”');
		expect(await page.textContent('[data-testid="import-counts"]')).toBe('1 trong 4 dòng nhập được; 3 dòng có lỗi (xem danh sách dưới).');

		// The fixed file goes in whole, and its houses are on the map.
		await page.setInputFiles('[data-testid="import-file"]', 'tests/fixtures/import/nha-tro-da-sua.xlsx');
		await page.getByTestId('import-commit').click();
		await page.getByTestId('import-done').waitFor({ timeout: 30_000 });
		expect(await page.textContent('[data-testid="import-done"]')).toContain('Đã nhập 4 bản ghi. Các bản ghi đã được gửi duyệt');
		// "See on the map" opens the map on the rows just imported, with their layer on.
		const seeOnMap = new URL((await page.getByTestId('import-see-on-map').getAttribute('href'))!, origin).searchParams;
		const [seeLon, seeLat, seeZoom] = seeOnMap.get('view')!.split(',').map(Number);
		expect([Math.abs(seeLon! - 106.182) < 0.01, Math.abs(seeLat! - 11.047) < 0.01, seeZoom! > 12]).toEqual([true, true, true]);
		expect(seeOnMap.get('layers')).toContain('boardingHouses');
		await page.waitForTimeout(800);
		await page.screenshot({ path: join(ARTIFACTS, 'import-done.png') });
		const houses = await (await page.request.get(`${origin}/api/map/boarding_houses?bbox=106.1,11.0,106.25,11.1&zoom=13`)).json();
		const labels = houses.features.map((f: { properties: { label: string } }) => f.properties.label);
		for (const label of ['Dãy trọ Long Thuận 1 (demo)', 'Dãy trọ Long Thuận 2 (demo)', 'Dãy trọ Tiên Thuận 3 (demo)', 'Dãy trọ Lợi Thuận 4 (demo)']) expect(labels).toContain(label);
		// The same file again: every row is now a duplicate of a stored house, and nothing is written.
		await page.goto(`${origin}/data/import`);
		await page.setInputFiles('[data-testid="import-file"]', 'tests/fixtures/import/nha-tro-da-sua.xlsx');
		await page.getByTestId('import-commit').click();
		await page.getByTestId('import-problems').waitFor({ timeout: 30_000 });
		expect(await page.locator('[data-testid="import-problems"] tbody tr').count()).toBe(4);
		expect(await page.textContent('[data-testid="import-problems"]')).toContain('đã có trong cơ sở dữ liệu (cách dưới 50 m)');
		// A planner has no import page.
		const planner = await newPage();
		await signIn(planner.page, 'planner@demo.vn');
		expect((await planner.page.request.get(`${origin}/data/import`, { maxRedirects: 0 })).status()).toBe(403);
		await planner.context.close();
		await context.close();
	});

	it('opens a district official’s map on their own district', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'official@demo.vn', '/');
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await page.waitForFunction(() => new URL(location.href).searchParams.get('view') !== null, null, { timeout: 15_000 });
		const [lon, lat, zoom] = new URL(page.url()).searchParams.get('view')!.split(',').map(Number);
		// Bến Cầu, Tây Ninh: about 106.0–106.25° E, 10.85–11.2° N, far closer than the national view (the
		// centre sits a little west of it: the open panel covers the map's left side).
		expect(Math.abs(lon! - 106.0)).toBeLessThan(0.4);
		expect(Math.abs(lat! - 11.03)).toBeLessThan(0.25);
		expect(zoom).toBeGreaterThan(8);
		await context.close();
	});

	it('lets the official edit an imported house, read its history, restore the previous version, settle a conflicting edit, undo a delete and keep a draft across a closed tab', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'official@demo.vn', '/data');
		// Search without diacritics finds the house imported by the previous test.
		await page.getByTestId('records-search').fill('long thuan 1');
		await page.getByRole('button', { name: 'Lọc' }).click();
		await page.waitForURL((url) => url.searchParams.get('q') === 'long thuan 1');
		expect(await page.locator('[data-testid="records"] tbody tr').count()).toBe(1);
		await page.locator('[data-testid="records"] button.link').first().click();
		const workers = page.getByTestId('field-workers');
		const imported = await workers.inputValue();
		await workers.fill('777');
		await page.getByTestId('record-save').click();
		await expect.poll(() => page.getByTestId('form-message').textContent()).toBe('Đã lưu và gửi duyệt (phiên bản 2).');

		// The history says who changed what; version 1 comes back as version 3.
		await page.getByTestId('record-history').click();
		await page.getByTestId('history').waitFor();
		expect(await page.getByTestId('history').textContent()).toContain(`Số công nhân: ${imported} → 777`);
		await page.getByTestId('restore-1').click();
		await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Đã khôi phục phiên bản 1 (lưu thành phiên bản 3)');
		await expect.poll(() => workers.inputValue()).toBe(imported);
		await page.screenshot({ path: join(ARTIFACTS, 'records-history.png') });

		// Two tabs edit the same version: the later save shows both versions instead of overwriting.
		const other = await context.newPage();
		await other.goto(page.url());
		await other.locator('[data-testid="records"] button.link').first().click();
		await workers.fill('800');
		await page.getByTestId('record-save').click();
		await expect.poll(() => page.getByTestId('form-message').textContent()).toBe('Đã lưu và gửi duyệt (phiên bản 4).');
		await other.getByTestId('field-workers').fill('900');
		await other.getByTestId('record-save').click();
		await other.getByTestId('conflict').waitFor();
		const conflict = await other.getByTestId('conflict').textContent();
		expect(conflict).toContain('phiên bản 4');
		expect(conflict).toMatch(/Số công nhân900800/);
		await other.screenshot({ path: join(ARTIFACTS, 'records-conflict.png') });
		await other.getByTestId('keep-mine').click();
		await expect.poll(() => other.getByTestId('form-message').textContent()).toBe('Đã lưu và gửi duyệt (phiên bản 5).');
		await other.close();

		// Delete, then undo.
		await page.reload();
		await page.locator('[data-testid="records"] button.link').first().click();
		await page.getByTestId('record-delete').click();
		await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Đã xóa');
		await expect.poll(() => page.locator('[data-testid="records"] button.link').count()).toBe(0);
		await page.getByTestId('undo').click();
		await expect.poll(() => page.locator('[data-testid="records"] button.link').count()).toBe(1);

		// A new house typed half-way survives closing the tab; personal data is flagged as it is typed.
		await page.goto(`${origin}/data?kind=boarding_houses`);
		await page.getByTestId('record-new').click();
		await page.getByTestId('field-label').fill('Dãy trọ chị Hoa');
		await page.getByTestId('personal-warning').waitFor();
		await page.getByTestId('field-label').fill('Dãy trọ nháp Bến Cầu');
		await page.getByTestId('field-workers').fill('1.250');
		await page.waitForTimeout(300);
		await page.close();
		const again = await context.newPage();
		await again.goto(`${origin}/data?kind=boarding_houses`);
		await again.getByTestId('drafts').waitFor();
		expect(await again.getByTestId('drafts').textContent()).toContain('Dãy trọ nháp Bến Cầu');
		await again.getByTestId('draft-resume').click();
		expect(await again.getByTestId('field-workers').inputValue()).toBe('1.250');
		// Saving without a place says what is missing; a click on the map places it, or typed degrees-minutes-seconds do.
		await again.getByTestId('record-save').click();
		expect(await again.locator('[role="alert"]').first().textContent()).toContain('Chọn vị trí trên bản đồ hoặc gõ tọa độ');
		await again.waitForSelector('[data-map-ready="true"]');
		await clickMapCentre(again);
		await expect.poll(() => again.getByTestId('field-lon').inputValue()).not.toBe('');
		await again.getByTestId('field-lon').fill(`106°10'48"E`);
		await again.getByTestId('field-lat').fill(`11°04'12"N`);
		await again.getByTestId('record-save').click();
		await expect.poll(() => again.getByTestId('form-message').textContent()).toBe('Đã lưu và gửi duyệt (phiên bản 1).');
		await again.screenshot({ path: join(ARTIFACTS, 'records-form.png') });
		expect(await again.getByTestId('drafts').count()).toBe(0);
		const listed = await (await again.request.get(`${origin}/api/records/boarding_houses?q=nhap ben cau`)).json();
		expect(listed.rows).toHaveLength(1);
		expect(listed.rows[0]).toMatchObject({ workers: 1250, unit_name: 'Bến Cầu', geometry: { type: 'Point', coordinates: [106.18, 11.07] } });
		// A retried save (same client id) does not make a second house.
		const retry = await again.request.post(`${origin}/api/records/boarding_houses`, {
			data: { id: listed.rows[0].id, version: null, draft: { values: { label: 'Dãy trọ nháp Bến Cầu', workers: '1.250', rooms: '' }, lon: '106.18', lat: '11.07', outline: [] } }
		});
		expect((await retry.json()).status).toBe('unchanged');
		expect((await (await again.request.get(`${origin}/api/records/boarding_houses?q=nhap ben cau`)).json()).total).toBe(1);
		// The export carries what was saved.
		const csv = await (await again.request.get(`${origin}/data/export/boarding_houses?format=csv&q=nhap ben cau`)).text();
		expect(csv).toContain('Dãy trọ nháp Bến Cầu');
		await context.close();
	});

	it('takes a boarding house from an official through a planner’s return and approval, after which the official can only propose changes; a planner approves and locks report figures', async () => {
		const official = await newPage();
		await signIn(official.page, 'official@demo.vn', '/data');
		const o = official.page;
		await o.getByTestId('record-new').click();
		await o.getByTestId('field-label').fill('Dãy trọ duyệt thử Bến Cầu');
		await o.getByTestId('field-workers').fill('60');
		await o.getByTestId('field-lon').fill('106.181');
		await o.getByTestId('field-lat').fill('11.071');
		await o.getByTestId('record-save').click();
		await expect.poll(() => o.getByTestId('form-message').textContent()).toBe('Đã lưu và gửi duyệt (phiên bản 1).');
		expect(await o.getByTestId('approval-state').textContent()).toBe('Chờ duyệt');

		// The planner finds it in the queue and returns it: a comment is required.
		const planner = await newPage();
		await signIn(planner.page, 'planner@demo.vn', '/data');
		const p = planner.page;
		await p.getByTestId('review-queue').getByRole('button', { name: 'Dãy trọ duyệt thử Bến Cầu' }).click();
		await p.getByTestId('review-return').click();
		expect(await p.getByRole('alert').textContent()).toBe('Hãy ghi nhận xét: cần sửa gì, trước khi trả lại.');
		await p.getByTestId('review-comment-input').fill('Số công nhân chưa khớp sổ đăng ký tạm trú');
		await p.screenshot({ path: join(ARTIFACTS, 'approval-review.png') });
		await p.getByTestId('review-return').click();
		await expect.poll(() => p.getByTestId('notice').textContent()).toContain('Đã trả lại “Dãy trọ duyệt thử Bến Cầu”');

		// The official reads why, fixes it, and it goes back for approval.
		await o.goto(`${origin}/data?kind=boarding_houses`);
		const mine = o.getByTestId('review-queue');
		expect(await mine.textContent()).toContain('Bị trả lại');
		// Sent back apart from what still waits for the planner.
		expect(await o.getByTestId('queue-returned').textContent()).toMatch(/^Đã trả lại, chờ sửa \(\d+\)$/);
		await mine.getByRole('button', { name: 'Dãy trọ duyệt thử Bến Cầu' }).click();
		expect(await o.getByTestId('review-comment').textContent()).toBe('Trả lại bởi Cán bộ kế hoạch (demo): “Số công nhân chưa khớp sổ đăng ký tạm trú”');
		await o.getByTestId('field-workers').fill('64');
		await o.getByTestId('record-save').click();
		await expect.poll(() => o.getByTestId('form-message').textContent()).toBe('Đã lưu và gửi duyệt (phiên bản 3).');

		// The planner approves.
		await p.goto(`${origin}/data?kind=boarding_houses`);
		await p.getByTestId('review-queue').getByRole('button', { name: 'Dãy trọ duyệt thử Bến Cầu' }).click();
		expect(await p.getByTestId('approval-state').textContent()).toBe('Chờ duyệt');
		// The planner sees what the official changed since the return, and only that.
		await p.getByTestId('changes-since-review').waitFor();
		const since = await p.getByTestId('changes-since-review').textContent();
		expect(since).toContain('phiên bản 2 → 3');
		expect(since).toContain('Số công nhân: 60 → 64');
		expect(await p.locator('[data-testid="changes-since-review"] li').count()).toBe(1);
		await p.getByTestId('review-approve').click();
		await expect.poll(() => p.getByTestId('notice').textContent()).toContain('Đã duyệt “Dãy trọ duyệt thử Bến Cầu”');

		// Approved: locked for the official. A change in the form is only a proposal; the approved value stays.
		await o.goto(`${origin}/data?kind=boarding_houses&q=duyet thu`);
		await o.locator('[data-testid="records"] button.link').first().click();
		expect(await o.getByTestId('approval-state').textContent()).toBe('Đã duyệt');
		await o.getByTestId('approved-locked').waitFor();
		await o.getByTestId('field-workers').fill('70');
		await o.getByTestId('record-save').click();
		await expect.poll(() => o.getByTestId('form-message').textContent()).toBe('Đã gửi thay đổi để duyệt; số liệu đã duyệt vẫn được dùng đến khi thay đổi được duyệt.');
		await o.getByTestId('proposal').waitFor();
		expect(await o.getByTestId('proposal').textContent()).toContain('Số công nhân: 64 → 70');
		await o.screenshot({ path: join(ARTIFACTS, 'approval-locked.png') });
		const listed = await (await o.request.get(`${origin}/api/records/boarding_houses?q=duyet thu`)).json();
		expect(listed.rows[0]).toMatchObject({ workers: 64, approval: 'approved', proposal: { status: 'submitted', changed: ['workers'] } });
		const deleted = await o.request.delete(`${origin}/api/records/boarding_houses/${listed.rows[0].id}`);
		expect(deleted.status()).toBe(403);
		expect((await deleted.json()).message).toContain('this record is approved and locked for the district');

		// Report figures of Tây Ninh for the third quarter, approved records only: approved and locked.
		await p.goto(`${origin}/reports?unit=tay-ninh&period=q3-2025&data=approved`);
		expect(await p.getByTestId('report-notes').textContent()).toContain('Số liệu chỉ từ bản ghi đã duyệt');
		// Approving asks first, saying what it locks; with approved records only there is no warning.
		await p.getByTestId('report-approve').click();
		expect(await p.getByTestId('approve-confirm').textContent()).toContain('Duyệt và khóa số liệu của Tây Ninh');
		expect(await p.getByTestId('approve-unreviewed').count()).toBe(0);
		await p.getByTestId('report-approve-confirm').click();
		await p.getByTestId('report-approved').waitFor();
		expect(await p.getByTestId('report-approved').textContent()).toContain('Cán bộ kế hoạch (demo)');
		await p.screenshot({ path: join(ARTIFACTS, 'report-approved.png'), fullPage: true });
		// Outreach of that quarter can no longer be entered in the province; after un-approval it can.
		const outreach = (held_on: string) =>
			o.request.post(`${origin}/api/records/outreach`, {
				data: { id: crypto.randomUUID(), version: null, draft: { values: { form: 'meeting', held_on, people_reached: '80', materials: '', organiser: '' }, lon: '106.18', lat: '11.07', outline: [] } }
			});
		const locked = await outreach('15/08/2025');
		expect(locked.status()).toBe(403);
		expect((await locked.json()).message).toContain('outreach on 15/08/2025 is locked: the report of Tây Ninh for q3-2025 (01/07/2025–30/09/2025) is approved');
		await p.getByTestId('report-unapprove').click();
		await p.getByTestId('report-approve').waitFor();
		expect((await outreach('15/08/2025')).status()).toBe(201);
		await official.context.close();
		await planner.context.close();
	});

	it('lets an admin disable a user, whose open session ends at once', async () => {
		const leader = await newPage();
		await signIn(leader.page, 'leader@demo.vn');
		await leader.page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await waitForLoads(leader.page);
		const admin = await newPage();
		await signIn(admin.page, 'admin@demo.vn', '/admin');
		const row = admin.page.getByTestId('user-leader@demo.vn');
		await row.getByRole('button', { name: 'Khóa' }).click();
		await row.getByRole('button', { name: 'Mở khóa' }).waitFor();
		await admin.page.screenshot({ path: join(ARTIFACTS, 'admin.png'), fullPage: true });

		await leader.page.goto(`${origin}/`);
		expect(new URL(leader.page.url()).pathname).toBe('/login');

		await row.getByRole('button', { name: 'Mở khóa' }).click();
		await row.getByRole('button', { name: 'Khóa' }).waitFor();
		await signIn(leader.page, 'leader@demo.vn');

		// Privacy thresholds: the export threshold never below the in-app one.
		await admin.page.getByTestId('export-k').fill('2');
		await admin.page.getByTestId('thresholds-save').click();
		await expect.poll(() => admin.page.getByTestId('thresholds-status').textContent()).toContain('Ngưỡng xuất phải từ ngưỡng hiển thị (3) đến 100');
		await admin.page.getByTestId('export-k').fill('11');

		// An admin cannot demote or lock themselves, and is told so in their language.
		const me = admin.page.getByTestId('user-admin@demo.vn');
		await admin.page.getByLabel('Vai trò admin@demo.vn', { exact: true }).selectOption('planner');
		await me.locator('form[action="?/setRole"] button').click();
		await expect.poll(() => me.textContent()).toContain('Bạn không thể tự bỏ vai trò quản trị của mình');
		await me.getByRole('button', { name: 'Khóa' }).click();
		await expect.poll(() => me.textContent()).toContain('Bạn không thể tự khoá tài khoản của mình');
		await admin.page.reload();
		expect(await admin.page.getByLabel('Vai trò admin@demo.vn', { exact: true }).inputValue()).toBe('admin');

		// A role change shows what was saved, and so does the create form: no select falls back to "admin".
		const roleOf = (email: string) => admin.page.getByLabel(`Vai trò ${email}`, { exact: true });
		await roleOf('leader@demo.vn').selectOption('investigator');
		await admin.page.getByTestId('user-leader@demo.vn').locator('form[action="?/setRole"] button').click();
		await expect.poll(() => admin.page.getByTestId('user-leader@demo.vn').textContent()).toContain('Đã lưu');
		expect(await roleOf('leader@demo.vn').inputValue()).toBe('investigator');
		expect(await admin.page.locator('form[action="?/create"] select[name="role"]').inputValue()).toBe('planner');
		await admin.page.reload();
		expect(await roleOf('leader@demo.vn').inputValue()).toBe('investigator');
		await roleOf('leader@demo.vn').selectOption('leader');
		await admin.page.getByTestId('user-leader@demo.vn').locator('form[action="?/setRole"] button').click();
		await expect.poll(() => admin.page.getByTestId('user-leader@demo.vn').textContent()).toContain('Đã lưu');
		expect(await roleOf('leader@demo.vn').inputValue()).toBe('leader');
		await leader.context.close();
		await admin.context.close();
	});

	it('lets a planner add map views to a briefing with a chart and key figures, and a leader present it with the keyboard', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'planner@demo.vn', '/');
		await page.goto(`${origin}/?view=106.2,11.2,8&layers=borderLines,borderGates,cases&period=peak-2025`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 30_000 });
		await page.getByTestId('add-to-briefing').click();
		await page.selectOption('[data-testid="briefing-choice"]', '');
		await page.getByTestId('new-briefing-title').fill('Giao ban cao điểm Tây Ninh');
		await page.getByTestId('slide-title').fill('Vụ việc cao điểm 2025 quanh Mộc Bài');
		await page.getByTestId('add-slide').click();
		await expect.poll(() => page.getByTestId('added').textContent()).toContain('Đã thêm vào “Giao ban cao điểm Tây Ninh”');
		// A second view into the same briefing.
		await page.goto(`${origin}/?view=105.9,21.0,7&layers=borderLines,outreach`);
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 30_000 });
		await page.getByTestId('add-to-briefing').click();
		await expect.poll(() => page.locator('[data-testid="briefing-choice"] option').count()).toBeGreaterThan(1);
		await page.getByTestId('slide-title').fill('Tuyên truyền theo huyện');
		await page.getByTestId('add-slide').click();
		await expect.poll(() => page.getByTestId('added').textContent()).toContain('Giao ban cao điểm Tây Ninh');
		await page.getByTestId('added').locator('a').click();
		await page.waitForURL((url) => url.pathname.startsWith('/briefings/'));
		expect(await page.locator('[data-testid="slides"] > li').count()).toBe(2);
		// A chart of the third kind of view, then key figures; saved.
		await page.selectOption('[data-testid="chart-kind"]', 'cases_by_month');
		await page.selectOption('[data-testid="chart-unit"]', 'tay-ninh');
		await page.getByTestId('add-chart').click();
		await page.getByTestId('add-figures').click();
		// The deployments of the plan saved in the planner journey.
		await page.getByTestId('add-deployments').click();
		// Hot spot cells per year, and the plan's coverage planned against achieved.
		await page.selectOption('[data-testid="chart-kind"]', 'hotspot_classes');
		await page.getByTestId('add-chart').click();
		await page.selectOption('[data-testid="chart-kind"]', 'coverage');
		await page.getByTestId('add-chart').click();
		await page.getByTestId('briefing-save').click();
		// Months are bars, or marked "*" where the export publication hides them (this small demo hides most).
		const drawnMonths = async () =>
			(await page.locator('[data-testid="slide-chart"] svg rect:not([data-peak])').count()) +
			(await page.locator('[data-testid="slide-chart"] svg text', { hasText: /^\*$/ }).count());
		await expect.poll(drawnMonths, { timeout: 45_000 }).toBeGreaterThan(3);
		const briefingUrl = page.url();
		await page.screenshot({ path: join(ARTIFACTS, 'briefing-editor.png'), fullPage: true });
		// An analysis result: Gi* hot spots of the country in the peak campaign, added from the hotspot page.
		await page.goto(`${origin}/plan`);
		await page.getByTestId('run-hotspots').click();
		await page.getByTestId('add-to-briefing').waitFor({ timeout: 60_000 });
		await page.getByTestId('add-to-briefing').click();
		await expect.poll(() => page.locator('[data-testid="briefing-choice"] option').count()).toBeGreaterThan(1);
		await page.getByTestId('add-slide').click();
		await expect.poll(() => page.getByTestId('added').textContent()).toContain('Giao ban cao điểm Tây Ninh');
		await context.close();

		// The leader presents it: keyboard through the slides; the chart shades the peak campaign.
		const leader = await newPage();
		await signIn(leader.page, 'leader@demo.vn', '/briefings');
		expect(await leader.page.getByTestId('briefings').textContent()).toContain('Giao ban cao điểm Tây Ninh');
		expect(await leader.page.getByTestId('briefing-create').count()).toBe(0);
		await leader.page.goto(`${briefingUrl}/present`);
		await leader.page.getByTestId('presenter').waitFor();
		expect(await leader.page.getByTestId('presenter-title').textContent()).toBe('Vụ việc cao điểm 2025 quanh Mộc Bài');
		expect(await leader.page.getByTestId('presenter-position').textContent()).toBe('Trang 1 / 8');
		const frame = leader.page.frameLocator('iframe');
		await frame.locator('[data-map-ready="true"]').waitFor({ timeout: 30_000 });
		expect(await frame.locator('header').count()).toBe(0);
		await leader.page.waitForTimeout(1000);
		await leader.page.screenshot({ path: join(ARTIFACTS, 'present-map.png') });
		await leader.page.keyboard.press('ArrowRight');
		await leader.page.keyboard.press('ArrowRight');
		expect(await leader.page.getByTestId('presenter-position').textContent()).toBe('Trang 3 / 8');
		await leader.page.getByTestId('slide-chart').waitFor();
		expect(await leader.page.locator('[data-testid="slide-chart"] rect[data-peak]').count()).toBeGreaterThan(0);
		await leader.page.screenshot({ path: join(ARTIFACTS, 'present-chart.png') });
		await leader.page.keyboard.press('ArrowRight');
		expect(await leader.page.getByTestId('presenter-position').textContent()).toBe('Trang 4 / 8');
		expect(await leader.page.getByTestId('slide-figures').textContent()).toContain('Vụ việc');
		await leader.page.screenshot({ path: join(ARTIFACTS, 'present-figures.png') });
		// On a tablet in portrait the slide's text stays large and the controls fit the screen.
		await leader.page.setViewportSize({ width: 820, height: 1180 });
		await leader.page.waitForTimeout(300);
		const px = (selector: string) => leader.page.locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(await px('[data-testid="presenter-title"]')).toBeGreaterThanOrEqual(30);
		expect(await px('[data-testid="slide-figures"] b')).toBeGreaterThanOrEqual(36);
		expect(await leader.page.locator('[data-testid="presenter"] footer').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
		await leader.page.screenshot({ path: join(ARTIFACTS, 'present-tablet.png') });
		await leader.page.setViewportSize({ width: 1366, height: 860 });
		await leader.page.keyboard.press('ArrowRight');
		expect(await leader.page.locator('[data-testid="slide-deployments"] tbody tr').count()).toBeGreaterThan(0);
		await leader.page.screenshot({ path: join(ARTIFACTS, 'present-deployments.png') });
		await leader.page.keyboard.press('ArrowRight');
		// Hot spot cells per year, or a year marked as too thin for an analysis at the export tier.
		expect((await leader.page.locator('[data-testid="slide-chart"] svg rect').count()) + (await leader.page.getByTestId('too-few').count())).toBeGreaterThan(0);
		await leader.page.screenshot({ path: join(ARTIFACTS, 'present-hotspot-trend.png') });
		await leader.page.keyboard.press('ArrowRight');
		expect(await leader.page.getByTestId('presenter-position').textContent()).toBe('Trang 7 / 8');
		expect(await leader.page.getByTestId('slide-chart').textContent()).toContain('Theo kế hoạch');
		await leader.page.screenshot({ path: join(ARTIFACTS, 'present-coverage.png') });
		// The Gi* analysis runs again inside its slide, for the leader.
		await leader.page.keyboard.press('End');
		expect(await leader.page.getByTestId('presenter-title').textContent()).toMatch(/^Điểm nóng · .*Gi\*.* · Cao điểm .*2025$/);
		const analysis = leader.page.frameLocator('iframe');
		await analysis.locator('.app[data-loading="false"]').waitFor({ timeout: 60_000 });
		await leader.page.waitForTimeout(1000);
		await leader.page.screenshot({ path: join(ARTIFACTS, 'present-analysis.png') });
		await leader.page.keyboard.press('Home');
		for (let i = 0; i < 3; i++) await leader.page.keyboard.press('PageDown');
		expect(await leader.page.getByTestId('presenter-position').textContent()).toBe('Trang 4 / 8');
		// The figures slide as PNG, then the whole briefing as PDF (maps drawn in the browser, the rest on the server).
		const [png] = await Promise.all([leader.page.waitForEvent('download'), leader.page.getByTestId('export-png').click()]);
		expect(png.suggestedFilename()).toBe('DEMO-giao-ban-cao-diem-tay-ninh-4.png');
		const pngBytes = readFileSync((await png.path())!);
		expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
		expect(pngBytes.length).toBeGreaterThan(10_000);
		// The picture says what it is: a white band with title, period and DEMO label above the slide.
		writeFileSync(join(ARTIFACTS, 'present-export.png'), pngBytes);
		const size = { width: pngBytes.readUInt32BE(16), height: pngBytes.readUInt32BE(20) };
		expect(size.height).toBeGreaterThan(size.width / 8);
		const [pdfDownload] = await Promise.all([leader.page.waitForEvent('download', { timeout: 120_000 }), leader.page.getByTestId('export-pdf').click()]);
		expect(pdfDownload.suggestedFilename()).toBe('DEMO-giao-ban-cao-diem-tay-ninh.pdf');
		const pdfBytes = readFileSync((await pdfDownload.path())!);
		const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
		const pdf = await pdfjs.getDocument({ data: new Uint8Array(pdfBytes) }).promise;
		expect(pdf.numPages).toBe(9);
		const pageText = async (n: number) => ((await (await pdf.getPage(n)).getTextContent()).items as { str: string }[]).map((i) => i.str).join(' ');
		expect(await pageText(1)).toContain('Giao ban cao điểm Tây Ninh');
		expect(await pageText(1)).toContain('DỮ LIỆU DEMO');
		expect(await pageText(2)).toContain('Vụ việc cao điểm 2025 quanh Mộc Bài');
		expect(await pageText(4)).toContain('Cao điểm 1/7–30/9');
		expect(await pageText(5)).toContain('Nạn nhân');
		expect(await pageText(6)).toContain('Đội tuyên truyền');
		expect(await pageText(7)).toContain('Điểm nóng — tin cậy 99%');
		expect(await pageText(8)).toContain('Theo kế hoạch');
		// Pages 2 (a map, as an image) and 4 (the chart, as vectors) rendered to PNG by pdf.js in Chromium.
		const viewer = await leader.context.newPage();
		await viewer.setContent('<canvas id="page"></canvas>');
		for (const n of [2, 4]) {
			await viewer.evaluate(
				async ({ lib, worker, data, n }) => {
					const url = (code: string) => URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
					// (A string: the test's own import() would be rewritten by the test runner.)
					const pdfjsLib = await new Function('u', 'return import(u)')(url(lib));
					pdfjsLib.GlobalWorkerOptions.workerSrc = url(worker);
					const doc = await pdfjsLib.getDocument({ data: Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) }).promise;
					const page = await doc.getPage(n);
					const viewport = page.getViewport({ scale: 1.5 });
					const canvas = document.getElementById('page') as HTMLCanvasElement;
					canvas.width = viewport.width;
					canvas.height = viewport.height;
					await page.render({ canvas, canvasContext: canvas.getContext('2d')!, viewport }).promise;
				},
				{ lib: readFileSync('node_modules/pdfjs-dist/build/pdf.min.mjs', 'utf8'), worker: readFileSync('node_modules/pdfjs-dist/build/pdf.worker.min.mjs', 'utf8'), data: pdfBytes.toString('base64'), n }
			);
			await viewer.locator('#page').screenshot({ path: join(ARTIFACTS, `briefing-pdf-page-${n}.png`) });
		}
		await viewer.close();
		// The quarterly/peak report of Tây Ninh, as the steering committee gets it: on screen and in Word.
		await leader.page.goto(`${origin}/reports?unit=tay-ninh&period=peak-2025`);
		expect(await leader.page.getByTestId('report').textContent()).toContain('1. Công tác tuyên truyền');
		// On screen the in-app threshold; the documents that leave use the export threshold.
		expect(await leader.page.getByTestId('export-tier').textContent()).toContain('k = 11');
		const [docx] = await Promise.all([leader.page.waitForEvent('download', { timeout: 120_000 }), leader.page.getByTestId('report-docx').click()]);
		expect(docx.suggestedFilename()).toBe('DEMO-bao-cao-tay-ninh-peak-2025.docx');
		const word = unzipSync(readFileSync((await docx.path())!));
		const documentXml = strFromU8(word['word/document.xml']!);
		// The unit's map (drawn by the browser) and the two charts, as pictures.
		const pictures = Object.keys(word).filter((name) => name.startsWith('word/media/'));
		expect(pictures).toHaveLength(3);
		pictures.forEach((name, i) => writeFileSync(join(ARTIFACTS, `report-picture-${i + 1}.png`), word[name]!));
		// The map picture carries its legend (dark text, bottom right) and a scale bar (a dark line, bottom left).
		const mapPicture = pictures.map((name) => Buffer.from(word[name]!)).find((png) => png.readUInt32BE(16) === 2 * png.readUInt32BE(20))!;
		const probe = await darkPixels(mapPicture);
		expect(probe.legendText).toBeGreaterThan(200);
		expect(probe.scaleBar).toBe(true);
		expect(documentXml).toContain('BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC PHÒNG, CHỐNG MUA BÁN NGƯỜI');
		expect(documentXml).toContain('Tây Ninh');
		expect(documentXml).toContain('Số liệu từ tất cả bản ghi, kể cả');
		expect(documentXml).toContain('dưới 11 vụ');
		await leader.page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: true });
		// Leaders present but do not change briefings.
		const denied = await leader.page.request.post(`${origin}/api/briefings`, { data: { title: 'x', slide: { kind: 'figures', title: 'x' } } });
		expect(denied.status()).toBe(403);
		await leader.context.close();
	});

	it('takes the view as it is now, not as the page was loaded: "Add to briefing" and the language switch', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'planner@demo.vn', '/');
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await waitForLoads(page);
		// Changed after the page loaded (no reload): the period and a layer.
		await page.selectOption('[data-testid="period"]', 'peak-2025');
		await page.getByRole('checkbox', { name: 'Hoạt động tuyên truyền' }).check();
		await page.waitForFunction(() => {
			const p = new URL(location.href).searchParams;
			return p.get('period') === 'peak-2025' && (p.get('layers') ?? '').split(',').includes('outreach');
		});
		const shown = new URL(page.url()).searchParams;
		await page.getByTestId('add-to-briefing').click();
		await page.selectOption('[data-testid="briefing-choice"]', '');
		await page.getByTestId('new-briefing-title').fill('Khung nhìn hiện tại');
		await page.getByTestId('add-slide').click();
		await expect.poll(() => page.getByTestId('added').textContent()).toContain('Khung nhìn hiện tại');
		const briefing = await page.getByTestId('added').locator('a').getAttribute('href');

		await page.getByTestId('language').click();
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
		// The document says its language too (screen readers, hyphenation).
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(await page.inputValue('[data-testid="period"]')).toBe('peak-2025');
		expect(await page.getByRole('checkbox', { name: 'Outreach activities' }).isChecked()).toBe(true);

		// The slide opens the view as it was when it was added.
		await page.goto(`${origin}${briefing}`);
		const src = await page.locator('[data-testid="slides"] iframe').first().getAttribute('src');
		const slide = new URL(src!, origin).searchParams;
		expect(slide.get('period')).toBe('peak-2025');
		expect(slide.get('layers')).toBe(shown.get('layers'));
		expect(slide.get('view')).toBe(shown.get('view'));
		await context.close();
	});

	it('shows two planners editing one briefing the conflict, and merges so that neither loses a note or a slide', async () => {
		const a = await newPage();
		const b = await newPage();
		await signIn(a.page, 'planner@demo.vn', '/briefings');
		await signIn(b.page, 'planner@demo.vn', '/briefings');
		const id = crypto.randomUUID();
		const made = await a.page.request.post(`${origin}/api/briefings`, { data: { id, title: 'Giao ban hai người', slide: { kind: 'figures', title: 'Số liệu chung', notes: '', filters: { from: '2025-07-01', to: '2025-09-30' } } } });
		expect(made.status()).toBe(201);
		for (const { page } of [a, b]) await page.goto(`${origin}/briefings/${id}`);
		// A writes notes and saves.
		await a.page.getByLabel('Ghi chú').first().fill('Ghi chú của A');
		await a.page.getByTestId('briefing-save').click();
		await a.page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
		// B, on the version opened before, renames the briefing and adds key figures, then saves.
		await b.page.getByLabel('Tiêu đề', { exact: true }).fill('Giao ban của B');
		await b.page.getByTestId('add-figures').click();
		await b.page.getByTestId('briefing-save').click();
		await b.page.getByTestId('briefing-conflict').waitFor();
		await b.page.screenshot({ path: join(ARTIFACTS, 'briefing-conflict.png'), fullPage: true });
		await b.page.getByTestId('conflict-merge').click();
		await b.page.getByTestId('briefing-merged').waitFor();
		await b.page.getByTestId('briefing-save').click();
		await b.page.getByRole('status').filter({ hasText: 'Đã lưu' }).waitFor();
		const stored = (await (await b.page.request.get(`${origin}/api/briefings`)).json()) as { id: string; title: string; slides: number }[];
		expect(stored.find((x) => x.id === id)).toMatchObject({ title: 'Giao ban của B', slides: 2 });
		await b.page.reload();
		expect(await b.page.getByLabel('Ghi chú').first().inputValue()).toBe('Ghi chú của A');
		await a.context.close();
		await b.context.close();
	});

	it('lets an admin import official district boundaries, see which units match and replace their outlines', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'admin@demo.vn', '/data/boundaries');
		await page.setInputFiles('[data-testid="boundaries-file"]', 'tests/fixtures/import/ranh-gioi-huyen.geojson');
		await page.getByTestId('boundaries-check').click();
		await page.getByTestId('boundaries-matched').waitFor({ timeout: 30_000 });
		expect(await page.locator('[data-testid="boundaries-matched"] tbody tr').allTextContents()).toEqual([
			'1Bến Cầu (tay-ninh.ben-cau)mã',
			'2Tân Biên (tay-ninh.tan-bien)tên',
			'4TP. Tây Ninh (tay-ninh.tp-tay-ninh)mã · ranh giới tự cắt đã được sửa'
		]);
		expect(await page.getByTestId('boundaries-skipped').textContent()).toContain('Huyện Không Có Ở Đây');
		// What the replacement changes is shown first (current outlines beside the new ones, overlaps,
		// gaps, parts beyond the border), and it is asked before anything is written.
		const warned = (await page.getByTestId('boundaries-warnings').textContent().catch(() => null)) ?? (await page.getByTestId('boundaries-warnings-none').textContent());
		expect(warned).toMatch(/chồng lên nhau|khoảng trống|ngoài biên giới|Không thấy chồng lấn/);
		expect(await page.getByTestId('legend-boundaries').textContent()).toContain('Ranh giới hiện tại');
		const asked: string[] = [];
		page.once('dialog', (dialog) => {
			asked.push(dialog.message());
			void dialog.dismiss();
		});
		await page.getByTestId('boundaries-commit').click();
		await page.waitForTimeout(500);
		expect(asked[0]).toContain('Thay ranh giới của 3 đơn vị bằng ranh giới trong tệp?');
		expect(await page.getByTestId('boundaries-done').count()).toBe(0);
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByTestId('boundaries-commit').click();
		await expect.poll(() => page.getByTestId('boundaries-done').textContent().catch(() => '')).toBe('Đã cập nhật ranh giới của 3 đơn vị.');
		await page.waitForTimeout(800);
		await page.screenshot({ path: join(ARTIFACTS, 'boundaries.png') });
		await context.close();
	});

	it('lets an admin install an offline basemap (PMTiles) that every map then draws, refusing a file that is not one', async () => {
		const work = mkdtempSync(join(tmpdir(), 'basemap-e2e-'));
		const good = join(work, 'tay-ninh-thu.pmtiles');
		writeFileSync(good, testBasemap());
		const bad = join(work, 'not-a-map.pmtiles');
		writeFileSync(bad, 'name,lat,lon\n');
		const { context, page } = await newPage();
		await signIn(page, 'admin@demo.vn', '/admin');
		expect(await page.getByTestId('basemap-status').textContent()).toContain('bản đồ nền đi kèm');
		await page.setInputFiles('[data-testid="basemap-file"]', bad);
		await page.getByTestId('basemap-install').click();
		await expect.poll(() => page.getByTestId('basemap-message').textContent().catch(() => '')).toContain('không phải tệp PMTiles');
		await page.setInputFiles('[data-testid="basemap-file"]', good);
		await page.getByTestId('basemap-install').click();
		await expect.poll(() => page.getByTestId('basemap-message').textContent().catch(() => '')).toContain('Đã cài bản đồ nền “tay-ninh-thu.pmtiles”');
		expect(await page.getByTestId('basemap-status').textContent()).toContain('water, waterway, transportation, place');

		// A planner's map at district zoom over the test file's lake: drawn from the installed tiles.
		const planner = await newPage();
		const tiles: number[] = [];
		planner.page.on('response', (response) => {
			if (response.url().includes('/basemap/tiles/')) tiles.push(response.status());
		});
		await signIn(planner.page, 'planner@demo.vn');
		await planner.page.goto(`${origin}/?view=106.15,11.425,12&layers=borderLines`);
		const map = planner.page.locator('[data-map-drawn="true"]');
		await map.waitFor({ timeout: 60_000 });
		expect(await map.getAttribute('data-basemap')).toBe('tay-ninh-thu.pmtiles');
		expect(tiles.length).toBeGreaterThan(0);
		expect(tiles.every((status) => status === 200)).toBe(true);
		const lake = await pixelAt(await map.screenshot(), 0.75, 0.5);
		// The lake's water colour (#bcd6e8), not the bundled land (#fdfbf5).
		expect(Math.abs(lake[0]! - 0xbc) + Math.abs(lake[1]! - 0xd6) + Math.abs(lake[2]! - 0xe8)).toBeLessThan(30);
		await planner.page.screenshot({ path: join(ARTIFACTS, 'basemap-installed.png') });
		await planner.context.close();

		// Back to the bundled basemap (asked first).
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByTestId('basemap-remove').click();
		await expect.poll(() => page.getByTestId('basemap-message').textContent().catch(() => '')).toContain('Đã gỡ bản đồ nền');
		expect(await page.getByTestId('basemap-status').textContent()).toContain('bản đồ nền đi kèm');
		await context.close();
		rmSync(work, { recursive: true, force: true });
	});

	it('works on a phone (390 px): a planner reads the map and its legend, an official enters a record', async () => {
		const phone = { width: 390, height: 844, mobile: true };
		const planner = await newPage(phone);
		await signIn(planner.page, 'planner@demo.vn');
		const p = planner.page;
		await p.waitForSelector('[data-map-drawn="true"]', { timeout: 60_000 });
		// The map first: the panel and the legend start folded, each opens with a tap.
		expect(await p.locator('#panel-body').isHidden()).toBe(true);
		const map = (await p.locator('[data-map-drawn]').boundingBox())!;
		expect(map.width).toBeGreaterThanOrEqual(389);
		expect(map.height).toBeGreaterThan(500);
		await p.getByTestId('map-legend').getByRole('button').tap();
		await p.getByTestId('legend-border').waitFor();
		expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await p.screenshot({ path: join(ARTIFACTS, 'phone-map.png') });
		await planner.context.close();

		const official = await newPage(phone);
		await signIn(official.page, 'official@demo.vn', '/data');
		const o = official.page;
		await o.getByTestId('record-new').tap();
		for (const [field, value] of [['label', 'Dãy trọ điện thoại (demo)'], ['workers', '18'], ['lon', '106,1752'], ['lat', '11,0467']] as const) {
			const input = o.getByTestId(`field-${field}`);
			await input.scrollIntoViewIfNeeded();
			const box = (await input.boundingBox())!;
			// Inside the screen and tall enough for a thumb.
			expect(box.x + box.width).toBeLessThanOrEqual(390);
			expect(box.height).toBeGreaterThanOrEqual(34);
			await input.tap();
			await input.fill(value);
		}
		await o.getByTestId('record-save').scrollIntoViewIfNeeded();
		await o.getByTestId('record-save').tap();
		await expect.poll(() => o.getByTestId('form-message').textContent()).toBe('Đã lưu và gửi duyệt (phiên bản 1).');
		expect(await o.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		await o.screenshot({ path: join(ARTIFACTS, 'phone-record.png') });
		await official.context.close();
	});

	it('says so when a click would place a record outside Vietnam, and places nothing', async () => {
		const { context, page } = await newPage();
		await signIn(page, 'official@demo.vn', '/data');
		await page.waitForSelector('[data-map-drawn="true"]', { timeout: 60_000 });
		await page.getByTestId('record-new').click();
		// Out to where Cambodia shows west of Bến Cầu, then a click on it.
		for (let i = 0; i < 4; i++) {
			await page.getByRole('button', { name: 'Thu nhỏ' }).click();
			await page.waitForTimeout(400);
		}
		await page.waitForSelector('[data-map-drawn="true"]');
		const box = (await page.locator('[data-map-drawn]').boundingBox())!;
		await page.mouse.click(box.x + 40, box.y + box.height / 2);
		await expect.poll(() => page.getByTestId('notice').textContent().catch(() => '')).toContain('ngoài lãnh thổ Việt Nam');
		expect(await page.getByTestId('field-lon').inputValue()).toBe('');
		// A click on the district itself places the point.
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
		await expect.poll(() => page.getByTestId('field-lon').inputValue()).toMatch(/^106\.\d{6}$/);
		await context.close();
	});

	it('can be used with the keyboard alone: the map panel, a record form, an import, every focus visible', async () => {
		/** Tabs until `match` holds for the focused element (at most `limit` presses); checks each focus is visible. */
		async function tabTo(page: Page, match: (el: { testid: string | null; label: string; tag: string }) => boolean, limit = 120) {
			for (let i = 0; i < limit; i++) {
				await page.keyboard.press('Tab');
				const focused = await page.evaluate(() => {
					const el = document.activeElement as HTMLElement | null;
					if (!el || el === document.body) return null;
					const style = getComputedStyle(el);
					const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
					const label = (el.getAttribute('aria-label') ?? el.closest('label')?.textContent ?? el.textContent ?? '').trim();
					return { testid: el.getAttribute('data-testid'), label, tag: el.tagName, visible };
				});
				if (!focused) continue;
				expect(focused.visible, `focus on ${focused.tag} "${focused.label.slice(0, 40)}" is visible`).toBe(true);
				if (match(focused)) return;
			}
			throw new Error('not reached with Tab');
		}
		const planner = await newPage();
		await signIn(planner.page, 'planner@demo.vn');
		const p = planner.page;
		await p.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await tabTo(p, (el) => el.tag === 'INPUT' && el.label.startsWith('Hoạt động tuyên truyền'));
		await p.keyboard.press('Space');
		await p.waitForFunction(() => (new URL(location.href).searchParams.get('layers') ?? '').split(',').includes('outreach'));
		await tabTo(p, (el) => el.label.startsWith('Chú giải'));
		await p.keyboard.press('Enter');
		expect(await p.getByTestId('legend-outreach').count()).toBe(0);
		await p.keyboard.press('Enter');
		await p.getByTestId('legend-outreach').waitFor();
		await planner.context.close();

		const official = await newPage();
		await signIn(official.page, 'official@demo.vn', '/data');
		const o = official.page;
		await tabTo(o, (el) => el.testid === 'record-new');
		await o.keyboard.press('Enter');
		await tabTo(o, (el) => el.testid === 'field-label');
		await o.keyboard.type('Dãy trọ bàn phím (demo)');
		await tabTo(o, (el) => el.testid === 'field-workers');
		await o.keyboard.type('21');
		await tabTo(o, (el) => el.testid === 'field-lon');
		await o.keyboard.type('106.1771');
		await tabTo(o, (el) => el.testid === 'field-lat');
		await o.keyboard.type('11.0481');
		await tabTo(o, (el) => el.testid === 'record-save');
		await o.keyboard.press('Enter');
		await expect.poll(() => o.getByTestId('form-message').textContent()).toBe('Đã lưu và gửi duyệt (phiên bản 1).');

		await o.goto(`${origin}/data/import`);
		await o.setInputFiles('[data-testid="import-file"]', 'tests/fixtures/import/nha-tro-loi.xlsx');
		await tabTo(o, (el) => el.testid === 'import-check');
		await o.keyboard.press('Enter');
		await o.getByTestId('import-problems').waitFor({ timeout: 30_000 });
		await official.context.close();
	});

	/** A PNG's pixels (RGBA rows), decoded by the browser. */
	async function decodePng(png: Buffer): Promise<{ width: number; height: number; rgba: Buffer }> {
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
	async function darkPixels(png: Buffer): Promise<{ legendText: number; scaleBar: boolean }> {
		const { width: w, height: h, rgba } = await decodePng(png);
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
	async function pixelAt(png: Buffer, fx: number, fy: number): Promise<number[]> {
		const { width, height, rgba } = await decodePng(png);
		const i = (Math.floor(height * fy) * width + Math.floor(width * fx)) * 4;
		return [...rgba.subarray(i, i + 4)];
	}

	it('passes axe-core (WCAG 2.1 A and AA) on every page and open dialog, in both languages, with no serious or critical violation', async () => {
		// A context of its own: axe is injected as a script, which the app's CSP would (rightly) refuse.
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
		const page = await context.newPage();
		const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
		const found: string[] = [];
		async function audit(what: string) {
			await page.addScriptTag({ content: axe });
			const result = await page.evaluate(() =>
				(window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe.run({
					runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
				})
			);
			for (const v of result.violations) {
				if (v.impact === 'serious' || v.impact === 'critical') found.push(`${what}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
			}
		}
		async function visit(path: string) {
			await page.goto(`${origin}${path}`);
			await page.waitForLoadState('networkidle');
			await audit(path);
		}
		await visit('/login');
		await page.getByLabel('Email', { exact: true }).fill('admin@demo.vn');
		await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await page.waitForURL((url) => url.pathname === '/');
		for (const lang of ['vi', 'en']) {
			for (const path of ['/', '/plan', '/reports?unit=tay-ninh&period=peak-2025', '/briefings', '/data', '/data/import', '/data/boundaries', '/admin']) {
				await visit(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
			}
			// A briefing, its presenter, and the dialogs: add to briefing, approve and lock, the narrow-screen menu.
			await visit(`/briefings?lang=${lang}`);
			const briefing = await page.locator('[data-testid="briefings"] a').first().getAttribute('href');
			await visit(`${briefing}?lang=${lang}`);
			await visit(`${briefing}/present?lang=${lang}`);
			await visit(`/?lang=${lang}`);
			await page.getByTestId('add-to-briefing').click();
			await page.getByTestId('add-slide').waitFor();
			await audit(`add to briefing (${lang})`);
			await visit(`/reports?unit=tay-ninh&period=q1-2025&lang=${lang}`);
			await page.getByTestId('report-approve').click();
			await audit(`approve and lock (${lang})`);
			await page.setViewportSize({ width: 820, height: 1180 });
			await page.getByTestId('menu').click();
			await audit(`menu at 820 px (${lang})`);
			await page.setViewportSize({ width: 1440, height: 900 });
		}
		expect(found).toEqual([]);
		await context.close();
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
	});

	it('refuses a cross-site form post (CSRF) and sets no session', async () => {
		const response = await fetch(`${origin}/login`, {
			method: 'POST',
			headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email: 'admin@demo.vn', password: DEMO_PASSWORD })
		});
		expect(response.status).toBe(403);
		expect(response.headers.get('set-cookie')).toBeNull();
	});

	it('sends security headers, with a CSP that allows only its own origin and MapLibre’s blob workers', async () => {
		const response = await fetch(`${origin}/login`);
		const csp = response.headers.get('content-security-policy') ?? '';
		expect(csp).toContain("default-src 'self'");
		expect(csp).toContain("worker-src 'self' blob:");
		expect(csp).toContain("connect-src 'self'");
		expect(csp).toContain("frame-ancestors 'self'");
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
	});
});
