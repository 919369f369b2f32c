import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, openTestDatabase, sqlState, type TestDatabase } from '../../tests/helpers/db';

const count = async (tx: { query: <R>(sql: string) => Promise<{ rows: R[] }> }, table: string) =>
	(await tx.query<{ n: number }>(`select count(*)::int as n from public.${table}`)).rows[0]!.n;

const insertBoardingHouse = (unitCode: string) =>
	`insert into public.boarding_houses (label, admin_unit_id, workers, rooms, geom)
	 select 'Dãy trọ kiểm thử', u.id, 12, 5, extensions.st_pointonsurface(u.geom) from public.admin_units u where u.code = '${unitCode}'`;

describe.each(backends())('row-level security on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(() => t?.close());

	it('gives anon nothing: no table rows, no data API', async () => {
		for (const table of ['admin_units', 'border_features', 'cases', 'boarding_houses', 'profiles', 'audit_log']) {
			expect(await asRole(t.db, 'anon', (tx) => sqlState(tx.query(`select 1 from public.${table} limit 1`))), table).toBe('42501');
		}
		expect(await asRole(t.db, 'anon', (tx) => sqlState(tx.query(`select public.layer_geojson('border_gates')`)))).toBe('42501');
	});

	it('shows exact cases to investigators only', async () => {
		const total = await count(t.db, 'cases');
		expect(total).toBeGreaterThan(0);
		expect(await asRole(t.db, 'investigator', (tx) => count(tx, 'cases'))).toBe(total);
		for (const role of ['planner', 'leader', 'district_official', 'admin'] as const) {
			expect(await asRole(t.db, role, (tx) => count(tx, 'cases')), role).toBe(0);
		}
	});

	it('lets every role read the site layers', async () => {
		const total = await count(t.db, 'boarding_houses');
		for (const role of ['planner', 'leader', 'district_official', 'investigator', 'admin'] as const) {
			expect(await asRole(t.db, role, (tx) => count(tx, 'boarding_houses')), role).toBe(total);
		}
	});

	it('lets a district official write in their own district and nowhere else', async () => {
		const own = await asRole(t.db, 'district_official', async (tx) => {
			await tx.query(insertBoardingHouse('tay-ninh.ben-cau'));
			return (await tx.query<{ n: number }>(`select count(*)::int as n from public.boarding_houses where label = 'Dãy trọ kiểm thử'`)).rows[0]!.n;
		});
		expect(own).toBe(1);
		expect(await asRole(t.db, 'district_official', (tx) => sqlState(tx.query(insertBoardingHouse('tay-ninh.go-dau'))))).toBe('42501');
		expect(await asRole(t.db, 'district_official', (tx) => sqlState(tx.query(insertBoardingHouse('lao-cai.bat-xat'))))).toBe('42501');
		// Updating another district's rows touches nothing: RLS hides them from the update.
		const updated = await asRole(
			t.db,
			'district_official',
			async (tx) =>
				(
					await tx.query<{ id: string }>(
						`update public.boarding_houses set workers = 0 where admin_unit_id = (select id from public.admin_units where code = 'tay-ninh.go-dau') returning id`
					)
				).rows.length
		);
		expect(updated).toBe(0);
	});

	it('keeps leaders read-only and site writes away from planners', async () => {
		expect(await asRole(t.db, 'leader', (tx) => sqlState(tx.query(insertBoardingHouse('tay-ninh.ben-cau'))))).toBe('42501');
		expect(
			await asRole(t.db, 'leader', (tx) =>
				sqlState(tx.query(`insert into public.campaigns (name, starts_on, ends_on) values ('x', '2026-07-01', '2026-09-30')`))
			)
		).toBe('42501');
		expect(await asRole(t.db, 'planner', (tx) => sqlState(tx.query(insertBoardingHouse('tay-ninh.ben-cau'))))).toBe('42501');
		expect(
			await asRole(t.db, 'planner', (tx) =>
				sqlState(tx.query(`insert into public.campaigns (name, starts_on, ends_on) values ('Cao điểm 2026', '2026-07-01', '2026-09-30')`))
			)
		).toBe(null);
	});

	it('lets nobody but admin read the audit log, and nobody write it directly', async () => {
		const total = await count(t.db, 'audit_log');
		expect(total).toBeGreaterThan(0);
		expect(await asRole(t.db, 'admin', (tx) => count(tx, 'audit_log'))).toBe(total);
		for (const role of ['planner', 'leader', 'district_official', 'investigator'] as const) {
			expect(await asRole(t.db, role, (tx) => count(tx, 'audit_log')), role).toBe(0);
		}
		expect(await asRole(t.db, 'admin', (tx) => sqlState(tx.query(`insert into public.audit_log (action, target) values ('forged', 'x')`)))).toBe('42501');
	});

	it('audits writes with the acting user', async () => {
		const entry = await asRole(t.db, 'district_official', async (tx) => {
			await tx.query(insertBoardingHouse('tay-ninh.ben-cau'));
			// Back to the session's owner role to read the log the official cannot read.
			await tx.query('reset role');
			return (
				await tx.query<{ actor_role: string; action: string; rows: number; actor_email: string }>(
					`select a.actor_role, a.action, (a.details ->> 'rows')::int as rows, u.email as actor_email
				 from public.audit_log a join auth.users u on u.id = a.actor
				 where a.target = 'boarding_houses' order by a.id desc limit 1`
				)
			).rows[0];
		});
		expect(entry).toEqual({ actor_role: 'district_official', action: 'insert', rows: 1, actor_email: 'official@demo.vn' });
	});
});
