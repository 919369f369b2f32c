import { error } from '@sveltejs/kit';
import { can } from '$lib/permissions';
import type { PageServerLoad } from './$types';
import type { LayerCollection } from '$lib/supabase/database.types';
import { requireUser } from '$lib/server/http/guards';
import { periodKeys } from '$lib/periods';
import { parseView } from '$lib/map/view';
import { DATA_YEARS, readFilters } from '$lib/map/filters';
import { INDICATORS, type Indicator } from '$lib/map/indicators';
import { PAGE_LAYERS } from '$lib/map/layers';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { locals, url } = event;
	const results = await Promise.all(PAGE_LAYERS.map((layer) => locals.supabase.rpc('layer_geojson', { layer })));
	const layers = {} as Record<'admin_units' | 'border_lines' | 'border_gates', LayerCollection>;
	results.forEach((result, i) => {
		const name = PAGE_LAYERS[i]! as keyof typeof layers;
		if (result.error) error(502, `layer ${name}: ${result.error.message}`);
		layers[name] = result.data;
	});
	const { filters, errors } = readFilters(url.searchParams);
	const indicator = url.searchParams.get('ind');
	return {
		layers,
		filters,
		filterErrors: errors,
		periods: periodKeys(DATA_YEARS),
		exactCases: can(user, 'seeExactCases'),
		// View, visible layers and the choropleth come back from a copied link.
		view: parseView(url.searchParams.get('view')),
		layersOn: url.searchParams.has('layers') ? (url.searchParams.get('layers') ?? '').split(',').filter(Boolean) : null,
		indicator: (INDICATORS as readonly string[]).includes(indicator ?? '') ? (indicator as Indicator) : 'cases',
		level: url.searchParams.get('level') === 'district' ? ('district' as const) : ('province' as const),
		gridCases: url.searchParams.get('agg') === 'grid',
		// A district official's map opens on their own district (a link with a view still wins).
		homeUnit: user.role === 'district_official' ? (user.admin_unit ?? null) : null
	};
};
