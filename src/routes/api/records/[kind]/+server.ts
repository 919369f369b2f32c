import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser, isUuid } from '$lib/server/http/guards';
import { jsonBody, number, privateJson, recordKind, text } from '$lib/server/http/request';
import { readRecord, type Draft } from '$lib/records/kinds';
import { rpc } from '$lib/server/http/rpc';

/** The records the user may read: ?q=&unit=&limit= (own unit for district officials). */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const kind = recordKind(event.params.kind, user);
	const q = event.url.searchParams;
	const data = await rpc(event.locals.supabase, 'list_records', {
		record_kind: kind,
		q: q.get('q') ?? '',
		unit_code: q.get('unit') || null,
		max_rows: Math.min(Number(q.get('limit') ?? 500) || 500, 5000)
	});
	return privateJson(data);
};

/**
 * Saves one record: {id (made by the client), version (null for new), draft: {values, lon, lat,
 * outline, source, accuracy}}. The draft is read as the form reads it (400 with the field errors otherwise), then
 * save_record decides: created, updated, unchanged (a retry) or conflict (200, with both versions).
 */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const kind = recordKind(event.params.kind, user);
	const body = await jsonBody(event.request);
	const id = text(body.id);
	if (!id || !isUuid(id)) error(400, 'id: a UUID made by the client is required');
	const draft = body.draft as Draft | undefined;
	if (!draft || typeof draft !== 'object' || typeof draft.values !== 'object') error(400, 'draft: {values, lon, lat, outline} is required');
	const vocabularies = await rpc(event.locals.supabase, 'record_vocabularies');
	const read = readRecord(
		kind,
		{
			values: draft.values ?? {},
			lon: String(draft.lon ?? ''),
			lat: String(draft.lat ?? ''),
			outline: Array.isArray(draft.outline) ? draft.outline : [],
			source: draft.source,
			accuracy: typeof draft.accuracy === 'number' ? draft.accuracy : null
		},
		vocabularies
	);
	if (!read.fields) return privateJson({ status: 'invalid', errors: read.errors }, 400);
	const data = await rpc(event.locals.supabase, 'save_record', {
		record_kind: kind,
		record_id: id,
		base_version: number(body.version) ?? null,
		fields: read.fields
	});
	return privateJson(data, data.status === 'created' ? 201 : 200);
};
