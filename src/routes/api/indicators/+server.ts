import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { readFilters } from '$lib/map/filters';
import { layerFilters } from '$lib/map/layers';
import { requestTier } from '$lib/server/http/request';
import { refusal } from '$lib/server/http/rpc';

/**
 * Figures per province or district for the choropleth:
 * GET /api/indicators?level=district&period=peak-2025&types=cross_border&forms=meeting
 * Case counts below the suppression threshold come back null (except for investigators); with
 * tier=export (a map that leaves the app) below the export threshold, for every role.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
	if (!locals.user) error(401, 'sign in first');
	const level = url.searchParams.get('level') ?? 'province';
	if (level !== 'province' && level !== 'district') error(400, 'level must be province or district');
	const { filters, errors } = readFilters(url.searchParams);
	if (errors.length) error(400, errors.join('; '));
	const cases = layerFilters('cases', filters);
	const outreach = layerFilters('outreach', filters);
	const { data, error: rpcError } = await locals.supabase.rpc(requestTier(url) === 'export' ? 'export_unit_indicators' : 'unit_indicators', {
		level,
		filters: { from: cases.from, to: cases.to, case_type: cases.case_type, form: outreach.form }
	});
	if (rpcError) refusal(rpcError);
	return json(data, { headers: { 'cache-control': 'private, no-store' } });
};
