import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { asRole, backends, failure, openTestDatabase, sqlState, switchUser, type TestDatabase } from '../../tests/helpers/db';
import { demoUserId, type DemoRole } from '../../src/lib/server/demo/seed';
import type { Queryable } from '../../src/lib/server/db';

interface Result {
	problems: { index: number; column: string; value: string; reason: string }[];
	inserted: number;
	dry_run: boolean;
}

/** Bến Cầu, the demo official's district (Tây Ninh), and a point in another province. */
const BEN_CAU = { lon: 106.18, lat: 11.07 };
const HA_NOI = { lon: 105.85, lat: 21.03 };

describe.each(backends())('import_records on %s', (kind) => {
	let t: TestDatabase;
	const run = (role: DemoRole, what: string, records: object[], dryRun = false) =>
		asRole(t.db, role, async (tx) => {
			const result = (await tx.query<{ r: Result }>('select public.import_records($1, $2::jsonb, $3) as r', [what, JSON.stringify(records), dryRun])).rows[0]!
				.r;
			const count = (await tx.query<{ n: number }>(`select count(*)::int as n from public.boarding_houses where label like 'Nhập thử%'`)).rows[0]!.n;
			return { result, count };
		});

	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(() => t?.close());

	it('inserts every record of a clean file in the official’s own unit, each in its district', async () => {
		const records = [0, 1, 2].map((i) => ({ label: `Nhập thử ${i}`, workers: 10 + i, rooms: 3, lon: BEN_CAU.lon + i * 0.01, lat: BEN_CAU.lat }));
		const { result, count } = await run('district_official', 'boarding_houses', records);
		expect(result).toMatchObject({ problems: [], inserted: 3 });
		expect(count).toBe(3);
		const dry = await run('district_official', 'boarding_houses', records, true);
		// A dry run writes nothing, and the same records now duplicate what the previous run stored… in its
		// own rolled-back transaction: so here they are clean again.
		expect(dry.result).toMatchObject({ problems: [], inserted: 0, dry_run: true });
		expect(dry.count).toBe(0);
	});

	it('writes nothing when one record lies outside the official’s unit, and says which', async () => {
		const records = [
			{ label: 'Nhập thử A', workers: 5, lon: BEN_CAU.lon, lat: BEN_CAU.lat },
			{ label: 'Nhập thử B', workers: 5, lon: HA_NOI.lon, lat: HA_NOI.lat },
			{ label: 'Nhập thử C', workers: 5, lon: 112.5, lat: 16.5 }
		];
		const { result, count } = await run('district_official', 'boarding_houses', records);
		expect(result.inserted).toBe(0);
		expect(count).toBe(0);
		expect(result.problems.map((p) => p.index)).toEqual([1, 2]);
		expect(result.problems[0]!.reason).toMatch(/^the point lies in .+, outside your unit Bến Cầu$/);
		expect(result.problems[1]!.reason).toBe('the point lies in no administrative unit');
		// An admin may import anywhere in the country.
		expect((await run('admin', 'boarding_houses', records.slice(0, 2))).result.inserted).toBe(2);
	});

	it('finds duplicates of stored records: same kind within 50 m and a similar name', async () => {
		const stored = await asRole(
			t.db,
			'district_official',
			async (tx) =>
				(
					await tx.query<{ label: string; lon: number; lat: number }>(
						`select h.label, extensions.st_x(h.geom) as lon, extensions.st_y(h.geom) as lat from public.boarding_houses h
				 join public.admin_units u on u.id = h.admin_unit_id where u.code = 'tay-ninh.ben-cau' limit 1`
					)
				).rows[0]!
		);
		expect(stored).toBeDefined();
		const near = { lon: stored.lon + 0.0002, lat: stored.lat };
		const { result } = await run('district_official', 'boarding_houses', [
			{ label: stored.label.toUpperCase(), workers: 3, ...near },
			{ label: 'Một tên hoàn toàn khác', workers: 3, ...near }
		]);
		expect(result.problems).toHaveLength(1);
		expect(result.problems[0]).toMatchObject({ index: 0, column: 'label' });
		expect(result.problems[0]!.reason).toContain('already stored within 50 m');
	});

	it('imports outreach and model sites, and refuses other roles and kinds', async () => {
		const outreach = await asRole(
			t.db,
			'district_official',
			async (tx) =>
				(
					await tx.query<{ r: Result }>('select public.import_records($1, $2::jsonb) as r', [
						'outreach',
						JSON.stringify([{ form: 'meeting', held_on: '2025-07-30', people_reached: 120, materials: null, organiser: 'Đồn Biên phòng', ...BEN_CAU }])
					])
				).rows[0]!.r
		);
		expect(outreach.inserted).toBe(1);
		const sites = await asRole(
			t.db,
			'district_official',
			async (tx) =>
				(
					await tx.query<{ r: Result }>('select public.import_records($1, $2::jsonb) as r', [
						'model_sites',
						JSON.stringify([{ kind: 'tip_box', name: 'Hòm thư nhập thử', opened_on: null, active: true, ...BEN_CAU }])
					])
				).rows[0]!.r
		);
		expect(sites.inserted).toBe(1);
		expect(await sqlState(run('planner', 'boarding_houses', [{ label: 'x', workers: 1, ...BEN_CAU }]))).toBe('42501');
		expect(await sqlState(run('district_official', 'cases', [{ ...BEN_CAU }]))).toBe('22023');
		expect(await sqlState(run('district_official', 'boarding_houses', []))).toBe('22023');
	});

	it('imports a large file in parts: problems indexed in the file, every row written by the last call or none', async () => {
		const official = await demoUserId(t.db, 'district_official');
		const admin = await demoUserId(t.db, 'admin');
		const file = Array.from({ length: 12 }, (_, i) => ({
			label: `Nhập thử phần ${i}`,
			workers: 5 + i,
			rooms: 1,
			lon: BEN_CAU.lon + i * 0.002,
			lat: BEN_CAU.lat
		}));
		const stage = async (tx: Queryable, id: string, records: object[], first: number, dryRun = false) =>
			(
				await tx.query<{ r: { problems: Result['problems']; staged: number } }>('select public.import_stage($1, $2, $3::jsonb, $4, $5) as r', [
					id,
					'boarding_houses',
					JSON.stringify(records),
					first,
					dryRun
				])
			).rows[0]!.r;
		const finish = async (tx: Queryable, id: string, expected: number, batch: number | null = null) =>
			(
				await tx.query<{ r: { inserted: number; remaining: number } }>('select public.import_finish($1, $2, $3, $4) as r', [
					id,
					'boarding_houses',
					expected,
					batch
				])
			).rows[0]!.r;
		const apply = async (tx: Queryable, id: string, rows: number) =>
			(await tx.query<{ r: { remaining: number } }>('select public.import_apply($1, $2) as r', [id, rows])).rows[0]!.r.remaining;
		const stored = async (tx: Queryable) =>
			(await tx.query<{ n: number }>(`select count(*)::int as n from public.boarding_houses where label like 'Nhập thử phần%'`)).rows[0]!.n;

		await asRole(t.db, 'district_official', async (tx) => {
			// Parts of four rows; the sixth row of the file (the second part's second) lies in Hà Nội.
			const id = randomUUID();
			const bad = file.map((r, i) => (i === 5 ? { ...r, ...HA_NOI } : r));
			const answers = [];
			for (let first = 0; first < bad.length; first += 4) answers.push(await stage(tx, id, bad.slice(first, first + 4), first));
			expect(answers.map((a) => a.problems.map((p) => p.index))).toEqual([[], [5], []]);
			expect(answers[1]!.problems[0]!.reason).toMatch(/outside your unit Bến Cầu$/);
			// Kept rows are no sites: nothing is on the map until the last call.
			expect(answers.map((a) => a.staged)).toEqual([4, 0, 4]);
			expect(await stored(tx)).toBe(0);
			// The last call refuses an import with rows never kept, and writes nothing.
			const incomplete = (await failure(tx, () => finish(tx, id, 12)))!;
			expect(incomplete).toMatchObject({ code: '22023', message: 'this import has 8 of its 12 rows checked and kept: check the file again' });
			expect(await stored(tx)).toBe(0);
			// The file mended: the second part checked again, then written in one call, in the file's order.
			expect((await stage(tx, id, file.slice(4, 8), 4)).staged).toBe(4);
			// Another user can neither add to this import nor write it.
			await switchUser(tx, 'admin', admin);
			expect((await failure(tx, () => stage(tx, id, file.slice(0, 4), 0)))?.code).toBe('42501');
			expect((await failure(tx, () => finish(tx, id, 12)))?.message).toMatch(/^this import has 0 of its 12 rows/);
			await switchUser(tx, 'district_official', official);
			// Committed, and written in batches of five (as on the embedded database): the first with the commit.
			expect(await finish(tx, id, 12, 5)).toEqual({ inserted: 12, remaining: 7 });
			expect(await stored(tx)).toBe(5);
			// A committed import takes no more rows, is not discarded, is not committed twice, and is the
			// importer's alone to write on.
			const extra = [{ label: 'Nhập thử phần thêm', workers: 1, lon: BEN_CAU.lon, lat: BEN_CAU.lat + 0.01 }];
			expect((await failure(tx, () => stage(tx, id, extra, 12)))?.message).toBe('this import is committed already: its rows are being written');
			await tx.query('select public.import_discard($1)', [id]);
			expect((await failure(tx, () => finish(tx, id, 12)))?.message).toBe('this import is committed already: its rows are being written');
			await switchUser(tx, 'admin', admin);
			expect((await failure(tx, () => apply(tx, id, 5)))?.code).toBe('42501');
			await switchUser(tx, 'district_official', official);
			expect(await apply(tx, id, 5)).toBe(2);
			expect(await apply(tx, id, 5)).toBe(0);
			const rows = (
				await tx.query<{ label: string; approval: string; unit: string }>(
					`select b.label, b.approval, u.name as unit from public.boarding_houses b join public.admin_units u on u.id = b.admin_unit_id
					 where b.label like 'Nhập thử phần%' order by b.workers`
				)
			).rows;
			expect(rows.map((r) => r.label)).toEqual(file.map((r) => r.label));
			expect(new Set(rows.map((r) => `${r.approval} ${r.unit}`))).toEqual(new Set(['submitted Bến Cầu']));
			// Written once: the kept rows went with the write.
			expect((await failure(tx, () => finish(tx, id, 12)))?.message).toMatch(/^this import has 0 of its 12 rows/);
			expect(await stored(tx)).toBe(12);

			// The server stopped after a commit and its first batch: at the next start, with nobody signed
			// in, the rest is written, as the importer's rows awaiting review.
			const left = randomUUID();
			const more = file.map((r, i) => ({ ...r, label: `Nhập lại dở ${i}`, lat: r.lat + 0.004 }));
			for (let first = 0; first < more.length; first += 4) expect((await stage(tx, left, more.slice(first, first + 4), first)).staged).toBe(4);
			expect(await finish(tx, left, 12, 5)).toEqual({ inserted: 12, remaining: 7 });
			await tx.query(`reset role`);
			await tx.query(`select set_config('request.jwt.claims', '', true)`);
			expect((await tx.query<{ n: number }>('select private.import_resume() as n')).rows[0]!.n).toBe(7);
			expect((await tx.query<{ n: number }>('select private.import_resume() as n')).rows[0]!.n).toBe(0);
			const resumed = (
				await tx.query<{ label: string; approval: string; created_by: string }>(
					`select label, approval, created_by from public.boarding_houses where label like 'Nhập lại dở%' order by workers`
				)
			).rows;
			expect(resumed.map((r) => r.label)).toEqual(more.map((r) => r.label));
			expect(new Set(resumed.map((r) => `${r.approval} ${r.created_by}`))).toEqual(new Set([`submitted ${official}`]));
			await switchUser(tx, 'district_official', official);

			// A dry run keeps nothing; a discarded import cannot be written.
			const checked = randomUUID();
			expect((await stage(tx, checked, file.slice(0, 4), 0, true)).staged).toBe(0);
			const dropped = randomUUID();
			expect((await stage(tx, dropped, [{ label: 'Nhập thử phần bỏ', workers: 1, ...BEN_CAU }], 0)).staged).toBe(1);
			await tx.query('select public.import_discard($1)', [dropped]);
			expect((await failure(tx, () => finish(tx, dropped, 1)))?.message).toMatch(/^this import has 0 of its 1 rows/);
			// Values are checked with their place in the file.
			const wrong = (await failure(tx, () => stage(tx, randomUUID(), [{ label: 'x', workers: -1, ...BEN_CAU }], 5000)))!;
			expect(wrong.message).toBe('records[5000].workers: a whole number, 0 or more');
		});
		// The kept rows are nobody's to read: not through the API roles.
		expect(await sqlState(asRole(t.db, 'admin', (tx) => tx.query('select count(*) from private.import_staging')))).toBe('42501');
		expect(await sqlState(run('planner', 'boarding_houses', []))).toBe('42501');
		expect(
			await sqlState(
				asRole(t.db, 'planner', (tx) => tx.query(`select public.import_stage($1, 'boarding_houses', '[{"label":"x","workers":1}]', 0)`, [randomUUID()]))
			)
		).toBe('42501');
	});
});
