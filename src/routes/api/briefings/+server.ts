import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireRole, requireUser } from '$lib/server/guards';
import { jsonBody, text } from '$lib/server/planning/http';
import { privateJson, refusal } from '$lib/server/records';
import type { Slide } from '$lib/briefings/slides';

/** The briefings the user may open (for "add to briefing"). */
export const GET: RequestHandler = async (event) => {
	requireUser(event);
	const { data, error: e } = await event.locals.supabase.rpc('list_briefings');
	if (e) refusal(e);
	return privateJson(data);
};

/**
 * Adds a slide to a briefing: {briefing_id, slide} or {title, slide} for a new briefing. Planners
 * and admins. Answers {id, title, slides}.
 */
export const POST: RequestHandler = async (event) => {
	requireRole(event, 'planner', 'admin');
	const body = await jsonBody(event.request);
	const slide = body.slide as Slide | undefined;
	if (!slide || typeof slide !== 'object') error(400, 'slide is required');
	slide.id = crypto.randomUUID();
	const { supabase } = event.locals;
	const id = text(body.briefing_id);
	let briefing = { title: text(body.title) ?? '', notes: '', slides: [] as Slide[] } as { id?: string; title: string; notes: string; slides: Slide[] };
	if (id) {
		const { data, error: e } = await supabase.rpc('get_briefing', { briefing_id: id });
		if (e) refusal(e);
		if (!data) error(404, 'no such briefing');
		briefing = { id, title: data.title, notes: data.notes, slides: data.slides };
	}
	briefing.slides = [...briefing.slides, slide];
	const { data: saved, error: e } = await supabase.rpc('save_briefing', { briefing });
	if (e) refusal(e);
	return privateJson({ id: saved, title: briefing.title, slides: briefing.slides.length }, 201);
};
