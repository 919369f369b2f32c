import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Place search for the map's search box: GET /api/search?q=tay+ninh */
export const GET: RequestHandler = async ({ locals, url }) => {
	if (!locals.user) error(401, 'sign in first');
	const q = (url.searchParams.get('q') ?? '').normalize('NFC');
	const { data, error: rpcError } = await locals.supabase.rpc('search_places', { q, max_results: 10 });
	if (rpcError) error(rpcError.code === '22023' ? 400 : 502, rpcError.message);
	return json(data);
};
