/**
 * What each role may do, in one place for the pages (which buttons and pages to offer). The
 * database decides for real (RLS and the API functions, docs/SECURITY.md); supabase/tests/
 * permissions.test.ts checks that this matrix says what the database does, role by role.
 */
import type { AppRole } from '$lib/supabase/database.types';

export type Action =
	/** Run hot spots, plan deployments, save plans. */
	| 'plan'
	/** Make and change briefings (leaders open and present them). */
	| 'editBriefings'
	/** Enter and import site records (officials for their district). */
	| 'editSites'
	/** Approve or return site records. */
	| 'reviewSites'
	/** Approve and lock report figures. */
	| 'approveReports'
	/** Read and edit case records, see exact case points. */
	| 'seeExactCases'
	/** Manage users, thresholds, the basemap. */
	| 'administer'
	/** Replace administrative boundaries. */
	| 'replaceBoundaries';

export const PERMISSIONS: Record<Action, readonly AppRole[]> = {
	plan: ['planner', 'admin'],
	editBriefings: ['planner', 'admin'],
	editSites: ['district_official', 'admin'],
	reviewSites: ['planner', 'admin'],
	approveReports: ['planner', 'admin'],
	seeExactCases: ['investigator'],
	administer: ['admin'],
	replaceBoundaries: ['admin']
};

/** Whether a user (or nobody) may do something. */
export function can(user: { role: AppRole } | null | undefined, action: Action): boolean {
	return !!user && PERMISSIONS[action].includes(user.role);
}
