import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, openTestDatabase, sqlState, type TestDatabase } from '../../tests/helpers/db';
import { applyMigrations, readMigrations } from '../../src/lib/server/embedded/migrate';
import { applySupabaseShim } from '../../src/lib/server/embedded/shim';

const DOMAIN_TABLES = [
	'admin_units',
	'border_features',
	'industrial_zones',
	'boarding_houses',
	'outreach_activities',
	'model_sites',
	'cases',
	'campaigns',
	'deployments',
	'profiles',
	'audit_log',
	'audit_rows',
	'case_types',
	'outreach_forms',
	'model_site_kinds',
	'neighbour_countries',
	'destination_countries',
	'app_settings',
	'plans',
	'briefings',
	'report_approvals'
];

describe.each(backends())('schema on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(() => t?.close());

	it('records every migration once, and applying them again changes nothing', async () => {
		const { rows } = await t.db.query<{ version: string }>('select version from supabase_migrations.schema_migrations order by version');
		expect(rows.map((r) => r.version)).toEqual(readMigrations('supabase/migrations').map((m) => m.version));
		await applySupabaseShim(t.db);
		expect(await applyMigrations(t.db, readMigrations('supabase/migrations'))).toEqual([]);
	});

	it('enables row-level security on every table of the public schema', async () => {
		const { rows } = await t.db.query<{ relname: string; relrowsecurity: boolean }>(
			`select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace
			 where n.nspname = 'public' and c.relkind = 'r'`
		);
		expect(rows.map((r) => r.relname).sort()).toEqual([...DOMAIN_TABLES].sort());
		expect(rows.filter((r) => !r.relrowsecurity)).toEqual([]);
	});

	it('plans every function that reads cases with optional filters for the values of each call', async () => {
		// A generic plan for `x is null or …` filters cannot use the place and date indexes (issue 21).
		const { rows } = await t.db.query<{ name: string; planned: boolean }>(
			`select p.proname as name, coalesce('plan_cache_mode=force_custom_plan' = any (p.proconfig), false) as planned
			 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			 where (n.nspname, p.proname) in (('private', 'case_aggregates'), ('private', 'case_pub_view'), ('private', 'layer_geojson_sites'),
			   ('public', 'layer_geojson'), ('public', 'map_layer'), ('public', 'export_case_points'))`
		);
		expect(rows.length).toBe(6);
		expect(rows.filter((r) => !r.planned).map((r) => r.name)).toEqual([]);
	});

	it('stores geometry in EPSG:4326 with a GiST index on every geometry column', async () => {
		const { rows } = await t.db.query<{ tbl: string; col: string; srid: number; indexed: boolean }>(
			`select g.f_table_name as tbl, g.f_geometry_column as col, g.srid,
			        exists (select 1 from pg_indexes i where i.tablename = g.f_table_name and i.indexdef ilike '%using gist (' || g.f_geometry_column || ')%') as indexed
			 from extensions.geometry_columns g where g.f_table_schema = 'public'`
		);
		expect(rows.map((r) => r.tbl).sort()).toEqual([
			'admin_units',
			'boarding_houses',
			'border_features',
			'cases',
			'deployments',
			'industrial_zones',
			'model_sites',
			'outreach_activities'
		]);
		for (const row of rows) {
			expect(row.srid, `${row.tbl}.${row.col}`).toBe(4326);
			expect(row.indexed, `${row.tbl}.${row.col} has a GiST index`).toBe(true);
		}
	});

	it('keeps personal identifiers out of cases and boarding houses', async () => {
		const { rows } = await t.db.query<{ table_name: string; column_name: string }>(
			`select table_name, column_name from information_schema.columns
			 where table_schema = 'public' and table_name in ('cases', 'boarding_houses')`
		);
		const forbidden = /name|phone|address|id_number|cccd|cmnd|birth|email|owner|note|description/;
		expect(rows.filter((r) => forbidden.test(r.column_name))).toEqual([]);
	});

	it('rejects negative counts, victims that do not add up, bad dates and invalid geometry', async () => {
		const unit = (await t.db.query<{ id: string }>(`select id from public.admin_units where level = 'district' limit 1`)).rows[0]!.id;
		const insertCase = (female: number, male: number, adult: number, date = '2024-07-30') =>
			t.db.query(
				`insert into public.cases (case_type, occurred_on, admin_unit_id, location_precision, geom, victims_female, victims_male, victims_adult)
				 values ('cross_border', $1, $2, 'exact', extensions.st_setsrid(extensions.st_makepoint(106.1, 11.1), 4326), $3, $4, $5)`,
				[date, unit, female, male, adult]
			);
		expect(await sqlState(insertCase(1, 1, 3))).toBe('23514');
		expect(await sqlState(insertCase(-1, 1, 0))).toBe('23514');
		expect(await sqlState(insertCase(1, 0, 1, '1899-01-01'))).toBe('23514');
		expect(
			await sqlState(
				t.db.query(
					`insert into public.boarding_houses (label, admin_unit_id, workers, geom) values ('x', $1, -5,
			 extensions.st_setsrid(extensions.st_makepoint(106.1, 11.1), 4326))`,
					[unit]
				)
			)
		).toBe('23514');
		// A self-intersecting "bow tie" is not a valid polygon.
		expect(
			await sqlState(
				t.db.query(
					`insert into public.industrial_zones (name, admin_unit_id, geom) values ('bow tie', $1,
			 extensions.st_geomfromtext('MULTIPOLYGON(((106 11, 106.1 11.1, 106.1 11, 106 11.1, 106 11)))', 4326))`,
					[unit]
				)
			)
		).toBe('23514');
		expect(
			await sqlState(
				t.db.query(
					`insert into public.cases (case_type, occurred_on, admin_unit_id, location_precision, geom) values ('no_such_type', '2024-01-01', $1, 'exact',
			 extensions.st_setsrid(extensions.st_makepoint(106.1, 11.1), 4326))`,
					[unit]
				)
			)
		).toBe('23503');
		const { rows } = await t.db.query<{ n: number }>(`select count(*)::int as n from public.cases where occurred_on = '1899-01-01'`);
		expect(rows[0]!.n).toBe(0);
	});

	it('holds the vocabularies of the seed plans', async () => {
		const codes = async (table: string) => (await t.db.query<{ code: string }>(`select code from public.${table} order by code`)).rows.map((r) => r.code);
		expect(await codes('neighbour_countries')).toEqual(['CN', 'KH', 'LA']);
		expect(await codes('outreach_forms')).toEqual(['leaflet', 'loudspeaker', 'meeting', 'poster', 'school_talk', 'sms', 'social_media']);
		expect(await codes('model_site_kinds')).toEqual(['hotline_point', 'peaceful_house', 'support_centre', 'tip_box']);
		expect(await codes('case_types')).toContain('labour_fraud');
	});
});
