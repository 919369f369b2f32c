import { readNumber } from '$lib/values';
import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requireCan, readForm } from '$lib/server/http/guards';
import { serviceSupabase } from '$lib/server/supabase';
import { APP_ROLES, type AppRole, type Profile } from '$lib/supabase/database.types';
import type { MessageKey, Problem } from '$lib/i18n/messages';
import type { PostgrestError } from '@supabase/supabase-js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appConfig } from '$lib/server/backend';
import { BasemapError, currentBasemap, installBasemap, removeBasemap } from '$lib/server/basemap';
import { refusalText } from '$lib/server/http/rpc';

/** Ban long enough to mean "disabled" (GoTrue's convention). */
const DISABLED = '876000h';

export const load: PageServerLoad = async (event) => {
	requireCan(event, 'administer');
	const [users, units, thresholds, publication, bursts, basemap, reach, vocabularies] = await Promise.all([
		event.locals.supabase.rpc('admin_list_users'),
		event.locals.supabase.rpc('admin_unit_list'),
		event.locals.supabase.rpc('privacy_thresholds'),
		event.locals.supabase.rpc('case_publication_info'),
		event.locals.supabase.rpc('admin_publication_bursts', { per_minute: 120, days: 7 }),
		currentBasemap(appConfig().basemapDir),
		event.locals.supabase.rpc('reach_km'),
		event.locals.supabase.rpc('record_vocabularies')
	]);
	for (const answer of [users, units, thresholds, publication, bursts, reach, vocabularies]) if (answer.error) error(502, answer.error.message);
	return {
		users: users.data!,
		units: units.data!,
		roles: APP_ROLES,
		thresholds: thresholds.data!,
		publication: publication.data!,
		bursts: bursts.data!,
		installedBasemap: basemap,
		/** The reach of each outreach form and model-site kind (km), with their names. */
		reach: reach.data!,
		modes: { forms: vocabularies.data!.form, sites: vocabularies.data!.kind },
		uploadLimit: process.env.BODY_SIZE_LIMIT ?? '512K'
	};
};

function field(form: FormData, name: string): string {
	return String(form.get(name) ?? '').trim();
}

function parseRole(value: string): AppRole | null {
	return (APP_ROLES as readonly string[]).includes(value) ? (value as AppRole) : null;
}

async function adminForm(event: RequestEvent) {
	const me = requireCan(event, 'administer');
	return { me, form: await readForm(event.request) };
}

/** A refusal the page shows in the admin's language. */
const problem = (key: MessageKey, params?: Problem['params']): Problem => ({ key, params });

/** The auth server's refusals (GoTrue's error codes, the same from the embedded one) in user words. */
function authProblem(e: { code?: string; message: string }): Problem {
	if (e.code === 'weak_password') return problem('adminWeakPassword', { n: Number(e.message.match(/\d+/)?.[0] ?? 10) });
	if (e.code === 'email_exists' || e.code === 'user_already_exists') return problem('adminEmailTaken');
	if (e.code === 'user_not_found') return problem('adminUserGone');
	return problem('adminRefused', { reason: e.message });
}

/** The database's refusal of a profile change; the checks above catch the usual ones first. */
const sqlProblem = (e: Pick<PostgrestError, 'message' | 'hint'>): Problem => problem('adminRefused', { reason: refusalText(e) });

/**
 * Said before asking the database (which enforces the same rules): a role change the admin may
 * not make, in their own words.
 */
function roleProblem(me: Profile, userId: string | null, role: AppRole | null, unit: string | null): Problem | null {
	if (!role) return problem('adminChooseRole');
	if (role === 'district_official' && !unit) return problem('adminNeedsUnit');
	if (userId === me.user_id && role !== 'admin') return problem('adminSelfDemote');
	return null;
}

