import { fail } from '@sveltejs/kit';
import { can } from '$lib/permissions';
import type { Actions, PageServerLoad } from './$types';
import type { DeploymentStatus, LayerCollection, PlanInput } from '$lib/supabase/database.types';
import { requireCan, requireUser, readForm } from '$lib/server/http/guards';
import { periodKeys } from '$lib/periods';
import { DATA_YEARS } from '$lib/map/filters';
import { refusal, refusalFailure } from '$lib/server/http/rpc';

/** Layers under the analyses: units, border lines, gates. */
const PAGE_LAYERS = ['admin_units', 'border_lines', 'border_gates'] as const;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { supabase } = event.locals;
	const [plans, reach, vocabularies, ...results] = await Promise.all([
		supabase.rpc('list_plans'),
		supabase.rpc('reach_km'),
		supabase.rpc('record_vocabularies'),
		...PAGE_LAYERS.map((layer) => supabase.rpc('layer_geojson', { layer }))
	]);
	const layers = {} as Record<(typeof PAGE_LAYERS)[number], LayerCollection>;
	results.forEach((result, i) => {
		if (result.error) refusal(result.error);
		layers[PAGE_LAYERS[i]!] = result.data;
	});
	if (plans.error) refusal(plans.error);
	if (reach.error) refusal(reach.error);
	if (vocabularies.error) refusal(vocabularies.error);
	return {
		layers,
		plans: plans.data,
		// Outreach forms with the reach an admin set for each: a propaganda plan's mode sets its radius.
		modes: vocabularies.data.form.map((o) => ({ code: o.code, vi: o.vi, en: o.en, radiusKm: reach.data.forms[o.code] ?? null })),
		periods: periodKeys(DATA_YEARS),
		canPlan: can(user, 'plan')
	};
};

export const actions: Actions = {
	/** Saves the solved plan (sent as JSON by the page) with its sites, in one transaction. */
	save: async (event) => {
		requireCan(event, 'plan');
		const form = await readForm(event.request);
		let plan: PlanInput;
		try {
			plan = JSON.parse(String(form.get('plan') ?? ''));
		} catch {
			return fail(400, { message: 'the plan is not valid JSON' });
		}
		plan.name = String(form.get('name') ?? '').trim();
		if (!plan.name) return fail(400, { message: 'give the plan a name' });
		const { data, error: rpcError } = await event.locals.supabase.rpc('save_plan', { plan });
		if (rpcError) return refusalFailure(rpcError);
		return { saved: data };
	},
	/** Records how one deployment of a plan went. */
	status: async (event) => {
		requireCan(event, 'plan');
		const form = await readForm(event.request);
		const { error: rpcError } = await event.locals.supabase.rpc('set_deployment_status', {
			deployment_id: String(form.get('id') ?? ''),
			new_status: String(form.get('status') ?? '') as DeploymentStatus,
			seen_status: (String(form.get('seen') ?? '') || null) as DeploymentStatus | null
		});
		if (rpcError) return refusalFailure(rpcError);
		return { updated: true };
	},
	/** Deletes a plan and its deployments. */
	delete: async (event) => {
		requireCan(event, 'plan');
		const id = String((await readForm(event.request)).get('id') ?? '');
		if (!/^[0-9a-f-]{36}$/.test(id)) return fail(400, { message: 'no such plan' });
		const { error: rpcError } = await event.locals.supabase.rpc('delete_plan', { plan_id: id });
		if (rpcError) return refusalFailure(rpcError);
		return { deleted: id };
	}
};
