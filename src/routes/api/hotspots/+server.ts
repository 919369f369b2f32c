import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/guards';
import { runHotspots } from '$lib/server/planning/hotspots';
import { analysis, jsonBody, number, strings, text } from '$lib/server/planning/http';

/**
 * Hot spots of cases: POST {from, to, types, unit, method: "gistar"|"kde", cellDeg?, bandKm?}.
 * Runs with the caller's rights: case counts come as the suppressed aggregates the role may see.
 */
export const POST: RequestHandler = async (event) => {
	requireUser(event);
	const body = await jsonBody(event.request);
	const result = await analysis(() =>
		runHotspots(event.locals.supabase, {
			from: text(body.from),
			to: text(body.to),
			types: strings(body.types),
			unit: text(body.unit),
			method: body.method === 'kde' ? 'kde' : 'gistar',
			cellDeg: number(body.cellDeg),
			bandKm: number(body.bandKm)
		})
	);
	return json(result, { headers: { 'cache-control': 'private, no-store' } });
};
