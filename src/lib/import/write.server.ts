/**
 * Sends checked import records to the database. A file of up to IMPORT_PART_ROWS rows is one call
 * (import_records). A larger one goes in parts: each part is checked, and kept when clean, in a
 * transaction of its own (import_stage), so that on the embedded database — one transaction at a
 * time for every user — maps and other writes are served between the parts. Then import_finish
 * commits the file and writes its rows: all of them in its transaction, or, with `applyRows` (the
 * embedded database), the first batch, and import_apply the next ones, each in a short transaction
 * of its own. The file stays all-or-nothing: with a problem in any part nothing is written, kept rows
 * of an import that is not committed are dropped, and a committed one is written to the end (by
 * the server's next start if it stops half-way).
 */
import { randomUUID } from 'node:crypto';
import type { PostgrestError, SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/supabase/database.types';
import type { Db } from '$lib/server/db';
import type { ImportKind } from './kinds';

/**
 * Rows per part. On the embedded database a map read waits at most for the part being checked:
 * 5,000 rows took about 0.9 s, 2,000 about 0.3 s (`npm run bench -- --only import`).
 */
export const IMPORT_PART_ROWS = 2000;

/**
 * Rows written per transaction after an import's commit, by database: the embedded one serves one
 * transaction at a time, so a large file goes in batches of a part's size there; a server with many
 * connections writes it in one (null).
 */
export const importBatchRows = (database: Db['kind'] | undefined): number | null => (database === 'pglite' ? IMPORT_PART_ROWS : null);

export interface DatabaseProblem {
	index: number;
	column: string;
	value: string | null;
	reason: string;
}

/**
 * Embedded, the parts and batches are promises on one thread: let the event loop turn between them,
 * so that requests which arrived meanwhile reach the database before the next part or batch does.
 */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

export type ImportAnswer = { data: { problems: DatabaseProblem[]; inserted: number }; error: null } | { data: null; error: PostgrestError };

/**
 * Checks the records as the database checks them (unit, permission, duplicates of stored records)
 * and, unless `dryRun`, writes all of them or none. `onPart` hears after each part (rows checked).
 * `applyRows`: rows written per transaction after the commit (null: all in one); `partRows` is for
 * the benchmark.
 */
export async function writeImport(
	supabase: Pick<SupabaseClient<Database>, 'rpc'>,
	kind: ImportKind,
	records: Record<string, unknown>[],
	dryRun: boolean,
	onPart?: (checked: number) => void | Promise<void>,
	{ partRows = IMPORT_PART_ROWS, applyRows = null }: { partRows?: number; applyRows?: number | null } = {}
): Promise<ImportAnswer> {
	if (records.length <= partRows) {
		const { data, error } = await supabase.rpc('import_records', { kind, records, dry_run: dryRun });
		return error ? { data: null, error } : { data: { problems: data.problems, inserted: data.inserted }, error: null };
	}
	const importId = randomUUID();
	const problems: DatabaseProblem[] = [];
	let kept = false;
	try {
		for (let first = 0; first < records.length; first += partRows) {
			// After a problem the rest is only checked: nothing more is kept.
			const checkOnly = dryRun || problems.length > 0;
			const part = records.slice(first, first + partRows);
			const { data, error } = await supabase.rpc('import_stage', { import_id: importId, kind, records: part, first_index: first, dry_run: checkOnly });
			if (error) return { data: null, error };
			problems.push(...data.problems);
			kept ||= data.staged > 0;
			await onPart?.(first + part.length);
			await nextTurn();
		}
		if (dryRun || problems.length) return { data: { problems, inserted: 0 }, error: null };
		const { data, error } = await supabase.rpc('import_finish', { import_id: importId, kind, expected: records.length, batch_rows: applyRows });
		if (error) return { data: null, error };
		// Committed: from here the rows are written to the end, whatever happens to this request.
		kept = false;
		for (let remaining = data.remaining; remaining > 0 && applyRows;) {
			await nextTurn();
			const next = await supabase.rpc('import_apply', { import_id: importId, max_rows: applyRows });
			if (next.error) return { data: null, error: next.error };
			remaining = next.data.remaining;
		}
		return { data: { problems, inserted: data.inserted }, error: null };
	} finally {
		if (kept) await supabase.rpc('import_discard', { import_id: importId });
	}
}
