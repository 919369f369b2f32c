import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { AppRole, Profile } from '$lib/supabase/database.types';

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): Profile {
	if (!event.locals.user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	return event.locals.user;
}

/** The signed-in user if they hold one of the roles; 403 otherwise. */
export function requireRole(event: Pick<RequestEvent, 'locals' | 'url'>, ...roles: AppRole[]): Profile {
	const user = requireUser(event);
	if (!roles.includes(user.role)) error(403, 'This page is not available to your role.');
	return user;
}

/** A redirect target from a query parameter: only paths on this site. */
export function safeRedirect(target: string | null, fallback = '/'): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback;
	return target;
}
