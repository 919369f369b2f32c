import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { jsonBody, number, requestTier, strings, text } from '$lib/server/http/request';
import { rpc } from '$lib/server/http/rpc';
import { campaignEffect } from '$lib/analysis/campaign';

/**
 * Did the peak campaign work: POST {year, unit, types} → each unit's cases before, during and after
 * the peak and in last year's peak (the case publication's quarter cells for everyone but
 * investigators on screen; ?tier=export for briefing slides), the outreach held there during the
 * peak, and the comparison: change against the area's own, exact binomial p, Benjamini–Hochberg.
 */
export const POST: RequestHandler = async (event) => {
	requireUser(event);
	const body = await jsonBody(event.request);
	const types = strings(body.types);
	const counts = await rpc(event.locals.supabase, 'campaign_effect', {
		filters: { year: number(body.year) ?? null, admin_unit: text(body.unit), ...(types.length ? { case_type: types } : {}) },
		tier: requestTier(event.url)
	});
	return json({ counts, effect: campaignEffect(counts) }, { headers: { 'cache-control': 'private, no-store' } });
};
