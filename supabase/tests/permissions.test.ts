import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, failure, openTestDatabase, type TestDatabase } from '../../tests/helpers/db';
import { can, PERMISSIONS, type Action } from '../../src/lib/permissions';
import type { DemoRole } from '../../src/lib/server/demo/seed';

/**
 * The pages' permission matrix (src/lib/permissions.ts) against what the database allows: for each
 * action, one call the database makes only for the roles allowed (others get 42501), tried as every
 * role in a transaction that is rolled back.
 */
const PROBES: Record<Action, string> = {
	plan: `select public.set_deployment_status('00000000-0000-0000-0000-000000000000', 'done', null)`,
	editBriefings: `select public.save_briefing('{}'::jsonb)`,
	editSites: `select public.import_records('boarding_houses', '[]'::jsonb, true)`,
	reviewSites: `select public.review_record('boarding_houses', (select id from public.boarding_houses order by id limit 1), 'approve', null, null)`,
	approveReports: `select public.approve_report('tay-ninh', 'q3-2025', '2025-07-01', '2025-09-30')`,
	seeExactCases: `select public.list_records('cases')`,
	administer: `select public.admin_list_users()`,
	replaceBoundaries: `select public.import_boundaries('[]'::jsonb, true)`
};
const ROLES: DemoRole[] = ['admin', 'planner', 'district_official', 'investigator', 'leader'];

describe('the pages’ permissions and the database', () => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase('pglite');
	});
	afterAll(() => t?.close());

	it('agree for every action and every role', async () => {
		const disagreements: string[] = [];
		for (const action of Object.keys(PERMISSIONS) as Action[]) {
			for (const role of ROLES) {
				const refused = await asRole(t.db, role, async (tx) => (await failure(tx, () => tx.query(PROBES[action])))?.code === '42501');
				const allowed = can({ role }, action);
				if (refused === allowed)
					disagreements.push(`${action} as ${role}: pages say ${allowed ? 'yes' : 'no'}, the database ${refused ? 'refuses' : 'allows'}`);
			}
		}
		expect(disagreements).toEqual([]);
	});
});
