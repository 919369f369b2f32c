import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole, readForm } from '$lib/server/guards';
import { refusal } from '$lib/server/records';
import type { Slide } from '$lib/briefings/slides';

export const load: PageServerLoad = async (event) => {
	const { supabase } = event.locals;
	const [units, plans] = await Promise.all([supabase.rpc('admin_unit_list'), supabase.rpc('list_plans')]);
	if (units.error) refusal(units.error);
	if (plans.error) refusal(plans.error);
	return { units: units.data, plans: plans.data.map((p) => ({ id: p.id, name: p.name })) };
};

export const actions: Actions = {
	/** Saves title, notes and slides (sent as JSON by the page), checked by save_briefing. */
	save: async (event) => {
		requireRole(event, 'planner', 'admin');
		const form = await readForm(event.request);
		let slides: Slide[];
		try {
			slides = JSON.parse(String(form.get('slides') ?? '[]'));
		} catch {
			return fail(400, { message: 'slides must be JSON' });
		}
		const { error } = await event.locals.supabase.rpc('save_briefing', {
			briefing: { id: event.params.id, title: String(form.get('title') ?? ''), notes: String(form.get('notes') ?? ''), slides }
		});
		if (error) return fail(error.code === '42501' ? 403 : 400, { message: error.message });
		return { saved: true };
	},
	delete: async (event) => {
		requireRole(event, 'planner', 'admin');
		const { error } = await event.locals.supabase.rpc('delete_briefing', { briefing_id: event.params.id });
		if (error) return fail(400, { message: error.message });
		redirect(303, '/briefings');
	}
};
