import type { LayoutServerLoad } from './$types';
import { requireUser } from '$lib/server/guards';
import { loadBriefing } from '$lib/server/briefings';
import { refusal } from '$lib/server/records';

/** The briefing, each slide's data with the viewer's rights, and the names of codes. */
export const load: LayoutServerLoad = async (event) => {
	const user = requireUser(event);
	const { supabase } = event.locals;
	const [{ briefing, data }, vocabularies] = await Promise.all([loadBriefing(supabase, event.params.id), supabase.rpc('record_vocabularies')]);
	if (vocabularies.error) refusal(vocabularies.error);
	return { briefing, slideData: data, vocabularies: vocabularies.data, canEdit: user.role === 'planner' || user.role === 'admin' };
};
