import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireCan } from '$lib/server/http/guards';
import { solvePlan } from '$lib/server/planning/deploy';
import { analysis } from '$lib/server/planning/run';
import { jsonBody, number, strings, text } from '$lib/server/http/request';

/**
 * Solves a deployment plan (planners and admins): POST {teamType, k, radiusKm, teams, from, to,
 * unit, types, exact, pinned, forbidden, keep?: [{label, lon, lat}], seed? (patrols' rotation), capacity? (most demand one site serves)}. Nothing is saved: saving is the planner page's action.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireCan(event, 'plan');
	const body = await jsonBody(event.request);
	const result = await analysis(user.user_id, () =>
		solvePlan(event.locals.supabase, {
			teamType: body.teamType === 'patrol' ? 'patrol' : 'propaganda',
			k: number(body.k) ?? NaN,
			radiusKm: number(body.radiusKm) ?? NaN,
			teams: number(body.teams) ?? NaN,
			seed: number(body.seed),
			capacity: number(body.capacity),
			from: text(body.from) ?? '',
			to: text(body.to) ?? '',
			unit: text(body.unit),
			types: strings(body.types),
			exact: body.exact === true,
			pinned: strings(body.pinned),
			forbidden: strings(body.forbidden),
			keep: Array.isArray(body.keep)
				? body.keep.map((s: { label?: unknown; lon?: unknown; lat?: unknown }) => ({ label: String(s?.label ?? ''), lon: Number(s?.lon), lat: Number(s?.lat) }))
				: undefined
		})
	);
	return json(result, { headers: { 'cache-control': 'private, no-store' } });
};
