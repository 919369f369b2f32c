import type { LayoutServerLoad } from './$types';
import { isLocale, requestLocale, type Locale } from '$lib/i18n/messages';
import { appConfig, embeddedBackend } from '$lib/server/backend';
import { currentBasemap } from '$lib/server/basemap';
import type { InstalledBasemap } from '$lib/map/installed-basemap';

export const load: LayoutServerLoad = async ({ locals, url, cookies }) => {
	const requested = url.searchParams.get('lang');
	const locale: Locale = requestLocale(url, cookies.get('lang'));
	if (isLocale(requested)) cookies.set('lang', requested, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 31_536_000 });
	// Only whitelisted, non-secret fields reach the page: never tokens.
	const user = locals.user && {
		email: locals.user.email,
		role: locals.user.role,
		adminUnitName: locals.user.admin_unit_name,
		displayName: locals.user.display_name
	};
	// Demo data is labelled wherever it appears: the embedded demo, or demo data written into any database.
	const isDemo = Boolean((await embeddedBackend())?.demo) || (await holdsDemoData(locals.supabase));
	return { user, locale, isDemo, basemap: user ? await installedBasemap() : null };
};

/** What every map needs to draw the installed offline basemap (nothing about the server's files). */
async function installedBasemap(): Promise<InstalledBasemap | null> {
	const info = await currentBasemap(appConfig().basemapDir).catch(() => null);
	if (!info) return null;
	const { version, name, minZoom, maxZoom, bounds, attribution, layers } = info;
	return { version, name, minZoom, maxZoom, bounds, attribution, layers };
}

let demoFlag: { value: boolean; at: number } | null = null;

/** Asked once a minute: `npm run demo` may write demo data while the server runs. */
async function holdsDemoData(supabase: App.Locals['supabase']): Promise<boolean> {
	if (demoFlag && Date.now() - demoFlag.at < 60_000) return demoFlag.value;
	const { data, error } = await supabase.rpc('holds_demo_data');
	if (error) return demoFlag?.value ?? false;
	demoFlag = { value: data === true, at: Date.now() };
	return demoFlag.value;
}
