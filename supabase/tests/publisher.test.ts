/**
 * The case publication rebuilt beside the one readers use (issue 21): while a publisher is alive and
 * a build takes long, readers of a stale publication are answered from the last one built and told
 * so; without a publisher, with changed thresholds or a short build they build it themselves, as
 * before; and a build in progress never holds a reader (PostgreSQL: a second connection).
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asRole, backends, openTestDatabase, type TestDatabase } from '../../tests/helpers/db';
import type { Queryable } from '../../src/lib/server/db';

interface Info {
	version: number;
	data_version: number;
	current: boolean;
	suppression_k: number;
	publisher: { seen_at: string; building_since: string | null } | null;
}

describe.each(backends())('the publication beside its readers on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => (t = await openTestDatabase(kind)));
	afterAll(() => t?.close());

	const info = () => asRole(t.db, 'planner', async (tx) => (await tx.query<{ r: Info }>('select public.case_publication_info() as r')).rows[0]!.r);
	/** The country's cases of all time as a planner reads them (report figures, screen tier). */
	const casesRead = () =>
		asRole(
			t.db,
			'planner',
			async (tx) => (await tx.query<{ n: number }>(`select (public.report_figures('{}'::jsonb, 'screen') #>> '{figures,cases}')::int as n`)).rows[0]!.n
		);
	const trueCases = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from public.cases')).rows[0]!.n;
	/** Five more cases in one province (committed, as the owner): enough to show in the country's total. */
	const addCases = (tx: Queryable = t.db) =>
		tx.query(
			`insert into public.cases (case_type, occurred_on, admin_unit_id, location_precision, geom, victims_female, victims_adult)
			 select 'labour_fraud', date '2025-08-01', u.id, 'district', extensions.st_pointonsurface(u.geom), 1, 1
			 from public.admin_units u, generate_series(1, 5) where u.code = 'tay-ninh'`
		);
	/** A publisher that beat just now (or `secondsAgo`), and a last build that took `buildMs`. */
	async function publisher(secondsAgo: number | null, buildMs: number) {
		await t.db.query('select private.case_pub_gone()');
		if (secondsAgo !== null) {
			await t.db.query('select private.case_pub_beat(null)');
			await t.db.query(`update private.case_pub_publisher set seen_at = clock_timestamp() - make_interval(secs => $1::int)`, [secondsAgo]);
		}
		await t.db.query('update private.case_pub_state set build_ms = $1::int', [buildMs]);
	}

	beforeEach(async () => {
		await t.db.query('select private.case_pub_gone()');
		await t.db.query('select private.ensure_case_publication()');
	});

	it('answers from the last publication while a live publisher rebuilds a long one, and says it is not current', async () => {
		const before = await casesRead();
		expect(before).toBe(await trueCases());
		await publisher(0, 60_000);
		await addCases();
		// The reader does not build: same answer, one data version behind, and it says so.
		expect(await casesRead()).toBe(before);
		const stale = await info();
		expect(stale.current).toBe(false);
		expect(stale.data_version).toBeGreaterThan(stale.version);
		expect(stale.publisher?.seen_at).toBeTruthy();
		// The publisher's build brings it up to date.
		await t.db.query('select private.publish_case_publication()');
		expect(await casesRead()).toBe(before + 5);
		expect((await info()).current).toBe(true);
	});

	it('builds for the reader when no publisher is alive (its last beat over 30 s ago) or a build is short', async () => {
		for (const [secondsAgo, buildMs] of [
			[40, 60_000],
			[0, 500]
		] as const) {
			const before = await casesRead();
			await publisher(secondsAgo, buildMs);
			await addCases();
			expect(await casesRead(), `publisher seen ${secondsAgo} s ago, build ${buildMs} ms`).toBe(before + 5);
			expect((await info()).current).toBe(true);
		}
	});

	it('never serves a publication made under other thresholds: a changed k is built for at once', async () => {
		await publisher(0, 60_000);
		const servable = async () => (await t.db.query<{ s: boolean }>('select private.case_pub_servable() as s')).rows[0]!.s;
		expect(await servable()).toBe(true);
		await t.db.query(`update public.app_settings set value = '4'::jsonb where key = 'suppression_k'`);
		try {
			expect(await servable()).toBe(false);
		} finally {
			await t.db.query(`update public.app_settings set value = '3'::jsonb where key = 'suppression_k'`);
		}
		// Back to the k it was built with: current again, nothing to build.
		expect((await info()).current).toBe(true);
	});

	it('discards a computed publication when the thresholds changed before it was installed', async () => {
		const built = await t.db.transaction(async (tx) => {
			const computed = (await tx.query<{ r: { screen_k: number } }>('select private.compute_case_publication() as r')).rows[0]!.r;
			expect(computed.screen_k).toBe(3);
			await tx.query(`update public.app_settings set value = '5'::jsonb where key = 'suppression_k'`);
			const installed = (await tx.query<{ r: unknown }>('select private.install_case_publication($1::jsonb) as r', [JSON.stringify(computed)])).rows[0]!.r;
			await tx.query(`update public.app_settings set value = '3'::jsonb where key = 'suppression_k'`);
			return installed;
		});
		expect(built).toBeNull();
		// Nothing was half-installed: the publication is the one before, whole.
		expect(await casesRead()).toBe(await trueCases());
	});

	it('lets only the server beat or build: no API role may call the publisher functions', async () => {
		for (const fn of ['private.case_pub_beat(null)', 'private.case_pub_gone()', 'private.publish_case_publication()', 'private.compute_case_publication()']) {
			await expect(
				asRole(t.db, 'admin', (tx) => tx.query(`select ${fn}`)),
				fn
			).rejects.toThrow(/permission denied/);
		}
	});

	it.runIf(kind === 'postgres')('keeps readers reading while a build runs on another connection, uncommitted', async () => {
		const before = await casesRead();
		await publisher(0, 60_000);
		await addCases();
		const builder = new pg.Client({ connectionString: t.url! });
		await builder.connect();
		try {
			await builder.query('begin');
			await builder.query('select private.publish_case_publication()');
			// The build holds the lock and has replaced every published row, uncommitted: a planner's
			// read on another connection (2 s allowed) answers at once from the publication before it.
			const seen = await asRole(t.db, 'planner', async (tx) => {
				await tx.query(`set local statement_timeout = '2s'`);
				return (await tx.query<{ n: number }>(`select (public.report_figures('{}'::jsonb, 'screen') #>> '{figures,cases}')::int as n`)).rows[0]!.n;
			});
			expect(seen).toBe(before);
			await builder.query('commit');
			expect(await casesRead()).toBe(before + 5);
		} finally {
			await builder.end();
		}
	});
});
