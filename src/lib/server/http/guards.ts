import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { AppRole, Profile } from '$lib/supabase/database.types';
import { PERMISSIONS, type Action } from '$lib/permissions';

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): Profile {
	if (!event.locals.user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	return event.locals.user;
}

/** The signed-in user if their role may do the action (src/lib/permissions.ts); 403 otherwise. */
export function requireCan(event: Pick<RequestEvent, 'locals' | 'url'>, action: Action): Profile {
	return requireRole(event, ...PERMISSIONS[action]);
}

/** The signed-in user if they hold one of the roles; 403 otherwise. */
export function requireRole(event: Pick<RequestEvent, 'locals' | 'url'>, ...roles: AppRole[]): Profile {
	const user = requireUser(event);
	if (!roles.includes(user.role)) error(403, 'This page is not available to your role.');
	return user;
}

/** A redirect target from a query parameter: only paths on this site. */
export function safeRedirect(target: string | null, fallback = '/'): string {
	// Browsers drop tabs and newlines from a URL and read a backslash as "/" (so "/<tab>/evil.example" is "//evil.example"):
	// refuse those outright, then keep only a path that resolves to this origin, encoded as a URL (no raw
	// non-ASCII or control characters can reach the Location header).
	const unsafe = (ch: string) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || ch === '\\';
	if (!target || !target.startsWith('/') || [...target].some(unsafe)) return fallback;
	const base = 'http://app.invalid';
	let url: URL;
	try {
		url = new URL(target, base);
	} catch {
		return fallback;
	}
	return url.origin === base ? url.pathname + url.search + url.hash : fallback;
}

/**
 * A body over BODY_SIZE_LIMIT sent chunked fails only while it is read (there is no length to refuse it
 * by): that read error is answered 413, whatever the body was meant to be.
 */
export function refuseOversizedBody(readError: unknown): void {
	if ((readError as { status?: number }).status === 413) error(413, 'The request body is larger than the server accepts.');
}

/** The posted form, or 400 when the body is not a readable form (garbage multipart, a wrong content type). */
export async function readForm(request: Request): Promise<FormData> {
	try {
		return await request.formData();
	} catch (e) {
		refuseOversizedBody(e);
		error(400, `The form could not be read: ${(e as Error).message.slice(0, 200)}`);
	}
}

/** A UUID as clients make them for ids (crypto.randomUUID()). */
export const isUuid = (value: unknown): value is string =>
	typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
