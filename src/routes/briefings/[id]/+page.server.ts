import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireCan, readForm } from '$lib/server/http/guards';
import type { Slide } from '$lib/briefings/slides';
import { refusal, refusalFailure } from '$lib/server/http/rpc';

export const load: PageServerLoad = async (event) => {
	const { supabase } = event.locals;
	const [units, plans] = await Promise.all([supabase.rpc('admin_unit_list'), supabase.rpc('list_plans')]);
	if (units.error) refusal(units.error);
	if (plans.error) refusal(plans.error);
	return { units: units.data, plans: plans.data.map((p) => ({ id: p.id, name: p.name })) };
};

export const actions: Actions = {
	/**
	 * Saves title, notes and slides (sent as JSON by the page) on the version the editor opened
	 * (update_briefing). Someone else's save in between answers 409 with the stored briefing, which the
	 * page shows: keep mine, take theirs, or merge the slides.
	 */
	save: async (event) => {
		requireCan(event, 'editBriefings');
		const form = await readForm(event.request);
		let slides: Slide[];
		try {
			slides = JSON.parse(String(form.get('slides') ?? '[]'));
		} catch {
			return fail(400, { message: 'slides must be JSON' });
		}
		const version = Number(form.get('version'));
		if (!Number.isInteger(version) || version < 1) return fail(400, { message: 'version: the version you opened is required' });
		const { data, error } = await event.locals.supabase.rpc('update_briefing', {
			briefing_id: event.params.id,
			base_version: version,
			title: String(form.get('title') ?? ''),
			notes: String(form.get('notes') ?? ''),
			slides
		});
		if (error) return refusalFailure(error);
		if (data.status === 'conflict') return fail(409, { conflict: data.briefing });
		return { saved: true, unchanged: data.status === 'unchanged' };
	},
	delete: async (event) => {
		requireCan(event, 'editBriefings');
		const { error } = await event.locals.supabase.rpc('delete_briefing', { briefing_id: event.params.id });
		if (error) return refusalFailure(error);
		redirect(303, '/briefings');
	}
};
