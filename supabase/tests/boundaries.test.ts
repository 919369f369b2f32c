import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, openTestDatabase, sqlState, type TestDatabase } from '../../tests/helpers/db';
import { readBoundaries } from '../../src/lib/import/boundaries.server';

interface Report {
	matched: { index: number; code: string; name: string; by: 'code' | 'name'; repaired: boolean }[];
	skipped: { index: number; code: string | null; name: string | null }[];
	problems: { index: number; column: string; value: string; reason: string }[];
	updated: number;
}

describe.each(backends())('import_boundaries on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(() => t?.close());

	const run = (features: unknown, dryRun: boolean) =>
		asRole(t.db, 'admin', async (tx) => {
			const report = (await tx.query<{ r: Report }>('select public.import_boundaries($1::jsonb, $2) as r', [JSON.stringify(features), dryRun])).rows[0]!.r;
			const area = (
				await tx.query<{ a: number }>(`select extensions.st_area(geom::extensions.geography) as a from public.admin_units where code = 'tay-ninh.ben-cau'`)
			).rows[0]!.a;
			return { report, area };
		});

	it('matches a district file by code or by "Huyện …" name, repairs a self-crossing outline, skips unknown units, and replaces the outlines', async () => {
		const features = await readBoundaries('ranh-gioi-huyen.geojson', readFileSync('tests/fixtures/import/ranh-gioi-huyen.geojson'));
		const before = await run(features, true);
		expect(before.report.problems).toEqual([]);
		expect(before.report.matched.map((m) => [m.code, m.by, m.repaired])).toEqual([
			['tay-ninh.ben-cau', 'code', false],
			['tay-ninh.tan-bien', 'name', false],
			['tay-ninh.tp-tay-ninh', 'code', true]
		]);
		expect(before.report.skipped).toEqual([{ index: 2, code: '99999', name: 'Huyện Không Có Ở Đây' }]);
		expect(before.report.updated).toBe(0);
		const after = await run(features, false);
		expect(after.report.updated).toBe(3);
		// The file's Bến Cầu is the demo outline shrunk by 2 %: its area is 0.98² of it.
		expect(after.area / before.area).toBeCloseTo(0.98 ** 2, 2);
	});

	it('reads a zipped Shapefile with its .prj and matches the province by its name without diacritics', async () => {
		const features = await readBoundaries('ranh-gioi-tinh.zip', readFileSync('tests/fixtures/import/ranh-gioi-tinh.zip'));
		expect(features).toHaveLength(1);
		expect(features[0]).toMatchObject({ code: '72', name: 'Tinh Tay Ninh', geometry: { type: 'Polygon' } });
		const { report } = await run(features, true);
		expect(report.matched).toMatchObject([{ code: 'tay-ninh', by: 'name' }]);
	});

	it('writes nothing when an outline is not in degrees, is not a polygon, or two rows claim one unit; only admins import', async () => {
		const square = (x: number, y: number) => ({
			type: 'Polygon',
			coordinates: [
				[
					[x, y],
					[x + 0.1, y],
					[x + 0.1, y + 0.1],
					[x, y + 0.1],
					[x, y]
				]
			]
		});
		const { report, area } = await run(
			[
				{ code: 'tay-ninh.ben-cau', name: null, geometry: square(106.1, 11.0) },
				{ code: null, name: 'Huyện Bến Cầu', geometry: square(106.1, 11.0) },
				{ code: 'tay-ninh.tan-bien', name: null, geometry: square(580000, 1220000) },
				{ code: 'tay-ninh.chau-thanh', name: null, geometry: { type: 'Point', coordinates: [106, 11] } }
			],
			false
		);
		expect(report.updated).toBe(0);
		expect(report.problems.map((p) => [p.index, p.reason])).toEqual([
			[1, 'Bến Cầu is also matched by row 1'],
			[2, 'the coordinates are not longitude/latitude degrees in Vietnam (a projected file, e.g. VN-2000, needs its .prj)'],
			[3, 'the outline is a point, not a polygon']
		]);
		expect(area).toBeGreaterThan(1e8);
		expect(await asRole(t.db, 'district_official', (tx) => sqlState(tx.query(`select public.import_boundaries('[{"code":"x"}]'::jsonb, true)`)))).toBe('42501');
	});
});
