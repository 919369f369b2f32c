import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Signs out (ends the session on the auth server, clears the cookies). POST only: SvelteKit's origin check applies. */
export const POST: RequestHandler = async ({ locals }) => {
	await locals.supabase.auth.signOut();
	redirect(303, '/login');
};
