import { beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, clickMapCentre, e2eApp, run, saveNewHouse, waitForLoads } from './fixture';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Route } from 'playwright-core';

describe.runIf(run)('Hotspot Atlas in Chromium: site records', () => {
	const e2e = e2eApp();
	const { newPage, signIn } = e2e;
	let origin = '';
	let dataDir = '';
	beforeAll(() => ({ origin, dataDir } = e2e.ready()));

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
		for (const label of ['Dãy trọ Long Thuận 1 (demo)', 'Dãy trọ Long Thuận 2 (demo)', 'Dãy trọ Tiên Thuận 3 (demo)', 'Dãy trọ Lợi Thuận 4 (demo)'])
			expect(labels).toContain(label);
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
		// Field by field, with the value both started from: the workers were changed on both sides.
		expect(conflict).toMatch(new RegExp(`Số công nhân\\s*Ban đầu: ${imported.replace('.', '\\.')}\\s*900\\s*800`));
		await other.screenshot({ path: join(ARTIFACTS, 'records-conflict.png') });
		await other.getByTestId('keep-mine').click();
		await expect.poll(() => other.getByTestId('form-message').textContent()).toBe('Đã lưu và gửi duyệt (phiên bản 5).');
		await other.close();

		// Delete, then undo. The list follows the server's answer at once, even while the page's data
		// takes seconds to reload (held back here for 5 s; in a tab without the service worker, whose
		// own fetches the browser's routing would not see).
		const slow = await newPage(undefined, { serviceWorkers: 'block' });
		await signIn(slow.page, 'official@demo.vn', '/data');
		await slow.page.goto(`${origin}/data?kind=boarding_houses&q=long+thuan+1`);
		const slowListed = () => slow.page.locator('[data-testid="records"] button.link').count();
		await expect.poll(slowListed).toBe(1);
		await slow.page.locator('[data-testid="records"] button.link').first().click();
		await slow.page.route('**/data/__data.json*', async (route: Route) => {
			await new Promise((r) => setTimeout(r, 5_000));
			await route.continue().catch(() => {});
		});
		await slow.page.getByTestId('record-delete').click();
		await expect.poll(() => slow.page.getByTestId('notice').textContent()).toContain('Đã xóa');
		await expect.poll(slowListed, { timeout: 3_000 }).toBe(0);
		await slow.page.getByTestId('undo').click();
		// The notice says the restore's own outcome (a refusal is said there) before the list is read.
		await expect.poll(() => slow.page.getByTestId('notice').textContent()).toMatch(/Đã khôi phục phiên bản \d+/);
		await expect.poll(slowListed, { timeout: 3_000 }).toBe(1);
		await slow.page.unrouteAll({ behavior: 'ignoreErrors' });
		// And the reloaded data agrees.
		await slow.page.reload();
		await expect.poll(slowListed).toBe(1);
		await slow.context.close();

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
		// What was saved leaves no draft behind (the house edited and saved above, in this browser).
		expect(await again.getByTestId('drafts').textContent()).not.toContain('Long Thuận 1');
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
			data: {
				id: listed.rows[0].id,
				version: null,
				draft: { values: { label: 'Dãy trọ nháp Bến Cầu', workers: '1.250', rooms: '' }, lon: '106.18', lat: '11.07', outline: [] }
			}
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
		await saveNewHouse(o, 'Dãy trọ duyệt thử Bến Cầu', '60', '106.181', '11.071');
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
		await expect
			.poll(() => o.getByTestId('form-message').textContent())
			.toBe('Đã gửi thay đổi để duyệt; số liệu đã duyệt vẫn được dùng đến khi thay đổi được duyệt.');
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
				data: {
					id: crypto.randomUUID(),
					version: null,
					draft: { values: { form: 'meeting', held_on, people_reached: '80', materials: '', organiser: '' }, lon: '106.18', lat: '11.07', outline: [] }
				}
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

	e2e.expectCleanRun();
});
