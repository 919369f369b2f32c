import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requireRole, readForm } from '$lib/server/guards';
import { serviceSupabase } from '$lib/server/supabase';
import { refusalText } from '$lib/server/records';
import { APP_ROLES, type AppRole } from '$lib/supabase/database.types';

/** Ban long enough to mean "disabled" (GoTrue's convention). */
const DISABLED = '876000h';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const [users, units, thresholds, publication, bursts] = await Promise.all([
		event.locals.supabase.rpc('admin_list_users'),
		event.locals.supabase.rpc('admin_unit_list'),
		event.locals.supabase.rpc('privacy_thresholds'),
		event.locals.supabase.rpc('case_publication_info'),
		event.locals.supabase.rpc('admin_publication_bursts', { per_minute: 120, days: 7 })
	]);
	for (const answer of [users, units, thresholds, publication, bursts]) if (answer.error) error(502, answer.error.message);
	return {
		users: users.data!,
		units: units.data!,
		roles: APP_ROLES,
		thresholds: thresholds.data!,
		publication: publication.data!,
		bursts: bursts.data!
	};
};

function field(form: FormData, name: string): string {
	return String(form.get(name) ?? '').trim();
}

function parseRole(value: string): AppRole | null {
	return (APP_ROLES as string[]).includes(value) ? (value as AppRole) : null;
}

async function adminForm(event: RequestEvent) {
	const me = requireRole(event, 'admin');
	return { me, form: await readForm(event.request) };
}

export const actions: Actions = {
	create: async (event) => {
		const { form } = await adminForm(event);
		const email = field(form, 'email').toLowerCase();
		const password = String(form.get('password') ?? '');
		const role = parseRole(field(form, 'role'));
		const unit = field(form, 'unit') || null;
		const displayName = field(form, 'display_name') || null;
		if (!email) return fail(400, { action: 'create', field: 'email', message: 'email is required', email });
		if (!role) return fail(400, { action: 'create', field: 'role', message: 'choose a role', email });
		const service = await serviceSupabase();
		const created = await service.auth.admin.createUser({ email, password, email_confirm: true, app_metadata: { app_role: role } });
		if (created.error) return fail(400, { action: 'create', field: 'password', message: created.error.message, email });
		const profile = await event.locals.supabase.rpc('admin_set_profile', {
			target_user: created.data.user.id,
			new_role: role,
			unit_code: role === 'district_official' ? unit : null,
			new_display_name: displayName
		});
		if (profile.error) {
			// All or nothing: a user without a valid profile is removed again.
			await service.auth.admin.deleteUser(created.data.user.id);
			return fail(400, { action: 'create', field: 'unit', message: profile.error.message, email });
		}
		return { action: 'create', ok: true, email };
	},

	setRole: async (event) => {
		const { form } = await adminForm(event);
		const userId = field(form, 'user_id');
		const role = parseRole(field(form, 'role'));
		if (!role) return fail(400, { action: 'setRole', userId, message: 'choose a role' });
		const unit = role === 'district_official' ? field(form, 'unit') || null : null;
		const { error: rpcError } = await event.locals.supabase.rpc('admin_set_profile', { target_user: userId, new_role: role, unit_code: unit });
		if (rpcError) return fail(400, { action: 'setRole', userId, message: rpcError.message });
		return { action: 'setRole', userId, ok: true };
	},

	setDisabled: async (event) => {
		const { me, form } = await adminForm(event);
		const userId = field(form, 'user_id');
		const disable = field(form, 'disabled') === 'true';
		if (disable && userId === me.user_id) return fail(400, { action: 'setDisabled', userId, message: 'you cannot disable your own account' });
		const service = await serviceSupabase();
		const { error: banError } = await service.auth.admin.updateUserById(userId, { ban_duration: disable ? DISABLED : 'none' });
		if (banError) return fail(400, { action: 'setDisabled', userId, message: banError.message });
		return { action: 'setDisabled', userId, ok: true };
	},

	/** The in-app and export thresholds of case counts (the database checks 2 ≤ in-app ≤ export ≤ 100). */
	thresholds: async (event) => {
		const { form } = await adminForm(event);
		const screen = Number(field(form, 'suppression_k'));
		const exported = Number(field(form, 'export_k'));
		if (!Number.isInteger(screen) || !Number.isInteger(exported)) return fail(400, { action: 'thresholds', message: 'both thresholds are whole numbers' });
		const { error: rpcError } = await event.locals.supabase.rpc('set_privacy_thresholds', { screen_k: screen, export_k: exported });
		if (rpcError) return fail(400, { action: 'thresholds', message: refusalText(rpcError) });
		return { action: 'thresholds', ok: true };
	},

	resetPassword: async (event) => {
		const { form } = await adminForm(event);
		const userId = field(form, 'user_id');
		const password = String(form.get('password') ?? '');
		const service = await serviceSupabase();
		const { error: updateError } = await service.auth.admin.updateUserById(userId, { password });
		if (updateError) return fail(400, { action: 'resetPassword', userId, message: updateError.message });
		return { action: 'resetPassword', userId, ok: true };
	}
};
