import { beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, clickMapCentre, count, DEMO_PASSWORD, e2eApp, param, run, waitForLoads } from './fixture';
import { join } from 'node:path';
import { GATES, INDUSTRIAL_ZONES } from '../../data/demo/places';
import type { RunningApp } from '../helpers/app';

describe.runIf(run)('Hotspot Atlas in Chromium: the map', () => {
	// What a new user meets: `npm start` on an empty data directory.
	const e2e = e2eApp({ fresh: true });
	const { newPage, signIn } = e2e;
	let app: RunningApp;
	let origin = '';
	beforeAll(() => ({ app, origin } = e2e.ready()));

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
		await page.waitForFunction(
			(before) => Number(document.querySelector('[data-testid="count-outreach"]')?.textContent?.replace(/\D/g, '')) < before,
			allOutreach
		);
		await waitForLoads(page);
		const peakOutreach = await count(page, 'outreach');
		expect(peakOutreach).toBeGreaterThan(0);
		expect(await count(page, 'cases')).toBeLessThanOrEqual(allCases);

		// Outreach forms: meetings only.
		await page.getByText('Hình thức tuyên truyền').click();
		await page.getByTestId('outreach-forms').getByLabel('Hội nghị, tọa đàm').check();
		await page.waitForFunction(() => new URL(location.href).searchParams.get('forms') === 'meeting');
		await page.waitForFunction(
			(before) => Number(document.querySelector('[data-testid="count-outreach"]')?.textContent?.replace(/\D/g, '')) < before,
			peakOutreach
		);
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
		// Rates smoothed by neighbours: classes with the method under them, or a plain "too few" instead of a map.
		await page.selectOption('[data-testid="indicator"]', 'cases_per_100k_workers_leb');
		await page.waitForFunction(() => document.querySelector('[data-testid="legend-choropleth"]')?.textContent?.includes('láng giềng'));
		expect(await page.getByTestId('legend-choropleth').textContent()).toMatch(/giáp ranh|Quá ít địa bàn có số liệu quanh/);
		await page.selectOption('[data-testid="indicator"]', 'people_reached');
		await page.waitForFunction(() => document.querySelector('[data-testid="legend-choropleth"]')?.textContent?.includes('Số người được tiếp cận'));
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
		for (const [q, name, centre] of [
			['truong sa', 'Quần đảo Trường Sa', [113.9, 9.6]],
			['hoang sa', 'Quần đảo Hoàng Sa', [111.9, 16.4]]
		] as const) {
			await page.getByTestId('search').fill(q);
			const hit = page.getByTestId('search-results').getByRole('button').first();
			await expect.poll(() => hit.textContent()).toContain(name);
			await hit.click();
			await page.waitForFunction(
				([lon, lat]) => {
					const [x, y] = (new URL(location.href).searchParams.get('view') ?? '').split(',').map(Number);
					return Math.abs(x! - lon) < 1.5 && Math.abs(y! - lat) < 1.5;
				},
				centre,
				{ timeout: 15_000 }
			);
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
		const gate = page
			.getByTestId('search-results')
			.getByRole('button', { name: /Mộc Bài/ })
			.first();
		await gate.click();
		await page.waitForFunction(() => Number(new URL(location.href).searchParams.get('view')?.split(',')[2]) >= 11.9, null, { timeout: 15_000 });
		await page.waitForTimeout(800);
		const popup = page.getByTestId('popup');
		// On a busy machine the layers of the new view may still be arriving: click again until they have.
		await expect
			.poll(
				async () => {
					await clickMapCentre(page, true);
					return popup.waitFor({ timeout: 2000 }).then(
						() => true,
						() => false
					);
				},
				{ timeout: 30_000, interval: 500 }
			)
			.toBe(true);
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
		for (const [field, value] of [
			['label', 'Dãy trọ điện thoại (demo)'],
			['workers', '18'],
			['lon', '106,1752'],
			['lat', '11,0467']
		] as const) {
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
		// Clicked again while the zoom may still be settling on a busy machine: a click outside places nothing.
		await expect
			.poll(
				async () => {
					await page.mouse.click(box.x + 40, box.y + box.height / 2);
					await page.waitForTimeout(500);
					return page
						.getByTestId('notice')
						.textContent()
						.catch(() => '');
				},
				{ timeout: 30_000 }
			)
			.toContain('ngoài lãnh thổ Việt Nam');
		expect(await page.getByTestId('field-lon').inputValue()).toBe('');
		// A click on the district itself places the point.
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
		await expect.poll(() => page.getByTestId('field-lon').inputValue()).toMatch(/^106\.\d{6}$/);
		await context.close();
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

	e2e.expectCleanRun();
});
