/**
 * District entry at a border post: the app opens without network (the server gone, the browser
 * offline), changes wait on the device across a closed tab, go out in order when the network is
 * back, a conflicting edit made meanwhile is settled field by field, the same edit from two devices
 * is stored once, and signing out leaves nothing on the device. Cases are never kept on a device.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { ARTIFACTS, DEMO_PASSWORD, e2eApp, run, saveNewHouse } from './fixture';

const PHONE = { width: 390, height: 844, mobile: true };
/** A GPS fix in Bến Cầu (the demo official's district), 9 m accuracy. */
const POSITION = { geolocation: { longitude: 106.1845, latitude: 11.0712, accuracy: 9 }, permissions: ['geolocation'] };

interface Listed {
	id: string;
	version: number;
	label: string;
	workers: number;
	location_source: string;
	location_accuracy_m: number | null;
}

/** What this origin keeps on the device: cached addresses and the changes in the outbox. */
const kept = (page: Page) =>
	page.evaluate(async () => {
		const addresses: string[] = [];
		for (const name of await caches.keys()) {
			if (name.startsWith('atlas-shell-')) continue;
			for (const r of await (await caches.open(name)).keys()) addresses.push(`${name} ${new URL(r.url).pathname}${new URL(r.url).search}`);
		}
		const changes = await new Promise<number>((resolve) => {
			const open = indexedDB.open('hotspot-atlas-outbox');
			open.onsuccess = () => {
				const db = open.result;
				if (!db.objectStoreNames.contains('changes')) return resolve(0);
				const count = db.transaction('changes').objectStore('changes').count();
				count.onsuccess = () => (db.close(), resolve(count.result));
			};
			open.onerror = () => resolve(-1);
		});
		const drafts = Object.keys(localStorage).filter((k) => k.startsWith('hotspot-atlas:')).length;
		return { addresses, changes, drafts };
	});

/** The session cookie's contents (@supabase/ssr: "base64-" + base64url JSON, maybe in chunks .0, .1 …). */
async function sessionCookie(context: BrowserContext) {
	const cookies = (await context.cookies()).filter((c) => /^sb-.+-auth-token(\.\d+)?$/.test(c.name));
	cookies.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
	const raw = cookies.map((c) => c.value).join('');
	const session = JSON.parse(Buffer.from(raw.replace(/^base64-/, ''), 'base64url').toString()) as { expires_at: number; access_token: string };
	return { cookies, session };
}

/**
 * A shift later: the access token has run out while the device was offline (its hour is up); only
 * the refresh token can bring the session back.
 */
async function expireAccessToken(context: BrowserContext) {
	const { cookies, session } = await sessionCookie(context);
	const expired = { ...session, expires_at: Math.floor(Date.now() / 1000) - 3600 };
	const base = cookies[0]!.name.replace(/\.\d+$/, '');
	await context.clearCookies({ name: /^sb-.+-auth-token/ });
	await context.addCookies([{ ...cookies[0]!, name: base, value: `base64-${Buffer.from(JSON.stringify(expired)).toString('base64url')}` }]);
}

