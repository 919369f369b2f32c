import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readFilters } from '$lib/map/filters';
import { layerFilters } from '$lib/map/layers';
import { requestTier } from '$lib/server/http/request';
import type { MapLayerName } from '$lib/supabase/database.types';
import { refusal } from '$lib/server/http/rpc';

/** Above this many features in view a layer comes as grid clusters (map_layer). */
const MAX_FEATURES = 3000;

/**
 * What one layer shows in the current view:
 * GET /api/map/cases?bbox=105.7,10.4,106.7,11.95&zoom=8.5&period=peak-2025&types=cross_border
 * Runs map_layer with the caller's own rights, so RLS and the suppression of small counts apply.
 * tier=export (a map that leaves the app: briefing slides, report maps) gives cases as points
 * snapped inside their province, at the export threshold, for every role (export_case_points).
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) error(401, 'sign in first');
	const layer = params.layer as MapLayerName;
	const bbox = (url.searchParams.get('bbox') ?? '').split(',').map(Number);
	if (bbox.length !== 4 || bbox.some((n) => !Number.isFinite(n))) error(400, 'bbox must be west,south,east,north in degrees');
	const zoom = Number(url.searchParams.get('zoom'));
	if (!url.searchParams.get('zoom') || !Number.isFinite(zoom)) error(400, 'zoom must be a number');
	const { filters, errors } = readFilters(url.searchParams);
	if (errors.length) error(400, errors.join('; '));
	const aggregateParam = url.searchParams.get('aggregate');
	if (aggregateParam && aggregateParam !== 'grid' && aggregateParam !== 'admin_unit') error(400, 'aggregate must be grid or admin_unit');
	const aggregate = aggregateParam as 'grid' | 'admin_unit' | null;
	const args = {
		layer,
		bbox: bbox as [number, number, number, number],
		zoom,
		filters: { ...layerFilters(layer, filters), ...(aggregate && layer === 'cases' ? { aggregate } : {}) },
		max_features: MAX_FEATURES
	};
	const { data, error: rpcError } =
		requestTier(url) === 'export' && layer === 'cases'
			? await locals.supabase.rpc('export_case_points', { bbox, zoom, filters: layerFilters('cases', filters) })
			: await locals.supabase.rpc('map_layer', args);
	if (rpcError) refusal(rpcError);
	// Exact case data (an investigator's points, clusters or counts) is never kept by the browser;
	// anything else may be, revalidated by its ETag on every use (hooks: compressed).
	const exactCases = layer === 'cases' && ((data as { exact?: boolean }).exact === true || !(data as { aggregate?: string }).aggregate);
	return json(data, { headers: { 'cache-control': exactCases ? 'private, no-store' : 'private, no-cache' } });
};
