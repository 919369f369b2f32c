import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { runHotspots, TooFewCasesError } from '$lib/server/planning/hotspots';
import { analysis } from '$lib/server/planning/run';
import { jsonBody, number, requestTier, strings, text } from '$lib/server/http/request';

const METHODS = ['gistar', 'kde', 'hex', 'emerging'] as const;
type Method = (typeof METHODS)[number];
const slices = (value: unknown) =>
	Array.isArray(value)
		? value.filter((v): v is { from: string; to: string } => typeof v?.from === 'string' && typeof v?.to === 'string').map((v) => ({ from: v.from, to: v.to }))
		: undefined;

/**
 * Hot spots of cases (or another point layer): POST {data?, from, to, types, unit, method: "gistar"|"kde"|"hex"|"emerging", cellDeg?,
 * bandKm?, resolution? (hex), slices? (emerging: [{from, to}, …] oldest first), records? (site layers: all|approved)}.
 * Runs with the caller's rights: case counts come as the role may see them (the protected
 * publication for everyone but investigators); ?tier=export (an analysis shown outside the app:
 * briefing slides) reads the export publication for every role. Too few cases the caller may see
 * is an answer, not an error: 200 {tooFew: true, message}.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const body = await jsonBody(event.request);
	const result = await analysis(user.user_id, () =>
		runHotspots(event.locals.supabase, {
			data: body.data === 'outreach' || body.data === 'boarding_houses' || body.data === 'model_sites' ? body.data : 'cases',
			from: text(body.from),
			to: text(body.to),
			types: strings(body.types),
			unit: text(body.unit),
			method: (METHODS as readonly unknown[]).includes(body.method) ? (body.method as Method) : 'gistar',
			cellDeg: number(body.cellDeg),
			bandKm: number(body.bandKm),
			resolution: number(body.resolution),
			slices: slices(body.slices),
			records: body.records === 'approved' ? 'approved' : 'all',
			tier: requestTier(event.url)
		}).catch((e: unknown) => {
			if (e instanceof TooFewCasesError) return { tooFew: true as const, message: e.message };
			throw e;
		})
	);
	return json(result, { headers: { 'cache-control': 'private, no-store' } });
};
