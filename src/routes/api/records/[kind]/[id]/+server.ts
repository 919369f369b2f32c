import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { privateJson, recordKind } from '$lib/server/http/request';
import { refusal } from '$lib/server/http/rpc';

/** The history of a record (who, when, what changed), newest first. */
export const GET: RequestHandler = async (event) => {
	const kind = recordKind(event.params.kind, requireUser(event));
	const { data, error } = await event.locals.supabase.rpc('record_history', { record_kind: kind, record_id: event.params.id });
	if (error) refusal(error);
	return privateJson(data);
};

/** Deletes a record (?version= the version the user saw; a newer one answers a conflict). Undo with restore. */
export const DELETE: RequestHandler = async (event) => {
	const kind = recordKind(event.params.kind, requireUser(event));
	const version = Number(event.url.searchParams.get('version'));
	const { data, error } = await event.locals.supabase.rpc('delete_record', {
		record_kind: kind,
		record_id: event.params.id,
		base_version: Number.isInteger(version) && version > 0 ? version : null
	});
	if (error) refusal(error);
	return privateJson(data);
};
