/** What the endpoints read from a request and how they answer: JSON bodies, typed fields, ?tier=, uncached JSON. */
import { error, json } from '@sveltejs/kit';
import { refuseOversizedBody } from './guards';
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

/** A JSON object from a request body, or 400 saying what is wrong. */
export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
	let body: unknown;
	try {
		body = await request.json();
	} catch (e) {
		refuseOversizedBody(e);
		body = null;
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) error(400, 'the body must be a JSON object');
	return body as Record<string, unknown>;
}

/** ?tier= of a map request: 'export' for a map that leaves the app, 'screen' (the default) otherwise; 400 for anything else. */
export function requestTier(url: URL): 'screen' | 'export' {
	const tier = url.searchParams.get('tier') ?? 'screen';
	if (tier !== 'export' && tier !== 'screen') error(400, 'tier must be screen or export');
	return tier;
}

export const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
export const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
export const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
