import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { safeRedirect, readForm } from '$lib/server/http/guards';
import { embeddedBackend } from '$lib/server/backend';
import { DEMO_PASSWORD, DEMO_USERS } from '$lib/server/demo/seed';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	const backend = await embeddedBackend();
	// Demo accounts are listed only in demo mode, where they exist.
	const demoAccounts = backend?.demo ? { password: DEMO_PASSWORD, users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role })) } : null;
	return { demoAccounts };
};

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const form = await readForm(request);
		const email = String(form.get('email') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!email || !password) return fail(400, { email, error: 'missingCredentials' as const });
		const { error } = await locals.supabase.auth.signInWithPassword({ email, password });
		if (error) {
			// Only the email is echoed back, never the password.
			if (error.status === 429) return fail(429, { email, error: 'tooManyAttempts' as const });
			// A disabled account is told what a wrong password is told (GoTrue says user_banned only when
			// the password is right: saying so would confirm the password).
			return fail(400, { email, error: 'invalidCredentials' as const });
		}
		redirect(303, safeRedirect(url.searchParams.get('redirectTo')));
	}
};
