import type { Db, Queryable } from '../db';
import { pgArray } from '../db/arrays';
import { AuthHandler, insertEmailUser } from '../embedded/auth';
import { DEFAULT_CASES, DEMO_SEED, generateDemo, type CaseRow } from '../../../../data/demo/generate';

/** Password of every demo account (demo mode only; printed at start and in the README). */
export const DEMO_PASSWORD = 'demo-atlas';

/** Demo accounts, created only in demo mode. */
export const DEMO_USERS = [
	{ email: 'admin@demo.vn', role: 'admin', unit: null, name: 'Quản trị (demo)' },
	{ email: 'planner@demo.vn', role: 'planner', unit: null, name: 'Cán bộ kế hoạch (demo)' },
	{ email: 'official@demo.vn', role: 'district_official', unit: 'tay-ninh.ben-cau', name: 'Cán bộ huyện Bến Cầu (demo)' },
	{ email: 'investigator@demo.vn', role: 'investigator', unit: null, name: 'Điều tra viên (demo)' },
	{ email: 'leader@demo.vn', role: 'leader', unit: null, name: 'Lãnh đạo (demo)' }
] as const;

export type DemoRole = (typeof DEMO_USERS)[number]['role'];

const BATCH = 5000;

/** Inserts columns (equal-length arrays) with one `unnest` statement per batch. */
async function insertColumns(tx: Queryable, sql: string, columns: unknown[][]): Promise<void> {
	const length = columns[0]?.length ?? 0;
	for (let start = 0; start < length; start += BATCH) {
		await tx.query(
			sql,
			columns.map((c) => pgArray(c.slice(start, start + BATCH)))
		);
	}
}

const col = <T, V>(rows: readonly T[], pick: (row: T) => V): V[] => rows.map(pick);
const json = (g: unknown) => JSON.stringify(g);

export interface DemoSeedResult {
	seeded: boolean;
	cases: number;
}

/** Is the demo already in this database? */
export async function demoInfo(db: Queryable): Promise<{ seed: number; cases: number } | null> {
	const { rows } = await db.query<{ value: { seed: number; cases: number } }>(`select value from public.app_settings where key = 'demo_data'`);
	return rows[0]?.value ?? null;
}

/**
 * Writes the deterministic demo data set in one transaction (all or nothing), unless it is there
 * already. Every row is flagged is_demo; the settings row 'demo_data' records seed and size.
 */
export interface DemoSeedOptions {
	cases?: number;
	seed?: number;
	onProgress?: (done: number, total: number) => void;
	/** Where the demo accounts come from (seedDemoUsers); 'sql' unless a Supabase project made them. */
	accounts?: 'sql' | 'existing';
}

