import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, failure, openTestDatabase, switchUser, type TestDatabase } from '../../tests/helpers/db';
import { demoUserId } from '../../src/lib/server/demo/seed';
import type { Queryable } from '../../src/lib/server/db';
import type { CampaignCounts, Counts } from '../../src/lib/analysis/campaign';

const effect = (tx: Queryable, filters: object, tier = 'screen') =>
	tx.query<{ r: CampaignCounts }>('select public.campaign_effect($1::jsonb, $2) as r', [JSON.stringify(filters), tier]).then((r) => r.rows[0]!.r);

/** Hand-built cases of two Tây Ninh districts: [unit, day, how many]. Tân Biên has 2 in the peak: under k. */
const BUILT: [string, string, number][] = [
	['tay-ninh.ben-cau', '2025-05-10', 12],
	['tay-ninh.ben-cau', '2025-07-30', 4],
	['tay-ninh.ben-cau', '2025-11-02', 6],
	['tay-ninh.ben-cau', '2024-08-15', 9],
	['tay-ninh.tan-bien', '2025-04-20', 5],
	['tay-ninh.tan-bien', '2025-09-30', 2],
	['tay-ninh.tan-bien', '2024-07-01', 7]
];

/** The peak campaign's effect: each unit's quarters around the peak, exact for investigators, published cells for everyone else. */
describe.each(backends())('campaign effect on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => (t = await openTestDatabase(kind)));
	afterAll(() => t?.close());

	async function handBuilt(tx: Queryable) {
		await tx.query(`select set_config('role', 'none', true)`);
		const ids = { investigator: await demoUserId(tx, 'investigator'), planner: await demoUserId(tx, 'planner') };
		await tx.query('delete from public.cases');
		for (const [unit, day, n] of BUILT) {
			await tx.query(
				`insert into public.cases (case_type, occurred_on, admin_unit_id, location_precision, geom, victims_female, victims_male,
				   victims_under_16, victims_16_17, victims_adult)
				 select 'labour_fraud', $2::date, u.id, 'district', extensions.st_pointonsurface(u.geom), 1, 0, 0, 0, 1
				 from public.admin_units u, generate_series(1, $3) where u.code = $1`,
				[unit, day, n]
			);
		}
		const outreach = (
			await tx.query<{ code: string; activities: number; people: number }>(
				`select u.code, count(*)::int as activities, sum(o.people_reached)::int as people
				 from public.outreach_activities o join public.admin_units u on u.id = o.admin_unit_id
				 where u.code like 'tay-ninh.%' and o.held_on between '2025-07-01' and '2025-09-30' group by 1`
			)
		).rows;
		return { ids, outreach: new Map(outreach.map((o) => [o.code, o])) };
	}
	const truth: Record<string, Counts> = {
		'tay-ninh.ben-cau': { before: 12, during: 4, after: 6, last_year: 9 },
		'tay-ninh.tan-bien': { before: 5, during: 2, after: 0, last_year: 7 }
	};

	it('counts each unit’s quarters around the peak exactly for investigators, beside the outreach of the peak', async () => {
		await asRole(t.db, 'investigator', async (tx) => {
			const { ids, outreach } = await handBuilt(tx);
			await switchUser(tx, 'investigator', ids.investigator);
			const r = await effect(tx, { year: 2025, admin_unit: 'tay-ninh' });
			expect(r).toMatchObject({ exact: true, year: 2025, area: { key: 'P:tay-ninh' } });
			expect(r.periods.during).toEqual({ key: 'Q2025-3', from: '2025-07-01', to: '2025-09-30' });
			expect(r.periods.last_year.key).toBe('Q2024-3');
			for (const [code, counts] of Object.entries(truth)) {
				const u = r.units.find((x) => x.code === code)!;
				expect(u.cases).toEqual(counts);
				expect(u.outreach).toEqual({ activities: outreach.get(code)?.activities ?? 0, people: outreach.get(code)?.people ?? 0 });
				expect(u.population).toBeGreaterThan(0);
			}
			// Every other unit of the province has none, and the remainder of the province is there too.
			expect(r.units.filter((u) => !truth[u.code] && !u.rest).every((u) => Object.values(u.cases).every((n) => n === 0))).toBe(true);
			expect(r.units.some((u) => u.rest && u.code === 'tay-ninh')).toBe(true);
		});
	});

	it('gives everyone else the published quarter cells: true where shown, nothing under k', async () => {
		await asRole(t.db, 'investigator', async (tx) => {
			const { ids } = await handBuilt(tx);
			await switchUser(tx, 'planner', ids.planner);
			for (const tier of ['screen', 'export'] as const) {
				const r = await effect(tx, { year: 2025, admin_unit: 'tay-ninh' }, tier);
				expect(r.exact).toBe(false);
				const k = r.k!;
				for (const u of r.units)
					for (const [period, n] of Object.entries(u.cases)) {
						if (n === null) continue;
						expect(n, `${u.code} ${period}`).toBeGreaterThanOrEqual(k);
						expect(n).toBe(truth[u.code]?.[period as keyof Counts] ?? 0);
					}
				// Tân Biên's peak (2 cases) is never shown; on screen the comparison still has figures to show.
				expect(r.units.find((u) => u.code === 'tay-ninh.tan-bien')!.cases.during).toBeNull();
				if (tier === 'screen') expect(r.units.flatMap((u) => Object.values(u.cases)).filter((n) => n !== null && n > 0).length).toBeGreaterThan(0);
				// The province's own cells: the sums of all its units.
				if (r.total?.during !== null && r.total?.during !== undefined) expect(r.total.during).toBe(6);
			}
		});
	});

	it('says what is wrong with a request', async () => {
		await asRole(t.db, 'planner', async (tx) => {
			const refused = async (filters: object) => (await failure(tx, () => effect(tx, filters)))!;
			expect(await refused({})).toMatchObject({ code: '22023', message: 'filters.year: a year, e.g. 2025' });
			expect(await refused({ year: '2025' })).toMatchObject({ code: '22023', message: 'filters.year: a year, e.g. 2025' });
			expect(await refused({ year: 2025.5 })).toMatchObject({ code: '22023' });
			expect(await refused({ year: 2025, case_type: ['kidnap'] })).toMatchObject({ code: '22023', message: 'unknown case_type "kidnap"' });
			expect(await refused({ year: 2025, admin_unit: 'nowhere' })).toMatchObject({ code: '22023', message: 'unknown admin_unit "nowhere"' });
		});
		await asRole(t.db, 'anon', async (tx) => expect((await failure(tx, () => effect(tx, { year: 2025 })))?.code).toBe('42501'));
	});
});
