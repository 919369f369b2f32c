import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { runCoverage } from '$lib/server/planning/coverage';
import { analysis } from '$lib/server/planning/run';
import { jsonBody, requestTier, text } from '$lib/server/http/request';
import { DEMAND_KINDS, type DemandWeights } from '$lib/planning/types';

/** The weights as sent; a kind left out weighs 0, anything but a number is refused by runCoverage. */
function demandWeights(value: unknown): DemandWeights {
	if (typeof value !== 'object' || Array.isArray(value)) error(400, 'weights must be an object {workers, border, hotspots}');
	const w = value as Record<string, unknown>;
	const unknown = Object.keys(w).filter((k) => !(DEMAND_KINDS as readonly string[]).includes(k));
	if (unknown.length) error(400, `weights.${unknown[0]} is not a kind of demand (workers, border, hotspots)`);
	return Object.fromEntries(DEMAND_KINDS.map((k) => [k, w[k] ?? 0])) as DemandWeights;
}

/**
 * Coverage gaps: POST {from, to, unit, records: all|approved, weights?: {workers, border, hotspots}}
 * → which boarding-house workers, border units and case hot spots no outreach or model site reaches,
 * and the share of the demand weighted as asked (0–100 each; workers only by default). Hot-spot
 * demand reads case counts as the caller may see them; ?tier=export as shown outside the app.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const body = await jsonBody(event.request);
	const result = await analysis(user.user_id, () =>
		runCoverage(event.locals.supabase, {
			from: text(body.from),
			to: text(body.to),
			unit: text(body.unit),
			records: body.records === 'approved' ? 'approved' : 'all',
			tier: requestTier(event.url),
			...(body.weights === undefined || body.weights === null ? {} : { weights: demandWeights(body.weights) })
		})
	);
	return json(result, { headers: { 'cache-control': 'private, no-store' } });
};
