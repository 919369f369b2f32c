import type { PageServerLoad } from './$types';
import { refusal } from '$lib/server/http/rpc';

/** Unit names, for what a slide picture says under its title ("Tây Ninh", not "tay-ninh"). */
export const load: PageServerLoad = async ({ locals }) => {
	const units = await locals.supabase.rpc('admin_unit_list');
	if (units.error) refusal(units.error);
	return { unitNames: Object.fromEntries(units.data.map((u) => [u.code, u.name])) as Record<string, string> };
};