export async function seedDemo(db: Db, options: DemoSeedOptions = {}): Promise<DemoSeedResult> {
	if (await demoInfo(db)) return { seeded: false, cases: 0 };
	const seed = options.seed ?? DEMO_SEED;
	const caseCount = options.cases ?? DEFAULT_CASES;
	const demo = generateDemo({ seed });
	await db.transaction(async (tx) => {
		// Demo records start their row history at their first change (audit_rows keeps no image of them).
		await tx.query(`select set_config('hotspot.history', 'off', true)`);
		const units = demo.adminUnits;
		// Parents first: provinces, then districts.
		for (const level of ['province', 'district'] as const) {
			const rows = units.filter((u) => u.level === level);
			await insertColumns(
				tx,
				`insert into public.admin_units (code, name, level, parent_id, population, geom, is_demo)
				 select t.code, t.name, t.level, p.id, t.population,
				        extensions.st_multi(extensions.st_collectionextract(extensions.st_makevalid(
				          extensions.st_setsrid(extensions.st_geomfromgeojson(t.geom), 4326)), 3)), true
				 from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[])
				   as t(code, name, level, parent, population, geom)
				 left join public.admin_units p on p.code = t.parent`,
				[
					col(rows, (u) => u.code),
					col(rows, (u) => u.name),
					col(rows, (u) => u.level),
					col(rows, (u) => u.parentCode),
					col(rows, (u) => u.population),
					col(rows, (u) => json(u.geometry))
				]
			);
		}
		const bf = demo.borderFeatures;
		await insertColumns(
			tx,
			`insert into public.border_features (kind, country_code, name, gate_class, admin_unit_id, geom, is_demo)
			 select t.kind, t.country, t.name, t.gate_class, u.id,
			        extensions.st_setsrid(extensions.st_geomfromgeojson(t.geom), 4326), t.kind <> 'border_line'
			 from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
			   as t(kind, country, name, gate_class, unit, geom)
			 left join public.admin_units u on u.code = t.unit`,
			[
				col(bf, (b) => b.kind),
				col(bf, (b) => b.country),
				col(bf, (b) => b.name),
				col(bf, (b) => b.gateClass),
				col(bf, (b) => b.unitCode),
				col(bf, (b) => json(b.geometry))
			]
		);
		const iz = demo.industrialZones;
		await insertColumns(
			tx,
			`insert into public.industrial_zones (name, admin_unit_id, workers, geom, is_demo)
			 select t.name, u.id, t.workers, extensions.st_setsrid(extensions.st_geomfromgeojson(t.geom), 4326), true
			 from unnest($1::text[], $2::text[], $3::int[], $4::text[]) as t(name, unit, workers, geom)
			 join public.admin_units u on u.code = t.unit`,
			[col(iz, (z) => z.name), col(iz, (z) => z.unitCode), col(iz, (z) => z.workers), col(iz, (z) => json(z.geometry))]
		);
		const bh = demo.boardingHouses;
		await insertColumns(
			tx,
			`insert into public.boarding_houses (label, admin_unit_id, industrial_zone_id, rooms, workers, geom, is_demo)
			 select t.label, u.id, z.id, t.rooms, t.workers, extensions.st_setsrid(extensions.st_makepoint(t.lon, t.lat), 4326), true
			 from unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::float8[], $7::float8[])
			   as t(label, unit, zone, rooms, workers, lon, lat)
			 join public.admin_units u on u.code = t.unit
			 left join public.industrial_zones z on z.name = t.zone`,
			[
				col(bh, (b) => b.label),
				col(bh, (b) => b.unitCode),
				col(bh, (b) => b.zoneName),
				col(bh, (b) => b.rooms),
				col(bh, (b) => b.workers),
				col(bh, (b) => b.at[0]),
				col(bh, (b) => b.at[1])
			]
		);
		const cp = demo.campaigns;
		await insertColumns(
			tx,
			`insert into public.campaigns (name, starts_on, ends_on, is_demo)
			 select t.name, t.s, t.e, true from unnest($1::text[], $2::date[], $3::date[]) as t(name, s, e)`,
			[col(cp, (c) => c.name), col(cp, (c) => c.startsOn), col(cp, (c) => c.endsOn)]
		);
		const oa = demo.outreach;
		await insertColumns(
			tx,
			`insert into public.outreach_activities (form, held_on, admin_unit_id, campaign_id, organiser, people_reached, materials, geom, is_demo)
			 select t.form, t.held_on, u.id, c.id, t.organiser, t.people, t.materials,
			        extensions.st_setsrid(extensions.st_makepoint(t.lon, t.lat), 4326), true
			 from unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::float8[], $9::float8[])
			   as t(form, held_on, unit, campaign, organiser, people, materials, lon, lat)
			 join public.admin_units u on u.code = t.unit
			 left join public.campaigns c on c.name = t.campaign`,
			[
				col(oa, (o) => o.form),
				col(oa, (o) => o.heldOn),
				col(oa, (o) => o.unitCode),
				col(oa, (o) => o.campaignName),
				col(oa, (o) => o.organiser),
				col(oa, (o) => o.peopleReached),
				col(oa, (o) => o.materials),
				col(oa, (o) => o.at[0]),
				col(oa, (o) => o.at[1])
			]
		);
		const ms = demo.modelSites;
		await insertColumns(
			tx,
			`insert into public.model_sites (kind, name, admin_unit_id, opened_on, active, geom, is_demo)
			 select t.kind, t.name, u.id, t.opened_on, t.active, extensions.st_setsrid(extensions.st_makepoint(t.lon, t.lat), 4326), true
			 from unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::boolean[], $6::float8[], $7::float8[])
			   as t(kind, name, unit, opened_on, active, lon, lat)
			 join public.admin_units u on u.code = t.unit`,
			[
				col(ms, (m) => m.kind),
				col(ms, (m) => m.name),
				col(ms, (m) => m.unitCode),
				col(ms, (m) => m.openedOn),
				col(ms, (m) => m.active),
				col(ms, (m) => m.at[0]),
				col(ms, (m) => m.at[1])
			]
		);
		const dp = demo.deployments;
		await insertColumns(
			tx,
			`insert into public.deployments (campaign_id, team_type, team_name, admin_unit_id, area, starts_on, ends_on, status, plan, is_demo)
			 select c.id, t.team_type, t.team_name, u.id, extensions.st_setsrid(extensions.st_makepoint(t.lon, t.lat), 4326),
			        t.s, t.e, 'done', '{"source": "demo"}'::jsonb, true
			 from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::date[], $8::date[])
			   as t(campaign, team_type, team_name, unit, lon, lat, s, e)
			 join public.campaigns c on c.name = t.campaign
			 join public.admin_units u on u.code = t.unit`,
			[
				col(dp, (d) => d.campaignName),
				col(dp, (d) => d.teamType),
				col(dp, (d) => d.teamName),
				col(dp, (d) => d.unitCode),
				col(dp, (d) => d.at[0]),
				col(dp, (d) => d.at[1]),
				col(dp, (d) => d.startsOn),
				col(dp, (d) => d.endsOn)
			]
		);
		await insertCases(tx, demo.cases(caseCount), caseCount, options.onProgress);
		await seedDemoUsers(tx, options.accounts);
		// A few of the demo official's records await review, so the approval queue is not empty.
		for (const table of ['boarding_houses', 'outreach_activities']) {
			await tx.query(
				`update public.${table} set approval = 'submitted', created_by = (select user_id from public.profiles where display_name = $1)
				 where id in (select t.id from public.${table} t join public.admin_units u on u.id = t.admin_unit_id
				              where u.code = 'tay-ninh.ben-cau' order by extensions.st_x(t.geom), extensions.st_y(t.geom) limit 2)`,
				[DEMO_USERS.find((u) => u.role === 'district_official')!.name]
			);
		}
		await tx.query(
			`insert into public.app_settings (key, value, description) values ('demo_data', $1::jsonb,
			 'This database holds generated DEMO data (data/demo/generate.ts): not real places of incidents, not real cases.')`,
			[JSON.stringify({ seed, cases: caseCount })]
		);
	});
	// Fresh statistics: without them the planner guesses a handful of rows for a bbox over a million
	// cases and joins them by nested loops (10× slower map queries, measured). PGlite has no autovacuum.
	await db.exec('analyze');
	// Publish the cases once now, so the first map a user opens does not wait for it.
	await db.query('select private.build_case_publication()');
	return { seeded: true, cases: caseCount };
}

