import type { LayoutServerLoad } from './$types';
import { isLocale, type Locale } from '$lib/i18n/messages';
import { embeddedBackend } from '$lib/server/backend';

export const load: LayoutServerLoad = async ({ locals, url, cookies }) => {
	const requested = url.searchParams.get('lang');
	const saved = cookies.get('lang');
	const locale: Locale = isLocale(requested) ? requested : isLocale(saved) ? saved : 'vi';
	if (isLocale(requested)) cookies.set('lang', requested, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 31_536_000 });
	// Only whitelisted, non-secret fields reach the page: never tokens.
	const user = locals.user && {
		email: locals.user.email,
		role: locals.user.role,
		adminUnitName: locals.user.admin_unit_name,
		displayName: locals.user.display_name
	};
	// Demo data is labelled wherever it appears.
	const isDemo = (await embeddedBackend())?.demo ?? false;
	return { user, locale, isDemo };
};
