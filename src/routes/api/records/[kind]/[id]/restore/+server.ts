import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { jsonBody, number, privateJson, recordKind } from '$lib/server/http/request';
import { rpc } from '$lib/server/http/rpc';

/** Puts a record back as it was at {version} (undoes a delete or an edit). */
export const POST: RequestHandler = async (event) => {
	const kind = recordKind(event.params.kind, requireUser(event));
	const version = number((await jsonBody(event.request)).version);
	if (!version || !Number.isInteger(version)) error(400, 'version: the version to restore is required');
	const data = await rpc(event.locals.supabase, 'restore_record', { record_kind: kind, record_id: event.params.id, at_version: version });
	return privateJson(data);
};
