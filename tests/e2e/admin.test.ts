import { beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, e2eApp, pixelAt, run } from './fixture';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBasemap } from '../helpers/pmtiles';
import type { Browser } from 'playwright-core';

describe.runIf(run)('Hotspot Atlas in Chromium: administration', () => {
	const e2e = e2eApp();
	const { newPage, signIn } = e2e;
	let browser: Browser;
	let origin = '';
	beforeAll(() => ({ browser, origin } = e2e.ready()));

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
		const warned =
			(await page
				.getByTestId('boundaries-warnings')
				.textContent()
				.catch(() => null)) ?? (await page.getByTestId('boundaries-warnings-none').textContent());
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
		await expect
			.poll(() =>
				page
					.getByTestId('boundaries-done')
					.textContent()
					.catch(() => '')
			)
			.toBe('Đã cập nhật ranh giới của 3 đơn vị.');
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
		const basemapMessage = () =>
			page
				.getByTestId('basemap-message')
				.textContent()
				.catch(() => '');
		await signIn(page, 'admin@demo.vn', '/admin');
		// The publication says whether it is current or, with the data changed, that a new one is on its way.
		expect(await page.getByTestId('publication-state').textContent()).toMatch(
			/Đã cập nhật theo dữ liệu mới nhất|bản mới đang được tạo \(từ \d|bản mới sẽ được tạo trong vài giây/
		);
		await page
			.getByTestId('publication-state')
			.locator('xpath=../..')
			.screenshot({ path: join(ARTIFACTS, 'admin-publication.png') });
		expect(await page.getByTestId('basemap-status').textContent()).toContain('bản đồ nền đi kèm');
		await page.setInputFiles('[data-testid="basemap-file"]', bad);
		await page.getByTestId('basemap-install').click();
		await expect.poll(basemapMessage).toContain('không phải tệp PMTiles');
		await page.setInputFiles('[data-testid="basemap-file"]', good);
		await page.getByTestId('basemap-install').click();
		await expect.poll(basemapMessage).toContain('Đã cài bản đồ nền “tay-ninh-thu.pmtiles”');
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
		const lake = await pixelAt(browser, await map.screenshot(), 0.75, 0.5);
		// The lake's water colour (#bcd6e8), not the bundled land (#fdfbf5).
		expect(Math.abs(lake[0]! - 0xbc) + Math.abs(lake[1]! - 0xd6) + Math.abs(lake[2]! - 0xe8)).toBeLessThan(30);
		await planner.page.screenshot({ path: join(ARTIFACTS, 'basemap-installed.png') });
		await planner.context.close();

		// Back to the bundled basemap (asked first).
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByTestId('basemap-remove').click();
		await expect.poll(basemapMessage).toContain('Đã gỡ bản đồ nền');
		expect(await page.getByTestId('basemap-status').textContent()).toContain('bản đồ nền đi kèm');
		await context.close();
		rmSync(work, { recursive: true, force: true });
	});

	it('lets an admin set how far each outreach form reaches, naming a wrong value, and the planner’s coverage uses it by mode', async () => {
		const admin = await newPage();
		await signIn(admin.page, 'admin@demo.vn', '/admin');
		const loudspeaker = admin.page.getByTestId('reach-forms-loudspeaker');
		expect(await loudspeaker.inputValue()).toBe('1,5');
		await loudspeaker.fill('-1');
		await admin.page.getByTestId('reach-save').click();
		await expect.poll(() => admin.page.getByTestId('reach-status').textContent()).toBe('loudspeaker: "-1" không phải khoảng cách lớn hơn 0 và tối đa 50 km.');
		await loudspeaker.fill('0,4');
		await admin.page.getByTestId('reach-save').click();
		await expect.poll(() => admin.page.getByTestId('reach-status').textContent()).toBe('Đã lưu bán kính tiếp cận.');
		await admin.page.reload();
		expect(await admin.page.getByTestId('reach-forms-loudspeaker').inputValue()).toBe('0,4');
		await admin.context.close();

		const planner = await newPage();
		await signIn(planner.page, 'planner@demo.vn', '/plan');
		await planner.page.getByTestId('tab-coverage').click();
		await planner.page.selectOption('[data-testid="plan-unit"]', 'tay-ninh');
		await planner.page.getByTestId('run-coverage').click();
		await planner.page.getByTestId('coverage-result').waitFor({ timeout: 60_000 });
		// Every form and kind has its row (7 forms, 4 kinds), the loudspeaker with the admin's 0,4 km.
		expect(await planner.page.locator('[data-testid="coverage-modes"] tbody tr').count()).toBe(11);
		expect(await planner.page.getByTestId('mode-form-loudspeaker').textContent()).toMatch(/^Loa truyền thanh cơ sở0,4/);
		await planner.page.getByTestId('coverage-modes').scrollIntoViewIfNeeded();
		await planner.page.screenshot({ path: join(ARTIFACTS, 'plan-coverage-modes.png'), fullPage: true });
		await planner.context.close();
	});

	e2e.expectCleanRun();
});
