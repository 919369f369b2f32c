/**
 * Drafts kept in the browser (localStorage) while a record is being entered, so that a dropped
 * connection or a closed tab loses nothing: written as the user types, dropped once the server has
 * the record, offered back on the next visit.
 */
import type { Draft, RecordKind } from './kinds';

export interface StoredDraft {
	kind: RecordKind;
	/** The record's id, made by the client for new records: a later save is the same record. */
	id: string;
	/** The version the user started from (null: a new record). */
	baseVersion: number | null;
	draft: Draft;
	title: string;
	at: string;
}

const PREFIX = 'hotspot-atlas:draft:';
const key = (kind: RecordKind, id: string) => `${PREFIX}${kind}:${id}`;

export function keepDraft(storage: Storage, d: StoredDraft): void {
	try {
		storage.setItem(key(d.kind, d.id), JSON.stringify(d));
	} catch {
		// Storage full or disabled (private mode): the form still works, without the safety net.
	}
}

export function dropDraft(storage: Storage, kind: RecordKind, id: string): void {
	storage.removeItem(key(kind, id));
}

/** The drafts of a kind on this device, newest first. */
export function listDrafts(storage: Storage, kind: RecordKind): StoredDraft[] {
	const drafts: StoredDraft[] = [];
	for (let i = 0; i < storage.length; i++) {
		const k = storage.key(i);
		if (!k?.startsWith(`${PREFIX}${kind}:`)) continue;
		try {
			drafts.push(JSON.parse(storage.getItem(k)!) as StoredDraft);
		} catch {
			storage.removeItem(k);
		}
	}
	return drafts.sort((a, b) => b.at.localeCompare(a.at));
}
