import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, e2eApp, run } from './fixture';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';

describe.runIf(run)('Hotspot Atlas in Chromium: accessibility', () => {
	const e2e = e2eApp();
	const { newPage, signIn } = e2e;
	let browser: Browser;
	let origin = '';
	beforeAll(() => ({ browser, origin } = e2e.ready()));

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

	it('passes axe-core (WCAG 2.1 A and AA) on every page and open dialog, in both languages, with no serious or critical violation', async () => {
		// A briefing to audit with its presenter: made by a planner through the API.
		const planner = await newPage();
		await signIn(planner.page, 'planner@demo.vn', '/briefings');
		const made = await planner.page.request.post(`${origin}/api/briefings`, {
			data: {
				id: crypto.randomUUID(),
				title: 'Giao ban kiểm tra',
				slide: { kind: 'figures', title: 'Số liệu chung', notes: '', filters: { from: '2025-07-01', to: '2025-09-30' } }
			}
		});
		expect(made.status()).toBe(201);
		await planner.context.close();
		// A context of its own: axe is injected as a script, which the app's CSP would (rightly) refuse.
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true });
		const page = await context.newPage();
		const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
		const found: string[] = [];
		async function audit(what: string) {
			await page.addScriptTag({ content: axe });
			const result = await page.evaluate(() =>
				(
					window as unknown as { axe: { run: (o: object) => Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }
				).axe.run({
					runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
				})
			);
			for (const v of result.violations) {
				if (v.impact === 'serious' || v.impact === 'critical')
					found.push(
						`${what}: ${v.id} (${v.impact}) at ${v.nodes
							.map((n) => n.target.join(' '))
							.slice(0, 3)
							.join(' | ')}`
					);
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

	e2e.expectCleanRun();
});