export const actions: Actions = {
	create: async (event) => {
		const { me, form } = await adminForm(event);
		const email = field(form, 'email').toLowerCase();
		const password = String(form.get('password') ?? '');
		const role = parseRole(field(form, 'role'));
		const unit = role === 'district_official' ? field(form, 'unit') || null : null;
		const displayName = field(form, 'display_name') || null;
		if (!email) return fail(400, { action: 'create', problem: problem('adminEmailRequired'), email });
		const refused = roleProblem(me, null, role, unit);
		if (refused || !role) return fail(400, { action: 'create', problem: refused ?? problem('adminChooseRole'), email });
		const service = await serviceSupabase();
		const created = await service.auth.admin.createUser({ email, password, email_confirm: true, app_metadata: { app_role: role } });
		if (created.error) return fail(400, { action: 'create', problem: authProblem(created.error), email });
		const profile = await event.locals.supabase.rpc('admin_set_profile', {
			target_user: created.data.user.id,
			new_role: role,
			unit_code: unit,
			new_display_name: displayName
		});
		if (profile.error) {
			// All or nothing: a user without a valid profile is removed again.
			await service.auth.admin.deleteUser(created.data.user.id);
			return fail(400, { action: 'create', problem: sqlProblem(profile.error), email });
		}
		return { action: 'create', ok: true, email };
	},

	setRole: async (event) => {
		const { me, form } = await adminForm(event);
		const userId = field(form, 'user_id');
		const role = parseRole(field(form, 'role'));
		const unit = role === 'district_official' ? field(form, 'unit') || null : null;
		const refused = roleProblem(me, userId, role, unit);
		if (refused || !role) return fail(400, { action: 'setRole', userId, problem: refused ?? problem('adminChooseRole') });
		const { error: rpcError } = await event.locals.supabase.rpc('admin_set_profile', { target_user: userId, new_role: role, unit_code: unit });
		if (rpcError) return fail(400, { action: 'setRole', userId, problem: rpcError.code === 'PT404' ? problem('adminUserGone') : sqlProblem(rpcError) });
		return { action: 'setRole', userId, ok: true };
	},

	setDisabled: async (event) => {
		const { me, form } = await adminForm(event);
		const userId = field(form, 'user_id');
		const disable = field(form, 'disabled') === 'true';
		if (disable && userId === me.user_id) return fail(400, { action: 'setDisabled', userId, problem: problem('adminSelfDisable') });
		const service = await serviceSupabase();
		const { error: banError } = await service.auth.admin.updateUserById(userId, { ban_duration: disable ? DISABLED : 'none' });
		if (banError) return fail(400, { action: 'setDisabled', userId, problem: authProblem(banError) });
		return { action: 'setDisabled', userId, ok: true };
	},

	/** The in-app and export thresholds of case counts (the database checks 2 ≤ in-app ≤ export ≤ 100). */
	/** The reach of outreach forms and model-site kinds: every field read first, then all saved or none. */
	reach: async (event) => {
		const { form } = await adminForm(event);
		const reach: { forms: Record<string, number>; sites: Record<string, number> } = { forms: {}, sites: {} };
		for (const [name, raw] of form.entries()) {
			const [group, code] = name.split(':') as [string, string | undefined];
			if ((group !== 'forms' && group !== 'sites') || !code) continue;
			const read = readNumber(raw);
			if (!read.ok || read.value <= 0 || read.value > 50)
				return fail(400, { action: 'reach', problem: problem('reachRange', { field: code, value: String(raw) }) });
			reach[group][code] = read.value;
		}
		const { error: rpcError } = await event.locals.supabase.rpc('set_reach_km', { reach });
		if (rpcError) return fail(400, { action: 'reach', problem: sqlProblem(rpcError) });
		return { action: 'reach', ok: true };
	},
	thresholds: async (event) => {
		const { form } = await adminForm(event);
		const screen = Number(field(form, 'suppression_k'));
		const exported = Number(field(form, 'export_k'));
		const refused =
			!Number.isInteger(screen) || !Number.isInteger(exported)
				? problem('thresholdsWhole')
				: screen < 2 || screen > 100
					? problem('thresholdsScreenRange')
					: exported < screen || exported > 100
						? problem('thresholdsExportRange', { screen })
						: null;
		if (refused) return fail(400, { action: 'thresholds', problem: refused });
		const { error: rpcError } = await event.locals.supabase.rpc('set_privacy_thresholds', { screen_k: screen, export_k: exported });
		if (rpcError) return fail(400, { action: 'thresholds', problem: sqlProblem(rpcError) });
		return { action: 'thresholds', ok: true };
	},

	resetPassword: async (event) => {
		const { form } = await adminForm(event);
		const userId = field(form, 'user_id');
		const password = String(form.get('password') ?? '');
		const service = await serviceSupabase();
		const { error: updateError } = await service.auth.admin.updateUserById(userId, { password });
		if (updateError) return fail(400, { action: 'resetPassword', userId, problem: authProblem(updateError) });
		return { action: 'resetPassword', userId, ok: true };
	},

	/** Installs an offline basemap (a PMTiles file) for every map; checked before it replaces the current one. */
	installBasemap: async (event) => {
		const { me, form } = await adminForm(event);
		const upload = form.get('file');
		if (!(upload instanceof File) || upload.size === 0) return fail(400, { action: 'basemap', problem: problem('basemapNoFile') });
		const name = field(form, 'name') || upload.name;
		const work = await mkdtemp(join(tmpdir(), 'basemap-upload-'));
		try {
			const path = join(work, 'upload.pmtiles');
			await writeFile(path, upload.stream() as unknown as AsyncIterable<Uint8Array>);
			const info = await installBasemap(appConfig().basemapDir, path, { name, by: me.email });
			return { action: 'basemap', ok: true, installed: info.name };
		} catch (e) {
			if (e instanceof BasemapError) return fail(400, { action: 'basemap', problem: e.problem() });
			throw e;
		} finally {
			await rm(work, { recursive: true, force: true });
		}
	},

	removeBasemap: async (event) => {
		await adminForm(event);
		await removeBasemap(appConfig().basemapDir);
		return { action: 'basemap', ok: true, removed: true };
	}
};
