import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { jsonBody, requestTier, text } from '$lib/server/http/request';
import { rpc } from '$lib/server/http/rpc';

/**
 * Border corridors: POST {from, to, unit} → flows origin unit → crossing → destination country of
 * the area (the country, a province or a unit directly below one) and period. Everyone but
 * investigators on screen reads the case publication (corridors below k are absent; the period is
 * snapped to whole quarters); ?tier=export (a briefing slide) reads the export publication for
 * every role. The database says which filter is wrong and why (400).
 */
export const POST: RequestHandler = async (event) => {
	requireUser(event);
	const body = await jsonBody(event.request);
	const answer = await rpc(event.locals.supabase, 'corridor_flows', {
		filters: { from: text(body.from), to: text(body.to), admin_unit: text(body.unit) },
		tier: requestTier(event.url)
	});
	return json(answer, { headers: { 'cache-control': 'private, no-store' } });
};
