import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { compareHotspots } from '$lib/server/planning/compare';
import { TooFewCasesError } from '$lib/server/planning/hotspots';
import { analysis } from '$lib/server/planning/run';
import { jsonBody, requestTier, strings, text } from '$lib/server/http/request';

const period = (value: unknown, name: string) => {
	if (typeof value !== 'object' || value === null) error(400, `${name} must be {from, to}`);
	const p = value as Record<string, unknown>;
	return { from: text(p.from) ?? '', to: text(p.to) ?? '' };
};

/**
 * Gi* hot spots of two periods compared cell by cell: POST {first: {from, to}, second: {from, to},
 * types, unit} → each cell's move (newly hot, no longer hot …), similarity, Cohen's κ and its
 * permutation p. Counts as the caller may see them (?tier=export: as shown outside the app). Too few
 * cases in either period is an answer, not an error: 200 {tooFew: true, message}.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const body = await jsonBody(event.request);
	const result = await analysis(user.user_id, () =>
		compareHotspots(event.locals.supabase, {
			first: period(body.first, 'first'),
			second: period(body.second, 'second'),
			types: strings(body.types),
			unit: text(body.unit),
			tier: requestTier(event.url)
		}).catch((e: unknown) => {
			if (e instanceof TooFewCasesError) return { tooFew: true as const, message: e.message };
			throw e;
		})
	);
	return json(result, { headers: { 'cache-control': 'private, no-store' } });
};