describe.runIf(run)('Hotspot Atlas in Chromium: entry without network', () => {
	const e2e = e2eApp();
	const { newPage, signIn, serverDown, serverUp } = e2e;
	let origin = '';
	beforeAll(() => ({ origin } = e2e.ready()));

	const list = async (page: Page, q: string) =>
		((await (await page.request.get(`${origin}/api/records/boarding_houses?q=${encodeURIComponent(q)}`)).json()) as { rows: Listed[] }).rows;
	const message = (page: Page) => page.getByTestId('form-message').textContent();

	it('opens offline on a phone, keeps changes across a closed tab, sends them when the network is back and settles a conflict field by field', async () => {
		const { context, page } = await newPage(PHONE, POSITION);
		await signIn(page, 'official@demo.vn', '/data');

		// Online: a house placed by the phone's GPS, which says so with its accuracy.
		await page.getByTestId('record-new').click();
		await page.getByTestId('field-label').fill('Dãy trọ Mộc Bài 7');
		await page.getByTestId('field-workers').fill('40');
		await page.getByTestId('use-position').click();
		await expect.poll(() => page.getByTestId('position-accuracy').textContent()).toBe('Sai số GPS khoảng ± 9 m');
		expect(await page.getByTestId('field-location_source').inputValue()).toBe('gps');
		await page.getByTestId('record-save').click();
		await expect.poll(() => message(page)).toBe('Đã lưu và gửi duyệt (phiên bản 1).');
		const [house] = await list(page, 'moc bai 7');
		expect(house).toMatchObject({ version: 1, location_source: 'gps', location_accuracy_m: 9 });

		// The service worker keeps the pages of every kind the official enters (never cases), the list
		// as it stands after the save.
		await page.waitForFunction(
			async () => {
				const cache = await caches.open('atlas-data');
				const page = await (await cache.match('/data?kind=boarding_houses'))?.text();
				return Boolean(page?.includes('Dãy trọ Mộc Bài 7') && (await cache.match('/data?kind=model_sites')));
			},
			null,
			{ timeout: 60_000 }
		);

		// The network goes: the server is gone and the browser is offline (the worker controls the page).
		// (ready gives the active worker while it may still be activating.)
		await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state)).toBe('activated');
		await serverDown();
		await context.setOffline(true);
		// Any page of the app opened without network leads to the records page, which works offline. The
		// worker answers with a redirect to the kept page; anything else says what the device had. One
		// retry: a worker the browser had stopped may miss its first navigation on a loaded machine (seen
		// in CI only, where the cause could not be watched: the log line below says what happened).
		const kept = () =>
			page.evaluate(async () =>
				(await Promise.all((await caches.keys()).map(async (k) => `${k}: ${(await (await caches.open(k)).keys()).length}`))).join(', ')
			);
		const offlineGoto = async () => {
			const answer = await page.goto(`${origin}/plan`);
			const worker = await page.evaluate(() => document.querySelector('meta[name="atlas-kept"]')?.getAttribute('content'));
			return `${page.url()} (${answer?.status()}, "${await page.title()}"); kept: ${await kept()}; the worker saw: ${worker ?? '-'}`;
		};
		let landed = await offlineGoto();
		if (new URL(page.url()).pathname !== '/data') {
			console.log(`offline /plan, first try: ${landed}`);
			landed = await offlineGoto();
		}
		expect(new URL(page.url()).pathname, landed).toBe('/data');
		await page.goto(`${origin}/data?kind=boarding_houses`);
		await page.getByTestId('offline-note').waitFor();
		expect(await page.locator('[data-testid="records"]').textContent()).toContain('Dãy trọ Mộc Bài 7');

		// A new house, by GPS: kept on the device.
		await page.getByTestId('record-new').click();
		await page.getByTestId('field-label').fill('Dãy trọ ngoại tuyến 1');
		await page.getByTestId('field-workers').fill('12');
		await page.getByTestId('use-position').click();
		await page.getByTestId('position-accuracy').waitFor();
		await page.getByTestId('record-save').click();
		await expect.poll(() => page.getByTestId('outbox-status').textContent()).toBe('Không có mạng · 1 thay đổi đang chờ gửi');
		// The house made online, edited offline: 45 workers.
		await page.locator('[data-testid="records"] button.link', { hasText: 'Dãy trọ Mộc Bài 7' }).click();
		await page.getByTestId('field-workers').fill('45');
		await page.getByTestId('record-save').click();
		await expect.poll(() => page.getByTestId('outbox-status').textContent()).toBe('Không có mạng · 2 thay đổi đang chờ gửi');

		// The tab is closed and opened again, still without network: the changes are there, listed as waiting.
		await page.close();
		const again = await context.newPage();
		await again.goto(`${origin}/data?kind=boarding_houses`);
		await again.getByTestId('outbox-list').waitFor();
		expect(await again.locator('[data-testid="outbox-waiting"]').count()).toBe(2);
		const rows = await again.locator('[data-testid="records"] tbody tr').allTextContents();
		expect(rows[0]).toMatch(/^Dãy trọ ngoại tuyến 1.*Chờ gửi/);
		expect(rows.find((r) => r.startsWith('Dãy trọ Mộc Bài 7'))).toMatch(/Chờ gửi.*45/);
		await again.screenshot({ path: join(ARTIFACTS, 'offline-phone.png'), fullPage: true });
		// Another kind's page opens too (kept when the official was last online).
		await again.getByTestId('kind-outreach').click();
		await again.waitForURL((url) => url.searchParams.get('kind') === 'outreach');
		await again.getByTestId('records-count').waitFor();

		// Meanwhile the server is back, and an admin changes the same house: a new label, 55 workers.
		await serverUp();
		const admin = await newPage();
		await signIn(admin.page, 'admin@demo.vn', '/data');
		const edited = await admin.page.request.post(`${origin}/api/records/boarding_houses`, {
			data: {
				id: house!.id,
				version: 1,
				draft: {
					values: { label: 'Dãy trọ Mộc Bài 7 (khu B)', workers: '55', rooms: '' },
					lon: '106.1845',
					lat: '11.0712',
					outline: [],
					source: 'gps',
					accuracy: 9
				}
			}
		});
		expect(((await edited.json()) as { status: string }).status).toBe('updated');
		await admin.context.close();

		// The network is back after the access token ran out: the session is renewed from the refresh
		// token, and the changes go out in order; the edited house meets the admin's version.
		await again.goto(`${origin}/data?kind=boarding_houses`);
		await expireAccessToken(context);
		await context.setOffline(false);
		await again.evaluate(() => dispatchEvent(new Event('online')));
		await expect.poll(() => again.locator('[data-testid="outbox-conflict"]').count(), { timeout: 30_000 }).toBe(1);
		expect(await again.locator('[data-testid="outbox-waiting"]').count()).toBe(0);
		expect((await sessionCookie(context)).session.expires_at).toBeGreaterThan(Date.now() / 1000 + 600);
		const [created] = await list(again, 'ngoai tuyen 1');
		expect(created).toMatchObject({ workers: 12, location_source: 'gps', location_accuracy_m: 9 });

		// Field by field: the label only the admin changed comes chosen as theirs; the workers both
		// changed wait for a choice (45 mine, 55 theirs, 40 before).
		await again.locator('[data-testid="outbox-conflict"] button.link').click();
		await again.getByTestId('conflict').waitFor();
		// The reviewer sees where the stored point came from.
		expect(await again.getByTestId('record-place-source').textContent()).toBe('Nguồn vị trí: Vị trí GPS của máy ± 9 m');
		expect(await again.getByTestId('pick-theirs-label').isChecked()).toBe(true);
		expect(await again.getByTestId('conflict-workers').textContent()).toMatch(/Số công nhân.*Ban đầu: 40.*45.*55/);
		expect(await again.getByTestId('conflict-apply').isDisabled()).toBe(true);
		await again.screenshot({ path: join(ARTIFACTS, 'offline-conflict.png'), fullPage: true });
		await again.getByTestId('pick-mine-workers').check();
		await again.getByTestId('conflict-apply').click();
		await expect.poll(() => message(again)).toBe('Đã lưu và gửi duyệt (phiên bản 3).');
		const [settled] = await list(again, 'moc bai 7');
		expect(settled).toMatchObject({ version: 3, label: 'Dãy trọ Mộc Bài 7 (khu B)', workers: 45 });
		await expect.poll(() => again.getByTestId('outbox-list').count()).toBe(0);
		await context.close();
	});

	it('stores the same edit made on two devices once, removes what a device kept on sign-out, and never keeps cases', async () => {
		const devices = [await newPage(PHONE), await newPage(PHONE)];
		for (const d of devices) {
			await signIn(d.page, 'official@demo.vn', '/data');
			await d.page.waitForFunction(async () => (await (await caches.open('atlas-data')).keys()).length >= 4, null, { timeout: 60_000 });
			await d.page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		}
		const [house] = await list(devices[0]!.page, 'moc bai 7');
		// A search narrows the list on screen; the kind's page kept for offline stays whole.
		const first = devices[0]!.page;
		await first.getByTestId('records-search').fill('moc bai 7');
		await first.getByRole('button', { name: 'Lọc' }).click();
		await first.waitForURL((url) => url.searchParams.get('q') === 'moc bai 7');
		await expect.poll(() => first.locator('[data-testid="records"] tbody tr').count()).toBe(1);
		const keptPages = await first.evaluate(async () => {
			const cache = await caches.open('atlas-data');
			return Promise.all(['/data?kind=boarding_houses', '/data/__data.json?kind=boarding_houses'].map(async (k) => (await cache.match(k))?.text()));
		});
		for (const page of keptPages) expect(page).toContain('Dãy trọ ngoại tuyến 1');
		for (const d of devices) {
			await d.context.setOffline(true);
			await d.page.locator('[data-testid="records"] button.link', { hasText: 'Dãy trọ Mộc Bài 7' }).click();
			await d.page.getByTestId('field-workers').fill('60');
			await d.page.getByTestId('record-save').click();
			await expect.poll(() => d.page.getByTestId('outbox-status').textContent()).toBe('Không có mạng · 1 thay đổi đang chờ gửi');
		}
		for (const d of devices) {
			await d.context.setOffline(false);
			await d.page.evaluate(() => dispatchEvent(new Event('online')));
			await expect.poll(() => d.page.getByTestId('outbox-list').count(), { timeout: 30_000 }).toBe(0);
		}
		const [after] = await list(devices[0]!.page, 'moc bai 7');
		expect(after).toMatchObject({ version: house!.version + 1, workers: 60 });
		const history = (await (await devices[0]!.page.request.get(`${origin}/api/records/boarding_houses/${house!.id}`)).json()) as {
			op: string;
			changes: { field: string; to: unknown }[];
		}[];
		expect(history.filter((e) => e.changes.some((c) => c.field === 'workers' && c.to === 60))).toHaveLength(1);

		// Signing out removes the kept pages, tiles, changes and drafts of this device.
		const { page } = devices[1]!;
		await page.getByTestId('record-new').click();
		await page.getByTestId('field-label').fill('Nháp chưa lưu');
		await expect.poll(async () => (await kept(page)).drafts).toBe(1);
		expect((await kept(page)).addresses.length).toBeGreaterThanOrEqual(4);
		await page.getByTestId('menu').click();
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		await page.waitForURL((url) => url.pathname === '/login');
		expect(await kept(page)).toEqual({ addresses: [], changes: 0, drafts: 0 });
		await devices[0]!.context.close();

		// An investigator signs in on the same device, whose service worker still runs: their records
		// are cases, and nothing of them is kept.
		await signIn(page, 'investigator@demo.vn', '/data');
		await page.getByTestId('records').waitFor();
		await page.reload();
		await page.getByTestId('records').waitFor();
		expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		expect(await kept(page)).toEqual({ addresses: [], changes: 0, drafts: 0 });
		await devices[1]!.context.close();
	});

	it('gives the offline app to district officials only, whose browser keeps no answer (case counts included)', async () => {
		const casesUrl = `${origin}/api/map/cases?bbox=105.7,10.9,106.5,11.7&zoom=8`;
		const official = await newPage();
		await signIn(official.page, 'official@demo.vn', '/data');
		const forOfficial = await official.page.request.get(casesUrl);
		expect([forOfficial.status(), forOfficial.headers()['cache-control']]).toEqual([200, 'private, no-store']);
		await official.context.close();
		const planner = await newPage();
		await signIn(planner.page, 'planner@demo.vn', '/data');
		expect((await planner.page.request.get(casesUrl)).headers()['cache-control']).toBe('private, no-cache');
		await planner.page.getByTestId('records').waitFor();
		await planner.page.waitForTimeout(1000);
		expect(await planner.page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0);
		expect((await kept(planner.page)).addresses).toEqual([]);
		await planner.context.close();
	});

	it('removes what a disabled official’s device kept at its next contact, waiting changes included', async () => {
		const device = await newPage(PHONE);
		await signIn(device.page, 'official@demo.vn', '/data');
		await device.page.waitForFunction(async () => (await (await caches.open('atlas-data')).keys()).length >= 4, null, { timeout: 60_000 });
		await device.page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		await device.context.setOffline(true);
		await saveNewHouse(device.page, 'Dãy trọ sau khi khóa', '5', '106.1845', '11.0712');
		await expect.poll(async () => (await kept(device.page)).changes).toBe(1);

		const admin = await newPage();
		await signIn(admin.page, 'admin@demo.vn', '/admin');
		const row = admin.page.getByTestId('user-official@demo.vn');
		await row.getByRole('button', { name: 'Khóa' }).click();
		await row.getByRole('button', { name: 'Mở khóa' }).waitFor();

		// Back online, the device's first contact finds the account disabled: nothing of it stays.
		await device.context.setOffline(false);
		await device.page.evaluate(() => dispatchEvent(new Event('online')));
		await device.page.waitForURL((url) => url.pathname === '/login', { timeout: 30_000 });
		await expect.poll(() => kept(device.page)).toEqual({ addresses: [], changes: 0, drafts: 0 });
		expect(await list(admin.page, 'sau khi khoa')).toEqual([]);

		await row.getByRole('button', { name: 'Mở khóa' }).click();
		await row.getByRole('button', { name: 'Khóa' }).waitFor();
		await admin.context.close();
		await device.context.close();
	});

	it('counts a network without the server as offline: the page says so, a save is kept, and “Send now” sends it once the server answers', async () => {
		const { context, page } = await newPage(PHONE);
		await signIn(page, 'official@demo.vn', '/data');
		await page.waitForFunction(async () => (await (await caches.open('atlas-data')).keys()).length >= 4, null, { timeout: 60_000 });
		await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
		// The server goes; the phone keeps its network (a border post's router is up, its uplink is not).
		await serverDown();
		await page.goto(`${origin}/data?kind=boarding_houses`);
		await page.getByTestId('offline-note').waitFor();
		expect(await page.evaluate(() => navigator.onLine)).toBe(true);
		await saveNewHouse(page, 'Dãy trọ máy chủ vắng', '8', '106.1712', '11.0655');
		await expect.poll(() => page.getByTestId('outbox-status').textContent()).toBe('Không có mạng · 1 thay đổi đang chờ gửi');
		// "Send now" with the server still away keeps the change; with it back, sends it.
		const asked = page.waitForEvent('requestfailed', (r) => new URL(r.url()).pathname === '/api/ping');
		await page.getByTestId('outbox-send').click();
		await asked;
		expect(await page.getByTestId('outbox-status').textContent()).toBe('Không có mạng · 1 thay đổi đang chờ gửi');
		expect((await kept(page)).changes).toBe(1);
		await serverUp();
		await page.getByTestId('outbox-send').click();
		await expect.poll(() => page.getByTestId('outbox-list').count(), { timeout: 30_000 }).toBe(0);
		expect(await page.getByTestId('offline-note').count()).toBe(0);
		expect(await list(page, 'may chu vang')).toMatchObject([{ workers: 8, label: 'Dãy trọ máy chủ vắng' }]);
		await context.close();
	});

	it('keeps what a slow phone’s user typed into sign-in before the page’s script had loaded', async () => {
		const { context, page } = await newPage(PHONE);
		let release: () => void = () => undefined;
		const held = new Promise<void>((resolve) => (release = resolve));
		// The app's script arrives late (a slow connection): the user types meanwhile.
		await page.route('**/_app/immutable/entry/**', async (route) => (await held, route.continue()));
		await page.goto(`${origin}/login?redirectTo=%2Fdata`, { waitUntil: 'domcontentloaded' });
		expect(await page.locator('html[data-hydrated]').count()).toBe(0);
		await page.getByLabel('Email', { exact: true }).fill('official@demo.vn');
		await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
		release();
		await page.waitForSelector('html[data-hydrated="true"]');
		expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('official@demo.vn');
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
		await page.waitForURL((url) => url.pathname === '/data');
		await context.close();
	});

	e2e.expectCleanRun({ offline: true });
});
