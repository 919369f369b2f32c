/**
 * What changed in a record since a reviewer last decided on it: the record as it stood at that
 * review (the history's snapshot of the version then current) against the record now, field by
 * field. A record resubmitted after being returned shows the reviewer only what was fixed.
 */
import type { HistoryEntry, StoredRecord } from '$lib/supabase/database.types';

export interface SinceReview {
	fromVersion: number;
	toVersion: number;
	changes: { field: string; from: unknown; to: unknown }[];
}

/** Fields that are bookkeeping, not content. */
const IGNORED = new Set([
	'id',
	'version',
	'updated_at',
	'updated_by',
	'updated_by_name',
	'created_at',
	'created_by',
	'approval',
	'reviewed_by',
	'reviewed_by_name',
	'reviewed_at',
	'review_comment',
	'proposal',
	'unit_name',
	'is_demo'
]);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The changes from the version current at `reviewedAt` to `record` (history newest first, as
 * record_history gives it); null when the record was never reviewed or nothing is known of then.
 */
export function changesSinceReview(history: HistoryEntry[], record: StoredRecord, reviewedAt: string | null | undefined): SinceReview | null {
	if (!reviewedAt) return null;
	const then = Date.parse(reviewedAt);
	const base = history.find((e) => e.record && e.op !== 'delete' && Date.parse(e.at) <= then)?.record;
	if (!base || base.version === record.version) return base ? { fromVersion: base.version, toVersion: record.version, changes: [] } : null;
	const fields = [...new Set([...Object.keys(base), ...Object.keys(record)])].filter((k) => !IGNORED.has(k)).sort();
	return {
		fromVersion: base.version,
		toVersion: record.version,
		changes: fields.filter((k) => !same(base[k], record[k])).map((k) => ({ field: k, from: base[k], to: record[k] }))
	};
}
