/**
 * The server's publisher (issue 21): when cases change it builds the next case publication in the
 * background — on PGlite in a worker thread's own database, on PostgreSQL on a connection of its
 * own — readers answer from the last publication meanwhile, and what it installs is exactly what a
 * build in place makes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, openTestDatabase, type TestDatabase } from '../helpers/db';
import { Publisher } from '../../src/lib/server/embedded/publisher';

/** Every published row, in one text: two publications made from the same data compare equal. */
const dump = async (t: TestDatabase) =>
	(
		await t.db.query<{ x: string }>(
			`select concat_ws(E'\\n',
			   (select string_agg(concat_ws('|', cube, s, t, c, n, hidden_screen, hidden_export), ',' order by cube, s, t, c) from private.case_pub_cell),
			   (select string_agg(concat_ws('|', key, level, parent, tag, province_id, unit_id, gx, gy, cell_deg, md5(st_asewkb(geom)::text), st_astext(point)), ',' order by key) from private.case_pub_space),
			   (select string_agg(concat_ws('|', key, level, parent, from_day, to_day), ',' order by key) from private.case_pub_time),
			   (select string_agg(concat_ws('|', cube, key, parent, tag), ',' order by cube, key) from private.case_pub_class)) as x`
		)
	).rows[0]!.x;

const countryCases = (t: TestDatabase) =>
	asRole(
		t.db,
		'planner',
		async (tx) => (await tx.query<{ n: number }>(`select (public.report_figures('{}'::jsonb, 'screen') #>> '{figures,cases}')::int as n`)).rows[0]!.n
	);

describe.each(backends())('the publisher on %s', (kind) => {
	let t: TestDatabase;
	let publisher: Publisher | undefined;
	beforeAll(async () => (t = await openTestDatabase(kind)));
	afterAll(async () => {
		await publisher?.stop();
		await t?.close();
	});

	it('builds beside the readers when cases change, and installs what a build in place makes', async () => {
		const before = await countryCases(t);
		publisher = await Publisher.start(t.db, {
			migrationsDir: 'supabase/migrations',
			databaseUrl: t.url ?? undefined,
			// Long beats (this test drives the builds) and, on PGlite, every build in the worker.
			beatSeconds: 600,
			workerAboveMs: 0
		});
		await publisher.publishNow();
		// Readers are answered from the last publication while a build runs: make it long to build.
		await t.db.query('update private.case_pub_state set build_ms = 60000');
		await t.db.query(
			`insert into public.cases (case_type, occurred_on, admin_unit_id, location_precision, geom, victims_female, victims_adult)
			 select 'labour_fraud', date '2025-08-01', u.id, 'district', extensions.st_pointonsurface(u.geom), 1, 1
			 from public.admin_units u, generate_series(1, 7) where u.code = 'tay-ninh'`
		);
		const build = publisher.publishNow();
		while (publisher.building === null) await new Promise((r) => setTimeout(r, 20));
		// A reader during the build: answered, from the publication before, before the build ends.
		expect(await countryCases(t)).toBe(before);
		expect(publisher.building).not.toBeNull();
		await build;
		expect(publisher.status).toMatchObject({ failures: 0, lastError: null, last: { where: kind === 'postgres' ? 'postgres' : 'worker' } });
		expect(await countryCases(t)).toBe(before + 7);
		const background = await dump(t);
		// The same data built in place gives the same publication, row for row.
		await t.db.query('select private.build_case_publication()');
		expect(await dump(t)).toBe(background);
	}, 300_000);
});
