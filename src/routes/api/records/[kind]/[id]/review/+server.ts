import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { jsonBody, number, privateJson, recordKind } from '$lib/server/http/request';
import { rpc } from '$lib/server/http/rpc';

/**
 * Approves or returns a submitted record (or a proposed change): {decision: approve|return, comment,
 * version (the one the reviewer saw)}. Planners of the area and admins; the database decides.
 */
export const POST: RequestHandler = async (event) => {
	const kind = recordKind(event.params.kind, requireUser(event));
	const body = await jsonBody(event.request);
	const decision = body.decision;
	if (decision !== 'approve' && decision !== 'return') error(400, 'decision: approve or return');
	const version = body.version === undefined || body.version === null ? null : number(body.version);
	const data = await rpc(event.locals.supabase, 'review_record', {
		record_kind: kind,
		record_id: event.params.id,
		decision,
		comment: typeof body.comment === 'string' ? body.comment : null,
		seen_version: version
	});
	return privateJson(data);
};
