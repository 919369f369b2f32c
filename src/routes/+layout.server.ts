import type { LayoutServerLoad } from './$types';
import { isLocale } from '$lib/i18n/messages';

export const load: LayoutServerLoad = async ({ locals, url, cookies }) => {
	const requested = url.searchParams.get('lang');
	const locale = isLocale(requested) ? requested : isLocale(cookies.get('lang')) ? cookies.get('lang')! : 'vi';
	if (isLocale(requested)) cookies.set('lang', requested, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 31_536_000 });
	// Only whitelisted, non-secret fields reach the page.
	return { viewer: locals.viewer, locale: locale as 'vi' | 'en' };
};
