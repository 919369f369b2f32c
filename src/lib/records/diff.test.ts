import { describe, expect, it } from 'vitest';
import type { HistoryEntry, StoredRecord } from '$lib/supabase/database.types';
import { changesSinceReview } from './diff';

const record = (version: number, fields: Record<string, unknown>): StoredRecord =>
	({
		id: 'r1',
		version,
		updated_at: '',
		updated_by_name: null,
		unit_name: 'Bến Cầu',
		admin_unit_id: 'u',
		is_demo: false,
		geometry: { type: 'Point', coordinates: [106, 11] },
		...fields
	}) as StoredRecord;
const entry = (at: string, r: StoredRecord): HistoryEntry => ({
	at,
	actor: 'official@demo.vn',
	actor_role: 'district_official',
	op: 'update',
	version: r.version,
	changes: [],
	record: r,
	before: null
});

describe('changes since the last review', () => {
	const v1 = record(1, { name: 'Nhà trọ Hoa Mai', workers: 12, rooms: 6, reviewed_at: null });
	const v2 = record(2, { name: 'Nhà trọ Hoa Mai', workers: 40, rooms: 6 });
	const v3 = record(3, { name: 'Nhà trọ Hoa Mai', workers: 40, rooms: 8, approval: 'submitted', reviewed_at: '2026-07-02T10:00:00Z' });
	const history = [entry('2026-07-03T09:00:00Z', v3), entry('2026-07-02T11:00:00Z', v2), entry('2026-07-01T08:00:00Z', v1)];

	it('lists the fields changed since the version the reviewer returned', () => {
		expect(changesSinceReview(history, v3, '2026-07-02T10:00:00Z')).toEqual({
			fromVersion: 1,
			toVersion: 3,
			changes: [
				{ field: 'rooms', from: 6, to: 8 },
				{ field: 'workers', from: 12, to: 40 }
			]
		});
	});
	it('has nothing to compare for a record never reviewed', () => {
		expect(changesSinceReview(history, v3, null)).toBeNull();
	});
	it('says so when nothing changed since', () => {
		expect(changesSinceReview(history, v3, '2026-07-04T00:00:00Z')).toEqual({ fromVersion: 3, toVersion: 3, changes: [] });
	});
});
