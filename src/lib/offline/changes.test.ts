import { describe, expect, it } from 'vitest';
import { draftOf, type Draft, type Vocabularies } from '$lib/records/kinds';
import type { StoredRecord } from '$lib/supabase/database.types';
import { fieldConflicts, queueChange, sendOrder, settle, withChanges, type NewChange, type QueuedChange } from './changes';

const VOCABULARIES: Vocabularies = {
	form: [{ code: 'loudspeaker', vi: 'Loa', en: 'Loudspeaker' }],
	kind: [],
	case_type: [],
	destination_country: [],
	crossing: []
} as unknown as Vocabularies;

const house = (values: Record<string, string>, place: Partial<Draft> = {}): Draft => ({
	values: { label: 'Dãy trọ A', workers: '40', rooms: '8', ...values },
	lon: '106.18',
	lat: '11.07',
	outline: [],
	source: 'typed',
	accuracy: null,
	...place
});
const change = (over: Partial<NewChange> = {}): NewChange => ({
	user: 'official@demo.vn',
	kind: 'boarding_houses',
	id: '6f1c1a52-0000-4000-8000-000000000001',
	baseVersion: 3,
	base: house({}),
	draft: house({ workers: '45' }),
	title: 'Dãy trọ A',
	...over
});
const NOW = new Date('2026-07-30T08:00:00Z');

describe('the outbox order', () => {
	it('keeps one change per record: a second edit replaces the draft but keeps its place and the version it was based on', () => {
		const first = queueChange(undefined, change(), NOW, 7);
		expect(first).toMatchObject({ key: 'boarding_houses:6f1c1a52-0000-4000-8000-000000000001', seq: 7, baseVersion: 3, state: 'waiting' });
		const again = queueChange(first, change({ baseVersion: 3, draft: house({ workers: '50' }) }), new Date('2026-07-30T09:00:00Z'), 9);
		expect(again).toMatchObject({ seq: 7, baseVersion: 3, at: '2026-07-30T09:00:00.000Z' });
		expect(again.draft.values.workers).toBe('50');
		expect(again.base).toEqual(first.base);
	});

	it('starts afresh when a conflict was settled on a newer version, or when another user queues the same record', () => {
		const conflicted: QueuedChange = { ...queueChange(undefined, change(), NOW, 1), state: 'conflict' };
		const settled = queueChange(conflicted, change({ baseVersion: 5, base: house({ workers: '60' }) }), NOW, 4);
		expect(settled).toMatchObject({ seq: 4, baseVersion: 5, state: 'waiting' });
		expect(settled.base?.values.workers).toBe('60');
		const refused: QueuedChange = { ...conflicted, state: 'refused', reason: 'workers' };
		// A refused change fixed by the official keeps its place and base, and waits again.
		expect(queueChange(refused, change({ draft: house({ workers: '41' }) }), NOW, 4)).toMatchObject({ seq: 1, baseVersion: 3, state: 'waiting' });
		expect(queueChange(conflicted, change({ user: 'admin@demo.vn', baseVersion: 3 }), NOW, 8).seq).toBe(8);
	});

	it('sends the waiting changes of the signed-in user, first queued first; conflicts and refusals wait for the official', () => {
		const a = { ...queueChange(undefined, change({ id: 'a' }), NOW, 3) };
		const b = { ...queueChange(undefined, change({ id: 'b' }), NOW, 1) };
		const c = { ...queueChange(undefined, change({ id: 'c' }), NOW, 2), state: 'conflict' as const };
		const d = { ...queueChange(undefined, change({ id: 'd', user: 'other@demo.vn' }), NOW, 0) };
		expect(sendOrder([a, b, c, d], 'official@demo.vn').map((x) => x.id)).toEqual(['b', 'a']);
	});
});

