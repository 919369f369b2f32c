import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import type { LayerCollection, LayerName } from '$lib/supabase/database.types';
import { requireUser } from '$lib/server/guards';

/** Layers of the overview map, each read through supabase-js from layer_geojson. */
const OVERVIEW_LAYERS = ['admin_units', 'border_lines', 'border_gates', 'industrial_zones', 'boarding_houses'] as const;
type OverviewLayer = (typeof OVERVIEW_LAYERS)[number] & LayerName;

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const { locals } = event;
	const results = await Promise.all(OVERVIEW_LAYERS.map((layer) => locals.supabase.rpc('layer_geojson', { layer })));
	const layers = {} as Record<OverviewLayer, LayerCollection>;
	results.forEach((result, i) => {
		const name = OVERVIEW_LAYERS[i]!;
		if (result.error) error(502, `layer ${name}: ${result.error.message}`);
		layers[name] = result.data;
	});
	return { layers };
};
