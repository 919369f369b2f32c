import { error } from '@sveltejs/kit';
import { can } from '$lib/permissions';
import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { RECORD_KINDS, canEdit, canRead, type RecordKind, type Role } from '$lib/records/kinds';
import { refusal } from '$lib/server/http/rpc';
import { OFFLINE_HEADER } from '$lib/offline/keys';

/**
 * Records of one kind (?kind=) the user may read — a district official's own unit — filtered by
 * ?q= and ?unit=, with the vocabularies of the form, the deleted records the user may put back, and
 * the units for the filter, and what awaits review.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const role = user.role as Role;
	const kinds = RECORD_KINDS.filter((k) => canRead(k, role));
	const asked = event.url.searchParams.get('kind');
	const kind: RecordKind = kinds.find((k) => k === asked) ?? (role === 'investigator' ? 'cases' : 'boarding_houses');
	if (asked && !kinds.includes(asked as RecordKind)) error(404, `no records "${asked}" for your role`);
	const q = event.url.searchParams.get('q') ?? '';
	const unit = event.url.searchParams.get('unit') ?? '';
	const editable = canEdit(kind, role);
	// A district official's site records (their own unit) may be kept on their device for work
	// without network (the service worker keeps only pages marked so): never cases, never another
	// role's pages (a national list has no place on a phone).
	if (role === 'district_official' && kind !== 'cases') event.setHeaders({ [OFFLINE_HEADER]: kind });
	const reviewed = kind !== 'cases' && ['admin', 'planner', 'district_official'].includes(role);
	const { supabase } = event.locals;
	const [list, vocabularies, deleted, units, outlines, queue, settings] = await Promise.all([
		supabase.rpc('list_records', { record_kind: kind, q, unit_code: unit || null, max_rows: 500 }),
		supabase.rpc('record_vocabularies'),
		editable && kind !== 'cases' ? supabase.rpc('deleted_records', { record_kind: kind, max_rows: 20 }) : Promise.resolve({ data: [], error: null }),
		role === 'district_official' ? Promise.resolve({ data: [], error: null }) : supabase.rpc('admin_unit_list'),
		supabase.rpc('layer_geojson', { layer: 'admin_units' }),
		reviewed ? supabase.rpc('review_queue', { record_kind: kind, max_rows: 200 }) : Promise.resolve({ data: { total: 0, rows: [] }, error: null }),
		supabase.rpc('privacy_thresholds')
	]);
	for (const result of [list, vocabularies, deleted, units, outlines, queue, settings]) if (result.error) refusal(result.error);
	return {
		kind,
		kinds,
		q,
		unit,
		editable,
		records: list.data!.rows,
		total: list.data!.total,
		vocabularies: vocabularies.data!,
		deleted: deleted.data ?? [],
		/** Records awaiting review (planners, admins) or the official's own not yet approved. */
		queue: queue.data!,
		reviewer: kind !== 'cases' && can(user, 'reviewSites'),
		official: role === 'district_official',
		/** The threshold of what leaves the system (case exports). */
		exportK: settings.data?.export_k ?? 11,
		units: units.data ?? [],
		/** Unit outlines under the records, for orientation. */
		outlines: outlines.data!,
		unitName: user.admin_unit_name
	};
};
