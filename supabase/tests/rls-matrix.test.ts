import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestDatabase, type TestDatabase } from '../../tests/helpers/db';
import { demoUserId, type DemoRole } from '../../src/lib/server/demo/seed';
import type { Queryable } from '../../src/lib/server/db';
import { openSession } from '../../src/lib/server/embedded/auth';

/**
 * The role × operation matrix of docs/SECURITY.md, walked table by table on every backend.
 * Each cell inserts a fresh row as the database owner, then tries the operation as the role,
 * inside a transaction that is rolled back.
 */
type Role = DemoRole | 'anon';
type Op = 'select' | 'insert' | 'update' | 'delete';
const ROLES: Role[] = ['anon', 'admin', 'planner', 'district_official', 'investigator', 'leader'];
const ALL: DemoRole[] = ['admin', 'planner', 'district_official', 'investigator', 'leader'];

interface TableSpec {
	table: string;
	key: string;
	/** Column set to itself by the update probe. */
	touch: string;
	/** An insert returning the key; `s` makes unique values, `user` is a fresh auth user id. */
	insert: (s: string, user: string) => string;
	allowed: Record<Op, Role[]>;
}

const POINT = `extensions.st_setsrid(extensions.st_makepoint(106.15, 11.1), 4326)`;
const UNIT = `(select id from public.admin_units where code = 'tay-ninh.ben-cau')`;
const onlyAdmin = (select: Role[] = ALL): Record<Op, Role[]> => ({ select, insert: ['admin'], update: ['admin'], delete: ['admin'] });
const planners: Record<Op, Role[]> = { select: ALL, insert: ['admin', 'planner'], update: ['admin', 'planner'], delete: ['admin', 'planner'] };
// The probes write in Bến Cầu, the demo official's own district.
const siteEditors: Record<Op, Role[]> = {
	select: ALL,
	insert: ['admin', 'district_official'],
	update: ['admin', 'district_official'],
	delete: ['admin', 'district_official']
};

const MATRIX: TableSpec[] = [
	{
		table: 'neighbour_countries',
		key: 'code',
		touch: 'name_en',
		insert: (s) => `insert into public.neighbour_countries values ('T${s.slice(-1).toUpperCase()}', 'x', 'x') returning code`,
		allowed: onlyAdmin()
	},
	{
		table: 'destination_countries',
		key: 'code',
		touch: 'name_en',
		insert: (s) => `insert into public.destination_countries values ('Q${s.slice(-1).toUpperCase()}', 'x', 'x', 50) returning code`,
		allowed: onlyAdmin()
	},
	{
		table: 'case_types',
		key: 'code',
		touch: 'name_en',
		insert: (s) => `insert into public.case_types (code, name_vi, name_en) values ('t_${s}', 'x', 'x') returning code`,
		allowed: onlyAdmin()
	},
	{
		table: 'outreach_forms',
		key: 'code',
		touch: 'name_en',
		insert: (s) => `insert into public.outreach_forms (code, name_vi, name_en, reach_km) values ('t_${s}', 'x', 'x', 1) returning code`,
		allowed: onlyAdmin()
	},
	{
		table: 'model_site_kinds',
		key: 'code',
		touch: 'name_en',
		insert: (s) => `insert into public.model_site_kinds (code, name_vi, name_en) values ('t_${s}', 'x', 'x') returning code`,
		allowed: onlyAdmin()
	},
	{
		table: 'app_settings',
		key: 'key',
		touch: 'value',
		insert: (s) => `insert into public.app_settings values ('t_${s}', '1', 'x') returning key`,
		allowed: onlyAdmin()
	},
	{
		table: 'admin_units',
		key: 'id',
		touch: 'name',
		insert: (s) => `insert into public.admin_units (code, name, level, parent_id, geom) values ('t-${s}', 'x', 'district',
			(select id from public.admin_units where code = 'tay-ninh'),
			extensions.st_multi(extensions.st_makeenvelope(106.1, 11.0, 106.11, 11.01, 4326))) returning id`,
		allowed: onlyAdmin()
	},
	{
		table: 'border_features',
		key: 'id',
		touch: 'name',
		insert: () => `insert into public.border_features (kind, country_code, name, gate_class, geom) values ('gate', 'KH', 'x', 'main', ${POINT}) returning id`,
		allowed: planners
	},
	{
		table: 'industrial_zones',
		key: 'id',
		touch: 'name',
		insert: () =>
			`insert into public.industrial_zones (name, approval, admin_unit_id, geom) values ('x', 'submitted', ${UNIT}, extensions.st_multi(extensions.st_makeenvelope(106.15, 11.1, 106.16, 11.11, 4326))) returning id`,
		allowed: siteEditors
	},
	{
		table: 'boarding_houses',
		key: 'id',
		touch: 'label',
		insert: () =>
			`insert into public.boarding_houses (label, approval, admin_unit_id, workers, geom) values ('x', 'submitted', ${UNIT}, 10, ${POINT}) returning id`,
		allowed: siteEditors
	},
	{
		table: 'outreach_activities',
		key: 'id',
		touch: 'people_reached',
		insert: () =>
			`insert into public.outreach_activities (form, held_on, approval, admin_unit_id, people_reached, geom) values ('meeting', '2025-07-30', 'submitted', ${UNIT}, 50, ${POINT}) returning id`,
		allowed: siteEditors
	},
	{
		table: 'model_sites',
		key: 'id',
		touch: 'name',
		insert: () =>
			`insert into public.model_sites (kind, name, approval, admin_unit_id, geom) values ('tip_box', 'x', 'submitted', ${UNIT}, ${POINT}) returning id`,
		allowed: siteEditors
	},
	{
		table: 'campaigns',
		key: 'id',
		touch: 'name',
		insert: () => `insert into public.campaigns (name, starts_on, ends_on) values ('x', '2026-07-01', '2026-09-30') returning id`,
		allowed: planners
	},
	{
		table: 'plans',
		key: 'id',
		touch: 'name',
		insert: () =>
			`insert into public.plans (name, team_type, starts_on, ends_on, params, figures) values ('x', 'patrol', '2026-07-01', '2026-09-30', '{}', '{}') returning id`,
		allowed: planners
	},
	{
		table: 'report_approvals',
		key: 'id',
		touch: 'period',
		insert: (s) => `insert into public.report_approvals (period, date_from, date_to, figures) values ('t-${s}', '2025-07-01', '2025-09-30', '{}') returning id`,
		allowed: { select: ALL, insert: [], update: [], delete: [] }
	},
	{ table: 'briefings', key: 'id', touch: 'title', insert: () => `insert into public.briefings (title) values ('x') returning id`, allowed: planners },
	{
		table: 'deployments',
		key: 'id',
		touch: 'team_name',
		insert: () => `insert into public.deployments (team_type, team_name, starts_on, ends_on) values ('patrol', 'x', '2026-07-01', '2026-07-31') returning id`,
		allowed: planners
	},
	{
		table: 'cases',
		key: 'id',
		touch: 'status',
		insert: () =>
			`insert into public.cases (case_type, occurred_on, admin_unit_id, location_precision, geom, victims_female, victims_adult) values ('labour_fraud', '2025-08-01', ${UNIT}, 'exact', ${POINT}, 1, 1) returning id`,
		allowed: { select: ['investigator'], insert: ['investigator'], update: ['investigator'], delete: [] }
	},
	{
		table: 'profiles',
		key: 'user_id',
		touch: 'display_name',
		insert: (_s, user) => `insert into public.profiles (user_id, role) values ('${user}', 'leader') returning user_id`,
		allowed: onlyAdmin(['admin'])
	},
	{
		table: 'audit_log',
		key: 'id',
		touch: 'action',
		insert: () => `insert into public.audit_log (action, target) overriding system value values ('probe', 'x') returning id`,
		allowed: { select: ['admin'], insert: [], update: [], delete: [] }
	}
];

