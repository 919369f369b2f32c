import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import type { LayerCollection, LayerFilters, LayerName } from '$lib/supabase/database.types';
import { requireUser } from '$lib/server/guards';
import { periodKeys, periodRange } from '$lib/periods';
import { parseView } from '$lib/map/view';

/** Layers of the overview map, each read through supabase-js from layer_geojson. */
const OVERVIEW_LAYERS = [
	'admin_units',
	'border_lines',
	'border_gates',
	'industrial_zones',
	'boarding_houses',
	'outreach',
	'model_sites',
	'cases'
] as const;
type OverviewLayer = (typeof OVERVIEW_LAYERS)[number] & LayerName;

/** Years of the demo campaigns offered as period presets. */
const YEARS = [2021, 2022, 2023, 2024, 2025];

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { locals, url } = event;
	const requested = url.searchParams.get('period');
	const period = periodRange(requested);
	// Dated layers follow the period; the others do not have dates.
	const dated: LayerFilters = period ? { from: period.from, to: period.to } : {};
	const filtersFor = (layer: OverviewLayer): LayerFilters => (layer === 'outreach' || layer === 'cases' ? dated : {});
	const results = await Promise.all(OVERVIEW_LAYERS.map((layer) => locals.supabase.rpc('layer_geojson', { layer, filters: filtersFor(layer) })));
	const layers = {} as Record<OverviewLayer, LayerCollection>;
	results.forEach((result, i) => {
		const name = OVERVIEW_LAYERS[i]!;
		if (result.error) error(502, `layer ${name}: ${result.error.message}`);
		layers[name] = result.data;
	});
	return {
		layers,
		period: period?.key ?? 'all',
		periodInvalid: requested !== null && requested !== 'all' && !period,
		periods: periodKeys(YEARS),
		exactCases: user.role === 'investigator',
		// View and visible layers come back from a copied link.
		view: parseView(url.searchParams.get('view')),
		layersOn: url.searchParams.has('layers') ? (url.searchParams.get('layers') ?? '').split(',').filter(Boolean) : null
	};
};
