import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireRole, readForm } from '$lib/server/guards';
import { FileFormatError } from '$lib/import/errors';
import { readUploadBoundaries } from '$lib/import/upload.server';
import { MAX_UPLOAD_BYTES, mb } from '$lib/import/limits';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	return {};
};

/** Reads the file and has import_boundaries match it (a dry run, or with `commit` the replacement). */
async function run(event: Parameters<Actions[string]>[0], commit: boolean) {
	requireRole(event, 'admin');
	const form = await readForm(event.request);
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
	const { data, error } = await event.locals.supabase.rpc('import_boundaries', { features, dry_run: !commit });
	if (error) return fail(error.code === '42501' ? 403 : 400, { message: error.message });
	return { fileName: file.name, features: features.length, ...data, committed: commit && data.updated > 0 };
}

export const actions: Actions = {
	check: (event) => run(event, false),
	commit: (event) => run(event, true)
};