class Rollback extends Error {}

describe.each(backends())('role × operation matrix on %s', (kind) => {
	let t: TestDatabase;
	const claims = new Map<Role, string>();
	beforeAll(async () => {
		t = await openTestDatabase(kind);
		claims.set('anon', JSON.stringify({ role: 'anon' }));
		for (const role of ALL) {
			const sub = await demoUserId(t.db, role);
			claims.set(role, JSON.stringify({ role: 'authenticated', aud: 'authenticated', sub, session_id: await openSession(t.db, sub) }));
		}
	});
	afterAll(() => t?.close());

	/** Did the operation succeed and touch the probe row? */
	async function attempt(spec: TableSpec, role: Role, op: Op): Promise<boolean> {
		let outcome = false;
		const fresh = async (tx: Queryable, s: string) =>
			(await tx.query<{ id: string }>(`insert into auth.users (id, email) values (gen_random_uuid(), 'matrix-${s}@test.vn') returning id`)).rows[0]!.id;
		try {
			await t.db.transaction(async (tx) => {
				const probe = (await tx.query<{ k: string }>(`${spec.insert('a', await fresh(tx, 'a'))}`.replace(/returning (\w+)$/, 'returning $1::text as k')))
					.rows[0]!.k;
				const other = await fresh(tx, 'b');
				await tx.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
					role === 'anon' ? 'anon' : 'authenticated',
					claims.get(role)
				]);
				const where = `where ${spec.key}::text = '${probe}'`;
				const sql = {
					select: `select 1 from public.${spec.table} ${where}`,
					insert: spec.insert('b', other),
					update: `update public.${spec.table} set ${spec.touch} = ${spec.touch} ${where} returning 1`,
					delete: `delete from public.${spec.table} ${where} returning 1`
				}[op];
				try {
					outcome = (await tx.query(sql)).rows.length > 0;
				} catch (error) {
					const code = (error as { code?: string }).code;
					if (code !== '42501') throw error;
					outcome = false;
				}
				throw new Rollback();
			});
		} catch (error) {
			if (!(error instanceof Rollback)) throw error;
		}
		return outcome;
	}

	for (const spec of MATRIX) {
		it(`${spec.table}: each role may do exactly what docs/SECURITY.md says`, async () => {
			const actual: Record<string, string[]> = {};
			const expected: Record<string, string[]> = {};
			for (const op of ['select', 'insert', 'update', 'delete'] as const) {
				actual[op] = [];
				for (const role of ROLES) if (await attempt(spec, role, op)) actual[op].push(role);
				expected[op] = ROLES.filter((r) => spec.allowed[op].includes(r));
			}
			expect(actual).toEqual(expected);
		});
	}
});
