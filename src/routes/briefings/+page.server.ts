import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole, requireUser, readForm } from '$lib/server/guards';
import { refusal } from '$lib/server/records';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { data, error } = await event.locals.supabase.rpc('list_briefings');
	if (error) refusal(error);
	return { briefings: data, canEdit: user.role === 'planner' || user.role === 'admin' };
};

export const actions: Actions = {
	create: async (event) => {
		requireRole(event, 'planner', 'admin');
		const title = String((await readForm(event.request)).get('title') ?? '').trim();
		if (!title) return fail(400, { message: 'title is required' });
		const { data, error } = await event.locals.supabase.rpc('save_briefing', { briefing: { title, slides: [] } });
		if (error) return fail(400, { message: error.message });
		redirect(303, `/briefings/${data}`);
	}
};
