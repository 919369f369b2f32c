import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { appConfig } from '$lib/server/backend';
import { basemapTile } from '$lib/server/basemap';

/** A vector tile of the installed offline basemap, for signed-in users (a province's own base map may be internal). */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	if (!locals.user) error(401, 'Sign in to see the map.');
	const whole = (v: string) => (/^\d{1,7}$/.test(v) ? Number(v) : NaN);
	const [z, x, y] = [whole(params.z), whole(params.x), whole(params.y)];
	if (!(z <= 24 && x < 2 ** z && y < 2 ** z)) error(400, 'A tile is /basemap/tiles/{z}/{x}/{y} with whole numbers inside the zoom level.');
	const tile = await basemapTile(appConfig().basemapDir, z, x, y);
	// No tile here (outside the file, or the basemap was removed): an empty tile draws nothing.
	const body = tile?.data ?? new Uint8Array(0);
	// The address carries the install's version (?v=): a tile of one install never changes.
	const current = tile && url.searchParams.get('v') === tile.version;
	return new Response(body as BodyInit, {
		headers: {
			'content-type': 'application/vnd.mapbox-vector-tile',
			'cache-control': current ? 'private, max-age=604800, immutable' : 'private, no-cache'
		}
	});
};
