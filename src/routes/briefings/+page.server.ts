import { fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/permissions';
import type { Actions, PageServerLoad } from './$types';
import { isUuid, requireCan, requireUser, readForm } from '$lib/server/http/guards';
import { refusal, refusalFailure } from '$lib/server/http/rpc';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { data, error } = await event.locals.supabase.rpc('list_briefings');
	if (error) refusal(error);
	// The id of the next new briefing is made with the form: a double submit makes one briefing.
	return { briefings: data, canEdit: can(user, 'editBriefings'), newId: crypto.randomUUID() };
};

export const actions: Actions = {
	create: async (event) => {
		requireCan(event, 'editBriefings');
		const form = await readForm(event.request);
		const title = String(form.get('title') ?? '').trim();
		const id = String(form.get('id') ?? '');
		if (!title) return fail(400, { message: 'title is required' });
		if (!isUuid(id)) return fail(400, { message: 'id: reload the page' });
		const { error } = await event.locals.supabase.rpc('create_briefing', { briefing_id: id, title });
		if (error) return refusalFailure(error);
		redirect(303, `/briefings/${id}`);
	}
};
