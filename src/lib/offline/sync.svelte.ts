/**
 * The outbox as the pages see it: the changes waiting on this device, whether the server can be
 * reached, and the sending — in order, when the server answers again (asked every half minute while
 * it does not, and whenever the browser says the network is back), one tab at a time (Web Locks).
 * The server decides each change as a save from the form does: stored, unchanged (already there:
 * sent twice), a conflict (kept for the official to settle field by field), or refused (kept, with
 * the reason, for the official to fix).
 */
import { api, ApiError } from '$lib/api';
import { invalidateAll } from '$app/navigation';
import type { SaveAnswer } from '$lib/supabase/database.types';
import type { RecordKind } from '$lib/records/kinds';
import { sendOrder, type NewChange, type QueuedChange } from './changes';
import { allChanges, clearChanges, dropChange, keepChange, updateChange } from './outbox';
import { forgetDevice } from './device';
import { PING_PATH } from './keys';

const RETRY_MS = 30_000;

class Outbox {
	changes = $state<QueuedChange[]>([]);
	/**
	 * Whether the server answers. navigator.onLine alone is not enough: a border post's router without
	 * its uplink, or a server that is down, leaves the browser "online" with nothing to talk to.
	 */
	online = $state(true);
	sending = $state(false);
	#user: string | null = null;
	#answered: () => void = () => undefined;
	/** Settles once start() has asked the server whether it answers (`online` then says so). */
	readonly checked = new Promise<void>((resolve) => (this.#answered = resolve));
	#timer: ReturnType<typeof setInterval> | null = null;

	readonly waiting = $derived(this.changes.filter((c) => c.state === 'waiting').length);
	readonly needsReview = $derived(this.changes.filter((c) => c.state !== 'waiting'));

	/** Starts for the signed-in user (another user's changes on this device are removed). */
	async start(user: string): Promise<void> {
		if (this.#user === user) return;
		this.#user = user;
		this.online = navigator.onLine;
		await clearChanges(user);
		await this.refresh();
		if (!this.#timer) {
			addEventListener('online', () => void this.reconnect());
			addEventListener('offline', () => (this.online = false));
			this.#timer = setInterval(() => void (this.online ? this.waiting && this.send() : this.reconnect()), RETRY_MS);
		}
		const online = await this.#reachable();
		this.#answered();
		if (online) await this.send();
	}

	/** Asks the server whether it answers (any answer counts: a refusal comes from a live server). */
	async #reachable(): Promise<boolean> {
		if (!navigator.onLine) return (this.online = false);
		try {
			await fetch(PING_PATH, { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' });
			this.online = true;
		} catch {
			this.online = false;
		}
		return this.online;
	}

	/** Sends what waits once the server answers. */
	async reconnect(): Promise<void> {
		if (await this.#reachable()) await this.send();
	}

	async refresh(): Promise<void> {
		this.changes = (await allChanges()).filter((c) => c.user === this.#user);
	}

	/** Keeps a change on this device, then tries to send it. */
	async keep(change: Omit<NewChange, 'user'>): Promise<QueuedChange> {
		if (!this.#user) throw new Error('not signed in');
		const stored = await keepChange({ ...change, user: this.#user });
		await this.refresh();
		void this.send();
		return stored;
	}

	/** The change this device keeps of a record, if any. */
	of(kind: RecordKind, id: string): QueuedChange | undefined {
		return this.changes.find((c) => c.kind === kind && c.id === id);
	}

	/** Drops the record's change (sent from the form, or given up for the stored version). */
	async drop(kind: RecordKind, id: string): Promise<void> {
		if (!this.of(kind, id)) return;
		await dropChange(kind, id);
		await this.refresh();
	}

	/** Sends what waits, in order; stops at the first change the network or the server cannot take now. */
	async send(): Promise<void> {
		const user = this.#user;
		if (!user || this.sending) return;
		const run = async () => {
			this.sending = true;
			let sent = 0;
			try {
				for (const change of sendOrder(await allChanges(), user)) {
					const outcome = await sendOne(change);
					if (outcome === 'unreachable') this.online = false;
					if (outcome === 'stop' || outcome === 'unreachable') break;
					if (outcome === 'signed-out') {
						// The session is over (signed out elsewhere, disabled): nothing of it stays here.
						await forgetDevice();
						location.assign('/login');
						return;
					}
					this.online = true;
					if (outcome === 'sent') sent++;
				}
			} finally {
				this.sending = false;
				await this.refresh();
			}
			if (sent) await invalidateAll();
		};
		if (navigator.locks) await navigator.locks.request('hotspot-atlas-outbox', run);
		else await run();
	}
}

/** Sends one change: sent (or already there), kept for the official, stop (server busy) or unreachable (no answer). */
async function sendOne(change: QueuedChange): Promise<'sent' | 'kept' | 'stop' | 'unreachable' | 'signed-out'> {
	let answer: SaveAnswer;
	try {
		answer = await api<SaveAnswer>(`/api/records/${change.kind}`, {
			method: 'POST',
			// Not signed in, the endpoint sends to the sign-in page: seen here as a redirect, not followed.
			redirect: 'manual',
			json: { id: change.id, version: change.baseVersion, draft: change.draft }
		});
	} catch (e) {
		if (!(e instanceof ApiError)) return 'unreachable';
		if (e.status >= 500 || e.status === 429) return 'stop';
		if (e.status === 401 || e.status === 0) return 'signed-out';
		const errors = (e.body as { errors?: Record<string, string> } | null)?.errors;
		await updateChange({ ...change, state: 'refused', reason: errors ? Object.keys(errors).join(', ') : e.message });
		return 'kept';
	}
	if (answer.status === 'conflict') {
		await updateChange({ ...change, state: 'conflict', current: answer.current });
		return 'kept';
	}
	await dropChange(change.kind, change.id);
	return 'sent';
}

export const outbox = new Outbox();
