import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireCan, readForm } from '$lib/server/http/guards';
import { FileFormatError } from '$lib/import/errors';
import { readUploadTable } from '$lib/import/upload.server';
import { MAX_UPLOAD_BYTES, mb } from '$lib/import/limits';
import { FIELDS, IMPORT_KINDS, matchColumns, type ImportKind } from '$lib/import/kinds';
import { checkRows, previewPoints, type Problem } from '$lib/import/validate';
import { insideVietnam } from '$lib/import/vietnam.server';
import type { Feature, Geometry } from 'geojson';
import { refusalFailure } from '$lib/server/http/rpc';
import { importBatchRows, writeImport } from '$lib/import/write.server';
import { embeddedBackend } from '$lib/server/backend';

export const load: PageServerLoad = async (event) => {
	const user = requireCan(event, 'editSites');
	// The official's own unit, outlined on the preview map: rows outside it stand out.
	let unitOutline: Feature<Geometry, Record<string, unknown>> | null = null;
	if (user.admin_unit) {
		const { data } = await event.locals.supabase.rpc('layer_geojson', { layer: 'admin_units', filters: { admin_unit: user.admin_unit } });
		unitOutline = (data?.features.find((f) => f.properties.code === user.admin_unit) as Feature<Geometry, Record<string, unknown>> | undefined) ?? null;
	}
	return { unitName: user.admin_unit_name, unitOutline };
};

/**
 * Reads and checks the uploaded file (the app's checks, then the database's: unit and duplicates of
 * stored records, as a dry run). With `commit`, writes everything or nothing.
 */
async function run(event: Parameters<Actions[string]>[0], commit: boolean) {
	requireCan(event, 'editSites');
	const form = await readForm(event.request);
	const kind = String(form.get('kind') ?? '') as ImportKind;
	if (!IMPORT_KINDS.includes(kind)) return fail(400, { message: 'choose what the file holds' });
	const file = form.get('file');
	if (!(file instanceof File) || file.size === 0) return fail(400, { kind, message: 'choose a file' });
	if (file.size > MAX_UPLOAD_BYTES) return fail(400, { kind, message: `the file is larger than ${mb(MAX_UPLOAD_BYTES)}` });
	let table;
	try {
		table = await readUploadTable(file.name, new Uint8Array(await file.arrayBuffer()));
	} catch (e) {
		if (e instanceof FileFormatError) return fail(400, { kind, message: `${file.name}: ${e.message}` });
		throw e;
	}
	const { mapping, unused } = matchColumns(kind, table.headers);
	const checked = checkRows(kind, table, mapping, insideVietnam);
	// Columns read and checked but not stored (the update date): the report says so.
	const unstored = FIELDS[kind].filter((f) => f.stored === false && mapping[f.key] !== undefined).map((f) => table.headers[mapping[f.key]!] ?? f.vi);
	const summary = { kind, fileName: file.name, encoding: table.encoding ?? null, headers: table.headers, mapping, unused, unstored, missing: checked.missing };
	if (checked.missing.length) return fail(400, { ...summary, problems: [] as Problem[], message: 'missing columns', preview: [] });
	const problems: Problem[] = [...checked.problems];
	let inserted = 0;
	if (checked.records.length) {
		const applyRows = importBatchRows((await embeddedBackend())?.db.kind);
		const { data, error } = await writeImport(event.locals.supabase, kind, checked.records, !commit || problems.length > 0, undefined, { applyRows });
		if (error) return refusalFailure(error, { ...summary, problems, preview: [] });
		for (const p of data.problems)
			problems.push({ row: checked.rows[p.index]!, column: p.column === 'lon/lat' ? 'lon / lat' : p.column, value: p.value ?? '', reason: p.reason });
		inserted = data.inserted;
	}
	problems.sort((a, b) => a.row - b.row);
	const preview = previewPoints(kind, table, mapping, problems);
	// One count for the summary and the list: a row is importable when no check, the app's or the
	// database's, found a problem in it.
	const rows = table.rows.filter((r) => r.some((c) => String(c ?? '').trim() !== '')).length;
	const withProblems = new Set(problems.map((p) => p.row)).size;
	return {
		...summary,
		rows,
		importable: rows - withProblems,
		withProblems,
		problems,
		inserted,
		committed: commit && inserted > 0,
		// An import writes every row or none: asked to import with problems left, it wrote nothing.
		nothingWritten: commit && withProblems > 0,
		preview
	};
}

export const actions: Actions = {
	check: (event) => run(event, false),
	commit: (event) => run(event, true)
};