describe('settling a conflict field by field', () => {
	it('lists every differing field; suggests the side that changed it, and nothing where both did', () => {
		const base = house({});
		const mine = house({ workers: '45', rooms: '10' });
		const theirs = house({ workers: '50', label: 'Dãy trọ A (mới)' });
		const rows = fieldConflicts('boarding_houses', base, mine, theirs, VOCABULARIES);
		expect(rows).toEqual([
			{ field: 'label', mine: 'Dãy trọ A', theirs: 'Dãy trọ A (mới)', base: 'Dãy trọ A', suggested: 'theirs' },
			{ field: 'workers', mine: 45, theirs: 50, base: 40, suggested: null },
			{ field: 'rooms', mine: 10, theirs: 8, base: 8, suggested: 'mine' }
		]);
		// Values are compared as stored: 1.250 typed and 1250 stored are the same.
		expect(fieldConflicts('boarding_houses', null, house({ workers: '1.250' }), house({ workers: '1250' }), VOCABULARIES)).toEqual([]);
	});

	it('without the base, nothing is suggested', () => {
		const rows = fieldConflicts('boarding_houses', null, house({ workers: '45' }), house({ workers: '50' }), VOCABULARIES);
		expect(rows).toEqual([{ field: 'workers', mine: 45, theirs: 50, base: undefined, suggested: null }]);
	});

	it('treats the place as one field, with where it came from', () => {
		const base = house({});
		const mine = house({}, { lon: '106.181', lat: '11.071', source: 'gps', accuracy: 12 });
		const rows = fieldConflicts('boarding_houses', base, mine, base, VOCABULARIES);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ field: 'place', suggested: 'mine' });
		expect(rows[0]!.mine).toEqual([
			['lon', 106.181],
			['lat', 11.071],
			['location_source', 'gps'],
			['location_accuracy_m', 12]
		]);
	});

	it('takes each field from the side chosen', () => {
		const mine = house({ workers: '45', rooms: '10' }, { lon: '106.2', source: 'map' });
		const theirs = house({ workers: '50', label: 'B' });
		const out = settle('boarding_houses', mine, theirs, { workers: 'theirs', rooms: 'mine', label: 'theirs', place: 'mine' });
		expect(out.values).toMatchObject({ workers: '50', rooms: '10', label: 'B' });
		expect([out.lon, out.source]).toEqual(['106.2', 'map']);
		expect(settle('boarding_houses', mine, theirs, { place: 'theirs' })).toMatchObject({ lon: '106.18', source: 'typed' });
		// The official's draft itself is not changed.
		expect(mine.values.workers).toBe('45');
	});
});

describe('the list with the changes of this device', () => {
	const stored = {
		id: 'r1',
		version: 3,
		label: 'Dãy trọ A',
		workers: 40,
		geometry: { type: 'Point', coordinates: [106.18, 11.07] }
	} as unknown as StoredRecord;
	it('shows an edited record with its new values and a new one first, each marked waiting', () => {
		const edited = queueChange(undefined, change({ id: 'r1', draft: house({ workers: '45' }, { lon: '106.19' }) }), NOW, 1);
		const added = queueChange(undefined, change({ id: 'n1', baseVersion: null, base: null, draft: house({ label: 'Dãy trọ mới' }) }), NOW, 2);
		const elsewhere = queueChange(undefined, change({ id: 'x', kind: 'outreach', baseVersion: null }), NOW, 3);
		const listed = withChanges('boarding_houses', [stored], [edited, added, elsewhere], VOCABULARIES);
		expect(listed.map((r) => [r.id, r.label, r.workers, r.waiting])).toEqual([
			['n1', 'Dãy trọ mới', 40, 'waiting'],
			['r1', 'Dãy trọ A', 45, 'waiting']
		]);
		expect(listed[1]!.geometry).toEqual({ type: 'Point', coordinates: [106.19, 11.07] });
		expect(listed[1]!.version).toBe(3);
		expect(withChanges('boarding_houses', [stored], [], VOCABULARIES)).toEqual([stored]);
		expect(draftOf('boarding_houses', listed[1]!).values.workers).toBe('45');
	});
});
