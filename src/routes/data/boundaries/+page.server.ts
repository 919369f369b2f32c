import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireCan, readForm } from '$lib/server/http/guards';
import { FileFormatError } from '$lib/import/errors';
import { readUploadBoundaries } from '$lib/import/upload.server';
import { MAX_UPLOAD_BYTES, mb } from '$lib/import/limits';
import { checkBoundaries } from '$lib/import/boundary-checks';
import { vietnamTerritory } from '$lib/import/vietnam.server';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { refusalFailure } from '$lib/server/http/rpc';

export const load: PageServerLoad = async (event) => {
	requireCan(event, 'replaceBoundaries');
	return {};
};

/**
 * Reads the file and has import_boundaries match it (a dry run, or with `commit` the replacement):
 * with the outlines each matched unit has now, and what replacing them would change (overlaps,
 * gaps, outlines past the national border). A replacement needs the admin's confirmation.
 */
async function run(event: Parameters<Actions[string]>[0], commit: boolean) {
	requireCan(event, 'replaceBoundaries');
	const form = await readForm(event.request);
	if (commit && form.get('confirmed') !== 'yes') return fail(400, { message: 'check the file and confirm the replacement first' });
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) return fail(400, { message: 'choose a file' });
	if (file.size > MAX_UPLOAD_BYTES) return fail(400, { message: `the file is larger than ${mb(MAX_UPLOAD_BYTES)}` });
	let features;
	try {
		features = await readUploadBoundaries(file.name, new Uint8Array(await file.arrayBuffer()));
	} catch (e) {
		if (e instanceof FileFormatError) return fail(400, { message: `${file.name}: ${e.message}` });
		throw e;
	}
	// The outlines as they are before any change (a replacement answers after it).
	const before = await event.locals.supabase.rpc('layer_geojson', { layer: 'admin_units' });
	if (before.error) return refusalFailure(before.error);
	const { data, error } = await event.locals.supabase.rpc('import_boundaries', { features, dry_run: !commit });
	if (error) return refusalFailure(error);
	const units = before.data.features as Feature<Polygon | MultiPolygon, Record<string, unknown>>[];
	const currentOf = new Map(units.map((f) => [String(f.properties.code), f]));
	const current = data.matched.map((m) => ({ code: m.code, geometry: currentOf.get(m.code)?.geometry ?? null }));
	// Neighbours: units of the levels the file replaces.
	const levels = new Set(data.matched.map((m) => currentOf.get(m.code)?.properties.level));
	const checks = checkBoundaries(
		data.matched.map((m) => ({ code: m.code, name: m.name, next: m.geometry as Polygon | MultiPolygon, current: currentOf.get(m.code)?.geometry ?? null })),
		vietnamTerritory(),
		units.filter((f) => levels.has(f.properties.level)).map((f) => ({ code: String(f.properties.code), name: String(f.properties.name), geometry: f.geometry }))
	);
	return { fileName: file.name, features: features.length, ...data, current, checks, committed: commit && data.updated > 0 };
}

export const actions: Actions = {
	check: (event) => run(event, false),
	commit: (event) => run(event, true)
};
