import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireCan, requireUser, isUuid } from '$lib/server/http/guards';
import { jsonBody, privateJson, text } from '$lib/server/http/request';
import type { Slide } from '$lib/briefings/slides';
import { refusal, rpc } from '$lib/server/http/rpc';

/** The briefings the user may open (for "add to briefing"). */
export const GET: RequestHandler = async (event) => {
	requireUser(event);
	const data = await rpc(event.locals.supabase, 'list_briefings');
	return privateJson(data);
};

/**
 * Adds a slide to a briefing: {briefing_id, slide} or {id?, title, slide} for a new briefing (id made by
 * the client: a retried create makes one briefing). The slide's id, when the client gives one, makes a
 * retried add add nothing. The append is one statement in SQL (add_briefing_slide): concurrent adds all
 * land. Planners and admins. Answers {id, title, slides}.
 */
export const POST: RequestHandler = async (event) => {
	requireCan(event, 'editBriefings');
	const body = await jsonBody(event.request);
	const slide = body.slide as Slide | undefined;
	if (!slide || typeof slide !== 'object' || Array.isArray(slide)) error(400, 'slide is required');
	if (slide.id !== undefined && !isUuid(slide.id)) error(400, 'slide.id must be a UUID');
	slide.id ??= crypto.randomUUID();
	const { supabase } = event.locals;
	let id = text(body.briefing_id);
	if (id) {
		if (!isUuid(id)) error(400, 'briefing_id must be a UUID');
	} else {
		id = text(body.id) ?? crypto.randomUUID();
		if (!isUuid(id)) error(400, 'id must be a UUID');
		const { error: e } = await supabase.rpc('create_briefing', { briefing_id: id, title: text(body.title) ?? '' });
		if (e) refusal(e);
	}
	const data = await rpc(supabase, 'add_briefing_slide', { briefing_id: id, slide });
	return privateJson({ id, title: data.title, slides: data.slides }, 201);
};
