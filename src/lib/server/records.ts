import { error, json } from '@sveltejs/kit';
import { RECORD_KINDS, canRead, type RecordKind, type Role } from '$lib/records/kinds';
import type { Profile } from '$lib/supabase/database.types';

/** The kind named in the path, if the user may read it; 404 otherwise. */
export function recordKind(param: string | undefined, user: Profile): RecordKind {
	const kind = RECORD_KINDS.find((k) => k === param);
	if (!kind || !canRead(kind, user.role as Role)) error(404, `no records "${param}" for your role`);
	return kind;
}

/** A JSON answer that no cache keeps. */
export const privateJson = (body: unknown, status = 200) => json(body, { status, headers: { 'cache-control': 'private, no-store' } });
