/**
 * Changes entered without a network, waiting on this device to be sent (the outbox), and how a
 * change that meets a newer stored version is settled field by field. Pure: the IndexedDB store is
 * `outbox.ts`, the sending `sync.svelte.ts`.
 *
 * A change is one record's latest draft: editing a waiting record again replaces the draft but keeps
 * the version (and the values) it was first based on, so the server still sees what the official
 * started from. The id is made by the client, so a change sent twice (a lost answer, a second tab)
 * is stored once.
 */
import { FORM_FIELDS, readRecord, type Draft, type RecordKind, type Vocabularies } from '$lib/records/kinds';
import type { StoredRecord } from '$lib/supabase/database.types';

export type ChangeState = 'waiting' | 'conflict' | 'refused';

export interface QueuedChange {
	/** `kind:id`: one change per record. */
	key: string;
	/** Order of sending: when the record was first queued. */
	seq: number;
	/** Who entered it (sign-in email): another user's changes are never sent under this one's name. */
	user: string;
	kind: RecordKind;
	id: string;
	/** The version the official started from (null: a new record). */
	baseVersion: number | null;
	/** The values of that version, for a three-way comparison when it has moved on. */
	base: Draft | null;
	draft: Draft;
	title: string;
	/** When last edited (ISO). */
	at: string;
	state: ChangeState;
	/** The stored version met when sending (state conflict). */
	current?: StoredRecord;
	/** The server's reason (state refused): the official must fix the record. */
	reason?: string;
}

export type NewChange = Pick<QueuedChange, 'user' | 'kind' | 'id' | 'baseVersion' | 'base' | 'draft' | 'title'>;

export const changeKey = (kind: RecordKind, id: string) => `${kind}:${id}`;

/**
 * The change to store for a new edit: a record already waiting keeps its place in the order and the
 * version it was based on; one settled after a conflict (baseVersion moved to the stored version)
 * replaces it entirely.
 */
export function queueChange(existing: QueuedChange | undefined, next: NewChange, now: Date, seq: number): QueuedChange {
	const settled = existing?.state === 'conflict' && next.baseVersion !== existing.baseVersion;
	const keep = existing && !settled && existing.user === next.user;
	return {
		...next,
		key: changeKey(next.kind, next.id),
		seq: keep ? existing.seq : seq,
		baseVersion: keep ? existing.baseVersion : next.baseVersion,
		base: keep ? existing.base : next.base,
		at: now.toISOString(),
		state: 'waiting'
	};
}

/** The order changes are sent in: first queued first; conflicts and refusals wait for the official. */
export function sendOrder(changes: QueuedChange[], user: string): QueuedChange[] {
	return changes.filter((c) => c.user === user && c.state === 'waiting').sort((a, b) => a.seq - b.seq);
}

/** One row of a conflict review: a field (or the place) whose values differ. */
export interface FieldConflict {
	/** A form field's key, or `place` (point or outline, with where it came from). */
	field: string;
	mine: unknown;
	theirs: unknown;
	/** The value both started from, when known. */
	base: unknown;
	/** The side to keep when only one changed it since the base; null when both did (the official chooses). */
	suggested: 'mine' | 'theirs' | null;
}

const PLACE_KEYS = ['lon', 'lat', 'geometry', 'location_source', 'location_accuracy_m'];

/**
 * A draft's values as save_record stores them (1.250 and 1250 are the same count), the place as one
 * value; a draft that does not read (queued drafts always do) is compared as typed.
 */
function readValues(kind: RecordKind, draft: Draft, vocabularies: Vocabularies): Record<string, unknown> {
	const fields = readRecord(kind, draft, vocabularies).fields;
	const values: Record<string, unknown> = {};
	for (const f of FORM_FIELDS[kind]) values[f.key] = fields ? fields[f.key] : draft.values[f.key];
	values.place = fields
		? PLACE_KEYS.filter((k) => k in fields).map((k) => [k, fields[k]])
		: [draft.lon, draft.lat, draft.outline, draft.source ?? 'typed', draft.accuracy ?? null];
	return values;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The fields where the official's change and the stored record differ, each with the value both
 * started from and, when only one side changed it, the side to keep. Nothing is decided silently:
 * every differing field is listed, and those both sides changed have no suggestion.
 */
export function fieldConflicts(kind: RecordKind, base: Draft | null, mine: Draft, theirs: Draft, vocabularies: Vocabularies): FieldConflict[] {
	const m = readValues(kind, mine, vocabularies);
	const t = readValues(kind, theirs, vocabularies);
	const b = base ? readValues(kind, base, vocabularies) : null;
	const rows: FieldConflict[] = [];
	for (const field of [...FORM_FIELDS[kind].map((f) => f.key), 'place']) {
		if (same(m[field], t[field])) continue;
		const was = b?.[field];
		const suggested = !b ? null : same(m[field], was) ? 'theirs' : same(t[field], was) ? 'mine' : null;
		rows.push({ field, mine: m[field], theirs: t[field], base: was, suggested });
	}
	return rows;
}

/** The draft the official settles on: each field from the side chosen (mine where none is). */
export function settle(kind: RecordKind, mine: Draft, theirs: Draft, choices: Record<string, 'mine' | 'theirs'>): Draft {
	const out = JSON.parse(JSON.stringify(mine)) as Draft;
	for (const f of FORM_FIELDS[kind]) if (choices[f.key] === 'theirs') out.values[f.key] = theirs.values[f.key]!;
	if (choices.place === 'theirs') {
		out.lon = theirs.lon;
		out.lat = theirs.lat;
		out.outline = theirs.outline;
		out.source = theirs.source;
		out.accuracy = theirs.accuracy;
	}
	return out;
}

/** A waiting change as the records list shows it: the stored record with the change's values on top. */
export type ListedRecord = StoredRecord & { waiting?: ChangeState };

/**
 * The records of a list with this device's changes of that kind on top: an edited record shows its
 * new values, a new one is listed first; each says it is waiting (or needs review).
 */
export function withChanges(kind: RecordKind, records: StoredRecord[], changes: QueuedChange[], vocabularies: Vocabularies): ListedRecord[] {
	const mine = new Map(changes.filter((c) => c.kind === kind).map((c) => [c.id, c]));
	if (!mine.size) return records;
	const shown = (c: QueuedChange, stored: StoredRecord | undefined): ListedRecord => {
		const fields = readRecord(kind, c.draft, vocabularies).fields ?? {};
		const { lon, lat, geometry, ...values } = fields as { lon?: number; lat?: number; geometry?: unknown };
		const place = typeof lon === 'number' && typeof lat === 'number' ? { type: 'Point' as const, coordinates: [lon, lat] } : (geometry ?? stored?.geometry);
		return {
			...(stored ?? { id: c.id, version: 0, updated_at: c.at, updated_by_name: null, unit_name: null, admin_unit_id: '', is_demo: false }),
			...values,
			geometry: place as StoredRecord['geometry'],
			waiting: c.state
		};
	};
	const listed = records.map((r) => (mine.has(r.id) ? shown(mine.get(r.id)!, r) : r));
	const added = [...mine.values()].filter((c) => !records.some((r) => r.id === c.id) && c.baseVersion === null).map((c) => shown(c, undefined));
	return [...added, ...listed];
}
