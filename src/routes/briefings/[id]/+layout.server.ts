import type { LayoutServerLoad } from './$types';
import { can } from '$lib/permissions';
import { requireUser } from '$lib/server/http/guards';
import { loadBriefing } from '$lib/server/documents/briefings';
import { refusal } from '$lib/server/http/rpc';

/** The briefing, each slide's data at the export tier (briefings leave the room), and the names of codes. */
export const load: LayoutServerLoad = async (event) => {
	const user = requireUser(event);
	const { supabase } = event.locals;
	const [{ briefing, data }, vocabularies, thresholds] = await Promise.all([
		loadBriefing(supabase, event.params.id),
		supabase.rpc('record_vocabularies'),
		supabase.rpc('privacy_thresholds')
	]);
	if (vocabularies.error) refusal(vocabularies.error);
	if (thresholds.error) refusal(thresholds.error);
	return { briefing, slideData: data, vocabularies: vocabularies.data, canEdit: can(user, 'editBriefings'), exportK: thresholds.data?.export_k ?? 11 };
};
