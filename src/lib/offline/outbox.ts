/**
 * The outbox: changes waiting on this device (IndexedDB, through `idb`), one per record, written
 * before anything is sent so that a closed tab, a dead battery or a reload loses nothing. Only site
 * records are ever stored here: case records are never kept on a device.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { SITE_KINDS, type RecordKind } from '$lib/records/kinds';
import { changeKey, queueChange, type NewChange, type QueuedChange } from './changes';

interface OutboxSchema extends DBSchema {
	changes: { key: string; value: QueuedChange; indexes: { seq: number } };
}

import { OUTBOX_DB } from './keys';

let opened: Promise<IDBPDatabase<OutboxSchema>> | null = null;
function db(): Promise<IDBPDatabase<OutboxSchema>> {
	opened ??= openDB<OutboxSchema>(OUTBOX_DB, 1, {
		upgrade(database) {
			database.createObjectStore('changes', { keyPath: 'key' }).createIndex('seq', 'seq');
		},
		// Another tab deleted the database (sign-out): open it afresh next time.
		blocking() {
			void opened?.then((d) => d.close());
			opened = null;
		},
		terminated() {
			opened = null;
		}
	});
	return opened;
}

/** Keeps a change (replacing the record's waiting one); refuses case records outright. */
export async function keepChange(change: NewChange): Promise<QueuedChange> {
	change = plain(change);
	if (!SITE_KINDS.includes(change.kind)) throw new Error(`${change.kind} are never kept on a device`);
	const d = await db();
	const tx = d.transaction('changes', 'readwrite');
	const existing = await tx.store.get(changeKey(change.kind, change.id));
	const last = await tx.store.index('seq').openCursor(null, 'prev');
	const stored = queueChange(existing, change, new Date(), (last?.value.seq ?? 0) + 1);
	await tx.store.put(stored);
	await tx.done;
	return stored;
}

export async function updateChange(change: QueuedChange): Promise<void> {
	await (await db()).put('changes', plain(change));
}

/** A page's reactive state (a proxy) cannot be stored: its JSON can (drafts are JSON data). */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export async function dropChange(kind: RecordKind, id: string): Promise<void> {
	await (await db()).delete('changes', changeKey(kind, id));
}

/** Every change on this device, in sending order. */
export async function allChanges(): Promise<QueuedChange[]> {
	return (await db()).getAllFromIndex('changes', 'seq');
}

/** Removes every change, or (user given) those of anyone else: another user signed in on this device. */
export async function clearChanges(keepUser?: string): Promise<void> {
	const d = await db();
	if (!keepUser) return d.clear('changes');
	const tx = d.transaction('changes', 'readwrite');
	for (const c of await tx.store.getAll()) if (c.user !== keepUser) await tx.store.delete(c.key);
	await tx.done;
}
