import { error, json } from '@sveltejs/kit';
import type { PostgrestError } from '@supabase/supabase-js';
import { RECORD_KINDS, canRead, type RecordKind, type Role } from '$lib/records/kinds';
import type { Profile } from '$lib/supabase/database.types';

/** The kind named in the path, if the user may read it; 404 otherwise. */
export function recordKind(param: string | undefined, user: Profile): RecordKind {
	const kind = RECORD_KINDS.find((k) => k === param);
	if (!kind || !canRead(kind, user.role as Role)) error(404, `no records "${param}" for your role`);
	return kind;
}

/** The database's words for a refusal, with its hint. */
export const refusalText = (e: Pick<PostgrestError, 'message' | 'hint'>): string => (e.hint ? `${e.message} (${e.hint})` : e.message);

/** A data-API refusal as an HTTP error with the database's words (and hint): 403, 410, 409, 400 or 502. */
export function refusal(e: PostgrestError): never {
	const message = refusalText(e);
	if (e.code === '42501') error(403, message);
	if (e.code === 'PT404') error(410, message);
	if (e.code === 'PT409') error(409, message);
	// Class 22 (a bad value: 22023 from the functions, 22P02 a malformed id or number, 22007 a date…) and
	// class 23 (a constraint) are the request's fault.
	if (e.code?.startsWith('22') || e.code?.startsWith('23')) error(400, message);
	error(502, message);
}

/** A JSON answer that no cache keeps. */
export const privateJson = (body: unknown, status = 200) => json(body, { status, headers: { 'cache-control': 'private, no-store' } });