async function insertCases(tx: Queryable, rows: Iterable<CaseRow>, total: number, onProgress?: (done: number, total: number) => void) {
	let batch: CaseRow[] = [];
	let done = 0;
	const flush = async () => {
		if (batch.length === 0) return;
		const b = batch;
		await tx.query(
			`insert into public.cases (case_type, occurred_on, admin_unit_id, location_precision, geom, victims_female, victims_male,
			   victims_under_16, victims_16_17, victims_adult, destination_country, crossing_id, status, is_demo)
			 select t.case_type, t.occurred_on, u.id, t.precision, extensions.st_setsrid(extensions.st_makepoint(t.lon, t.lat), 4326),
			        t.female, t.male, t.under16, t.age16, t.adult, t.destination, x.id, t.status, true
			 from unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::int[], $8::int[], $9::int[],
			             $10::int[], $11::int[], $12::text[], $13::text[], $14::text[])
			   as t(case_type, occurred_on, unit, precision, lon, lat, female, male, under16, age16, adult, destination, status, crossing)
			 join public.admin_units u on u.code = t.unit
			 left join lateral (select b.id from public.border_features b
			                    where b.name = t.crossing and b.kind in ('gate', 'crossing') order by b.id limit 1) x on true`,
			[
				b.map((c) => c.caseType),
				b.map((c) => c.occurredOn),
				b.map((c) => c.unitCode),
				b.map((c) => c.precision),
				b.map((c) => c.at[0]),
				b.map((c) => c.at[1]),
				b.map((c) => c.female),
				b.map((c) => c.male),
				b.map((c) => c.under16),
				b.map((c) => c.age16to17),
				b.map((c) => c.adult),
				b.map((c) => c.destination),
				b.map((c) => c.status),
				b.map((c) => c.crossing)
			].map(pgArray)
		);
		done += b.length;
		onProgress?.(done, total);
		batch = [];
	};
	for (const row of rows) {
		batch.push(row);
		if (batch.length >= BATCH * 2) await flush();
	}
	await flush();
}

/**
 * The five demo accounts with their profiles, all with DEMO_PASSWORD. With accounts: 'sql' the
 * accounts are written into GoTrue's tables here (embedded backend); with 'existing' they were made
 * through the auth admin API beforehand (a Supabase project) and only their profiles are written.
 */
export async function seedDemoUsers(tx: Queryable, accounts: 'sql' | 'existing' = 'sql'): Promise<void> {
	const hash = accounts === 'sql' ? await AuthHandler.hashPassword(DEMO_PASSWORD) : null;
	for (const user of DEMO_USERS) {
		if (hash) {
			const appMetadata = { provider: 'email', providers: ['email'], app_role: user.role, demo: true };
			const created = await insertEmailUser(tx, { email: user.email, hash, confirmed: true, appMetadata });
			// Seeding again over existing accounts: their role metadata follows the demo's.
			if (!created)
				await tx.query(`update auth.users set raw_app_meta_data = $2::jsonb where email = $1 and not is_sso_user`, [user.email, JSON.stringify(appMetadata)]);
		}
		const { rows } = await tx.query(
			`insert into public.profiles (user_id, role, admin_unit_id, display_name)
			 select u.id, $2, (select a.id from public.admin_units a where a.code = $3), $4
			 from auth.users u where u.email = $1 and not u.is_sso_user
			 on conflict (user_id) do update set role = excluded.role, admin_unit_id = excluded.admin_unit_id
			 returning user_id`,
			[user.email, user.role, user.unit, user.name]
		);
		if (!rows.length) throw new Error(`demo account ${user.email} does not exist: create it through the auth admin API first`);
	}
}

/** The user id of a demo account. */
export async function demoUserId(db: Queryable, role: DemoRole): Promise<string> {
	const email = DEMO_USERS.find((u) => u.role === role)!.email;
	const { rows } = await db.query<{ id: string }>('select id from auth.users where email = $1', [email]);
	if (!rows[0]) throw new Error(`demo user ${email} is missing`);
	return rows[0].id;
}
