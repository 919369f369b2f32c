import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { ARCHIPELAGOS, archipelagoBbox } from '$lib/map/archipelagos';
import { fold } from '$lib/values';
import { refusal } from '$lib/server/http/rpc';

/** Quần đảo Hoàng Sa and Trường Sa, found by their names with or without diacritics or "quần đảo". */
function archipelagoHits(q: string) {
	const needle = fold(q).replace(/^quandao/, '');
	if (needle.length < 2) return [];
	return ARCHIPELAGOS.filter((a) => fold(a.vi).includes(needle) || fold(a.en).includes(needle)).map((a) => {
		const bbox = archipelagoBbox(a);
		return { kind: 'archipelago', name: a.vi, detail: a.province.vi, lon: (bbox[0] + bbox[2]) / 2, lat: (bbox[1] + bbox[3]) / 2, bbox };
	});
}

/** Place search for the map's search box: GET /api/search?q=tay+ninh */
export const GET: RequestHandler = async ({ locals, url }) => {
	if (!locals.user) error(401, 'sign in first');
	const q = (url.searchParams.get('q') ?? '').normalize('NFC');
	const { data, error: rpcError } = await locals.supabase.rpc('search_places', { q, max_results: 10 });
	if (rpcError) refusal(rpcError);
	return json([...archipelagoHits(q), ...data].slice(0, 10));
};
