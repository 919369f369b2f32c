import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { runCoverage } from '$lib/server/planning/coverage';
import { analysis } from '$lib/server/planning/run';
import { jsonBody, text } from '$lib/server/http/request';

/** Coverage gaps: POST {from, to, unit, records: all|approved} → which boarding-house workers no outreach or model site reaches. */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const body = await jsonBody(event.request);
	const result = await analysis(user.user_id, () =>
		runCoverage(event.locals.supabase, {
			from: text(body.from),
			to: text(body.to),
			unit: text(body.unit),
			records: body.records === 'approved' ? 'approved' : 'all'
		})
	);
	return json(result, { headers: { 'cache-control': 'private, no-store' } });
};
