import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, committedAs, failure, openTestDatabase, sqlState, switchUser, type TestDatabase } from '../../tests/helpers/db';
import { demoUserId, type DemoRole } from '../../src/lib/server/demo/seed';
import type { Queryable } from '../../src/lib/server/db';

interface Saved {
	status: 'created' | 'updated' | 'unchanged' | 'conflict';
	record: { id: string; version: number; label: string; workers: number; unit_name: string; geometry: { coordinates: number[] } } | null;
	current?: { version: number; label: string; workers: number };
	changed: string[];
}
interface HistoryEntry {
	op: string;
	version: number;
	actor: string;
	changes: { field: string; from: unknown; to: unknown }[];
}

/** Bến Cầu (the demo official's district, Tây Ninh) and a point in Hà Nội. */
const BEN_CAU = { lon: 106.18, lat: 11.07 };
const HA_NOI = { lon: 105.85, lat: 21.03 };

describe.each(backends())('editing records on %s', (kind) => {
	let t: TestDatabase;
	const users = new Map<DemoRole, string>();

	const as = (tx: Queryable, who: DemoRole) => switchUser(tx, who, users.get(who)!);
	const state = async (tx: Queryable, run: () => Promise<unknown>) => (await failure(tx, run))?.code ?? null;
	const call = async <T>(tx: Queryable, sql: string, params: unknown[]) => (await tx.query<{ r: T }>(sql, params)).rows[0]!.r;
	const save = (tx: Queryable, what: string, id: string, version: number | null, fields: object) =>
		call<Saved>(tx, 'select public.save_record($1, $2, $3, $4::jsonb) as r', [what, id, version, JSON.stringify(fields)]);
	const history = (tx: Queryable, what: string, id: string) => call<HistoryEntry[]>(tx, 'select public.record_history($1, $2) as r', [what, id]);

	beforeAll(async () => {
		t = await openTestDatabase(kind);
		for (const role of ['admin', 'planner', 'district_official', 'investigator', 'leader'] as const) users.set(role, await demoUserId(t.db, role));
	});
	afterAll(() => t?.close());

	it('creates once per client id, updates by version, and reports a conflicting edit instead of overwriting', async () => {
		await asRole(t.db, 'district_official', async (tx) => {
			const id = randomUUID();
			const fields = { label: 'Dãy trọ biểu mẫu 1', workers: 40, rooms: 8, ...BEN_CAU };
			const created = await save(tx, 'boarding_houses', id, null, fields);
			expect(created).toMatchObject({ status: 'created', record: { id, version: 1, label: fields.label, workers: 40, unit_name: 'Bến Cầu' } });
			// A double submit or a retry after a lost answer finds the record instead of making another.
			expect((await save(tx, 'boarding_houses', id, null, fields)).status).toBe('unchanged');
			const count = await call<number>(tx, `select count(*)::int as r from public.boarding_houses where label = $1`, [fields.label]);
			expect(count).toBe(1);

			const updated = await save(tx, 'boarding_houses', id, 1, { ...fields, workers: 55 });
			expect(updated).toMatchObject({ status: 'updated', record: { version: 2, workers: 55 }, changed: ['workers'] });
			// The same edit sent again (a retry) changes nothing.
			expect((await save(tx, 'boarding_houses', id, 1, { ...fields, workers: 55 })).status).toBe('unchanged');
			// Someone who still has version 1 open saves other values: nothing is written, both versions are shown.
			const stale = await save(tx, 'boarding_houses', id, 1, { ...fields, workers: 60, label: 'Dãy trọ biểu mẫu 1A' });
			expect(stale).toMatchObject({ status: 'conflict', record: null, current: { version: 2, workers: 55 }, changed: ['label', 'workers'] });
			const stored = await call<{ workers: number; version: number }>(
				tx,
				`select jsonb_build_object('workers', workers, 'version', version) as r from public.boarding_houses where id = $1`,
				[id]
			);
			expect(stored).toEqual({ workers: 55, version: 2 });
			// Moving the point moves the record to the unit it now lies in.
			const moved = await save(tx, 'boarding_houses', id, 2, { ...fields, workers: 55, lon: BEN_CAU.lon + 0.01 });
			expect(moved.record!.geometry.coordinates[0]).toBeCloseTo(BEN_CAU.lon + 0.01, 6);
		});
	});

	it('stores where a point came from, names the field of a wrong one, and shows it on the map layer', async () => {
		await asRole(t.db, 'district_official', async (tx) => {
			const id = randomUUID();
			const fields = { label: 'Dãy trọ định vị GPS', workers: 12, ...BEN_CAU, location_source: 'gps', location_accuracy_m: 8.5 };
			const created = await save(tx, 'boarding_houses', id, null, fields);
			expect(created.record).toMatchObject({ location_source: 'gps', location_accuracy_m: 8.5 });
			// A point without a source is typed coordinates (imports, older clients).
			const typed = await save(tx, 'boarding_houses', randomUUID(), null, { label: 'Dãy trọ gõ tọa độ', workers: 3, ...BEN_CAU });
			expect(typed.record).toMatchObject({ location_source: 'typed', location_accuracy_m: null });
			const refused = async (extra: object) => (await failure(tx, () => save(tx, 'boarding_houses', randomUUID(), null, { ...fields, ...extra })))!;
			const unknown = await refused({ location_source: 'satellite' });
			expect([unknown.code, unknown.message]).toEqual(['22023', 'fields.location_source: gps, map, typed or commune']);
			const notGps = await refused({ location_source: 'map' });
			expect(notGps.message).toBe('fields.location_accuracy_m: an accuracy belongs to a GPS position only');
			expect((await refused({ location_accuracy_m: -3 })).message).toBe('fields.location_accuracy_m: metres, more than 0 and at most 100000');
			expect((await refused({ location_accuracy_m: '8' })).message).toBe('fields.location_accuracy_m: metres, more than 0 and at most 100000');
			// Moving to the commune centre only is a change like any other (a conflict shows it).
			const communeOnly = await save(tx, 'boarding_houses', id, 1, { ...fields, location_source: 'commune', location_accuracy_m: null });
			expect(communeOnly).toMatchObject({ status: 'updated', changed: ['location_accuracy_m', 'location_source'] });
			const layer = await call<{ features: { id: string; properties: Record<string, unknown> }[] }>(
				tx,
				`select public.layer_geojson('boarding_houses', array[106.0, 10.9, 106.4, 11.3], '{}') as r`,
				[]
			);
			expect(layer.features.find((f) => f.id === id)?.properties).toMatchObject({ label: fields.label, location_source: 'commune', location_accuracy_m: null });
		});
	});

	it('refuses writes outside the official’s unit with the reason, through the functions and the tables alike', async () => {
		await asRole(t.db, 'district_official', async (tx) => {
			const error = (await failure(tx, () => save(tx, 'boarding_houses', randomUUID(), null, { label: 'Ngoài địa bàn', workers: 1, ...HA_NOI })))!;
			expect(error.code).toBe('42501');
			expect(error.message).toMatch(/^the place lies in .+, outside your unit Bến Cầu$/);
			const sea = (await failure(tx, () => save(tx, 'boarding_houses', randomUUID(), null, { label: 'Ngoài biển', workers: 1, lon: 112.5, lat: 16.5 })))!;
			expect(sea.code).toBe('22023');
			expect(sea.hint).toContain('swapped');
			// Straight into the table (as the REST API would) the policy refuses it too.
			const hn = await call<string>(tx, `select id as r from public.admin_units where code = 'ha-noi'`, []);
			expect(
				await state(tx, () =>
					tx.query(
						`insert into public.boarding_houses (label, workers, admin_unit_id, geom) values ('x', 1, $1, extensions.st_setsrid(extensions.st_makepoint(105.85, 21.03), 4326))`,
						[hn]
					)
				)
			).toBe('42501');
			const other = await call<string>(
				tx,
				`select h.id as r from public.boarding_houses h join public.admin_units u on u.id = h.admin_unit_id where u.code <> 'tay-ninh.ben-cau' limit 1`,
				[]
			);
			expect(await state(tx, () => save(tx, 'boarding_houses', other, 1, { label: 'Sửa trộm', workers: 1, ...BEN_CAU }))).toBe('42501');
			expect((await tx.query(`update public.boarding_houses set workers = 1 where id = $1 returning id`, [other])).rows).toHaveLength(0);
		});
		for (const role of ['planner', 'leader', 'investigator'] as const) {
			expect(await asRole(t.db, role, (tx) => sqlState(save(tx, 'boarding_houses', randomUUID(), null, { label: 'x', workers: 1, ...BEN_CAU })))).toBe('42501');
		}
	});

	it('stores a double-clicked update once and answers the repeats unchanged, never a conflict', async () => {
		const id = randomUUID();
		const fields = { label: 'Dãy trọ bấm hai lần', workers: 10, ...BEN_CAU };
		await committedAs(t.db, 'admin', (tx) => save(tx, 'boarding_houses', id, null, fields));
		try {
			// Ten identical saves on version 1 at once (on PostgreSQL, each on its own connection).
			const answers = await Promise.all(
				Array.from({ length: 10 }, () => committedAs(t.db, 'admin', (tx) => save(tx, 'boarding_houses', id, 1, { ...fields, workers: 11 })))
			);
			expect(answers.map((a) => a.status).sort()).toEqual([...Array(9).fill('unchanged'), 'updated']);
			expect(await asRole(t.db, 'admin', (tx) => call<number>(tx, 'select version as r from public.boarding_houses where id = $1', [id]))).toBe(2);
		} finally {
			await t.db.query('delete from public.boarding_houses where id = $1', [id]);
		}
	});

	it('checks every stored value as a value, through the save and the import alike', async () => {
		await asRole(t.db, 'admin', async (tx) => {
			const refused = async (what: string, fields: object) => (await failure(tx, () => save(tx, what, randomUUID(), null, { ...fields, ...BEN_CAU })))?.message;
			const outreach = { form: 'meeting', held_on: '2025-07-30', people_reached: 10, materials: 0, organiser: 'Đồn Biên phòng' };
			expect(await refused('outreach', { ...outreach, held_on: 'yesterday' })).toBe('fields.held_on: a real date written YYYY-MM-DD');
			expect(await refused('outreach', { ...outreach, held_on: '2025-02-30' })).toBe('fields.held_on: a real date written YYYY-MM-DD');
			expect(await refused('outreach', { ...outreach, people_reached: -3 })).toBe('fields.people_reached: a whole number, 0 or more');
			expect(await refused('outreach', { ...outreach, people_reached: 2.5 })).toBe('fields.people_reached: a whole number, 0 or more');
			expect(await refused('boarding_houses', { label: { a: 1 }, workers: 1 })).toBe('fields.label: text');
			expect(await refused('model_sites', { kind: 'tip_box', name: 'Hòm thư', active: 'yes' })).toBe('fields.active: true or false');
			expect(await refused('outreach', outreach)).toBeUndefined();
			const imported = await failure(tx, () =>
				tx.query('select public.import_records($1, $2::jsonb, true)', [
					'outreach',
					JSON.stringify([
						{ ...outreach, ...BEN_CAU },
						{ ...outreach, held_on: 'yesterday', ...BEN_CAU }
					])
				])
			);
			expect(imported?.message).toBe('records[1].held_on: a real date written YYYY-MM-DD');
		});
	});

	it('refuses an outline with any part outside the official’s unit, on every write path', async () => {
		// A square inside Bến Cầu, and the same square with a strip 550 km to the north-west.
		const square = [
			[106.17, 11.06],
			[106.19, 11.06],
			[106.19, 11.08],
			[106.17, 11.08],
			[106.17, 11.06]
		];
		const strip = [
			[106.1695, 11.07],
			[106.169, 11.07],
			[102.49, 14.5],
			[102.5, 14.5],
			[106.1695, 11.07]
		];
		const inside = { type: 'Polygon', coordinates: [square] };
		const reaching = { type: 'MultiPolygon', coordinates: [[square], [strip]] };
		await asRole(t.db, 'district_official', async (tx) => {
			const id = randomUUID();
			expect((await save(tx, 'industrial_zones', id, null, { name: 'KCN thử', workers: 100, geometry: inside })).status).toBe('created');
			for (const run of [
				() => save(tx, 'industrial_zones', randomUUID(), null, { name: 'KCN lấn', workers: 100, geometry: reaching }),
				() => save(tx, 'industrial_zones', id, 1, { name: 'KCN thử', workers: 100, geometry: reaching }),
				() =>
					tx.query(
						`update public.industrial_zones set geom = extensions.st_multi(extensions.st_setsrid(extensions.st_geomfromgeojson($2), 4326)) where id = $1`,
						[id, JSON.stringify(reaching)]
					)
			]) {
				const error = (await failure(tx, run))!;
				expect(error.code).toBe('42501');
				expect(error.message).toBe('part of the place lies outside your unit Bến Cầu');
				expect(error.detail).toMatch(/km² of the outline lies outside it/);
			}
			expect(await call<number>(tx, 'select version as r from public.industrial_zones where id = $1', [id])).toBe(1);
		});
		// An admin may enter a zone across units.
		await asRole(t.db, 'admin', async (tx) => {
			expect((await save(tx, 'industrial_zones', randomUUID(), null, { name: 'KCN liên vùng', workers: 100, geometry: reaching })).status).toBe('created');
		});
	});

	it('checks every row of a many-row write: one row outside the unit or with a phone number refuses the whole statement', async () => {
		// The checks run once per statement over all its rows (issue 21): the bad row is the 250th of 400.
		const insert = (tx: Queryable, bad: 'outside' | 'phone' | null) =>
			tx.query(
				`insert into public.boarding_houses (label, workers, rooms, admin_unit_id, geom)
				 select case when $1 = 'phone' and i = 250 then 'Nhà trọ 0' || repeat('9', 2) || ' ' || repeat('1', 3) || ' ' || repeat('2', 4)
				             else 'Dãy trọ nhiều dòng ' || i end,
				        10, 2, u.id,
				        case when $1 = 'outside' and i = 250 then extensions.st_setsrid(extensions.st_makepoint($2, $3), 4326)
				             else extensions.st_setsrid(extensions.st_makepoint($4 + i * 1e-5, $5), 4326) end
				 from generate_series(1, 400) i, public.admin_units u where u.name = 'Bến Cầu'`,
				[bad, HA_NOI.lon, HA_NOI.lat, BEN_CAU.lon, BEN_CAU.lat]
			);
		const stored = (tx: Queryable) => call<number>(tx, `select count(*)::int as r from public.boarding_houses where label like 'Dãy trọ nhiều dòng %'`, []);
		await asRole(t.db, 'district_official', async (tx) => {
			const outside = (await failure(tx, () => insert(tx, 'outside')))!;
			expect(outside).toMatchObject({ code: '42501', message: 'part of the place lies outside your unit Bến Cầu', detail: 'the place lies outside it' });
			const phone = (await failure(tx, () => insert(tx, 'phone')))!;
			expect(phone.code).toBe('23514');
			expect(phone.message).toMatch(/^boarding_houses: label looks like personal data \(a phone number\)/);
			expect(phone.message).not.toMatch(/111/);
			expect(await stored(tx)).toBe(0);
			await insert(tx, null);
			expect(await stored(tx)).toBe(400);
			// Each row went through the approval rules: an official's rows wait for review.
			expect(
				await call<string[]>(tx, `select array_agg(distinct approval) as r from public.boarding_houses where label like 'Dãy trọ nhiều dòng %'`, [])
			).toEqual(['submitted']);
			// The role is looked up once per caller, not once per transaction: an admin after the official
			// in the same transaction may write across units.
			await as(tx, 'admin');
			await insert(tx, 'outside');
			expect(await stored(tx)).toBe(800);
			await as(tx, 'district_official');
			expect((await failure(tx, () => insert(tx, 'outside')))?.code).toBe('42501');
		});
	});

	it('deletes with undo, keeps the history of who changed what, and restores an earlier version', async () => {
		await asRole(t.db, 'district_official', async (tx) => {
			const id = randomUUID();
			const fields = { kind: 'tip_box', name: 'Hòm thư tố giác chợ', opened_on: '2025-07-01', active: true, ...BEN_CAU };
			await save(tx, 'model_sites', id, null, fields);
			await save(tx, 'model_sites', id, 1, { ...fields, name: 'Hòm thư tố giác chợ Bến Cầu' });
			await save(tx, 'model_sites', id, 2, { ...fields, name: 'Hòm thư tố giác chợ Bến Cầu', active: false });

			expect(await call(tx, 'select public.delete_record($1, $2, $3) as r', ['model_sites', id, 2])).toMatchObject({ status: 'conflict' });
			expect(await call(tx, 'select public.delete_record($1, $2, $3) as r', ['model_sites', id, 3])).toEqual({ status: 'deleted', version: 3 });
			expect(await call<number>(tx, 'select count(*)::int as r from public.model_sites where id = $1', [id])).toBe(0);
			expect(await state(tx, () => save(tx, 'model_sites', id, 3, fields))).toBe('PT404');
			const deleted = await call<{ id: string; version: number }[]>(tx, `select public.deleted_records('model_sites') as r`, []);
			expect(deleted[0]).toMatchObject({ id, version: 3 });

			// Undo: the record comes back with its last values, as a new version.
			const undone = await call<{ record: { version: number; active: boolean; name: string } }>(tx, 'select public.restore_record($1, $2, $3) as r', [
				'model_sites',
				id,
				3
			]);
			expect(undone.record).toMatchObject({ version: 4, active: false, name: 'Hòm thư tố giác chợ Bến Cầu' });
			expect(await call<unknown[]>(tx, `select public.deleted_records('model_sites') as r`, [])).not.toContainEqual(expect.objectContaining({ id }));
			// Back to version 1.
			const restored = await call<{ record: { version: number; active: boolean; name: string } }>(tx, 'select public.restore_record($1, $2, $3) as r', [
				'model_sites',
				id,
				1
			]);
			expect(restored.record).toMatchObject({ version: 5, active: true, name: fields.name });

			const log = await history(tx, 'model_sites', id);
			expect(log.map((e) => e.op)).toEqual(['restore', 'restore', 'delete', 'update', 'update', 'insert']);
			expect(log[0]!.changes.map((c) => c.field)).toEqual(['active', 'name']);
			expect(log[3]!.changes).toEqual([{ field: 'active', from: true, to: false }]);
			expect(log.every((e) => e.actor === log[0]!.actor && e.actor !== '')).toBe(true);
			expect(await state(tx, () => tx.query('select public.restore_record($1, $2, $3)', ['model_sites', id, 99]))).toBe('22023');

			await as(tx, 'planner');
			expect((await history(tx, 'model_sites', id)).length).toBe(6);
			expect(await state(tx, () => tx.query('select public.restore_record($1, $2, $3)', ['model_sites', id, 2]))).toBe('42501');
			await as(tx, 'leader');
			expect(await state(tx, () => history(tx, 'model_sites', id))).toBe('42501');
			// Nobody reads the row images directly.
			expect(await state(tx, () => tx.query('select * from public.audit_rows'))).toBe('42501');
		});
	});

	it('lets investigators enter and edit cases without personal data; cases are closed, not deleted, and their history is theirs alone', async () => {
		await asRole(t.db, 'investigator', async (tx) => {
			const id = randomUUID();
			const fields = {
				case_type: 'labour_fraud',
				occurred_on: '2025-07-12',
				location_precision: 'commune',
				...BEN_CAU,
				victims_female: 2,
				victims_male: 1,
				victims_under_16: 1,
				victims_16_17: 0,
				victims_adult: 2,
				destination_country: 'KH',
				status: 'reported',
				victim_name: 'must never be stored'
			};
			const created = await call<{ status: string; record: Record<string, unknown> }>(tx, 'select public.save_record($1, $2, null, $3::jsonb) as r', [
				'cases',
				id,
				JSON.stringify(fields)
			]);
			expect(created.status).toBe('created');
			expect(created.record).not.toHaveProperty('victim_name');
			const unbalanced = await state(tx, () =>
				tx.query('select public.save_record($1, $2, 1, $3::jsonb)', ['cases', id, JSON.stringify({ ...fields, victims_adult: 5 })])
			);
			expect(unbalanced).toBe('23514');
			await call(tx, 'select public.save_record($1, $2, 1, $3::jsonb) as r', ['cases', id, JSON.stringify({ ...fields, status: 'investigating' })]);
			expect((await history(tx, 'cases', id)).map((e) => e.op)).toEqual(['update', 'insert']);
			expect(await state(tx, () => tx.query('select public.delete_record($1, $2, 2)', ['cases', id]))).toBe('42501');
			for (const role of ['admin', 'planner', 'district_official'] as const) {
				await as(tx, role);
				expect(await state(tx, () => history(tx, 'cases', id))).toBe('42501');
				expect(await state(tx, () => tx.query(`select public.save_record('cases', $1, 2, $2::jsonb)`, [id, JSON.stringify(fields)]))).toBe('42501');
			}
		});
	});

	it('saves an industrial zone drawn on the map, and refuses an outline that crosses itself', async () => {
		await asRole(t.db, 'district_official', async (tx) => {
			const { lon, lat } = BEN_CAU;
			const square = [
				[lon, lat],
				[lon + 0.01, lat],
				[lon + 0.01, lat + 0.01],
				[lon, lat + 0.01],
				[lon, lat]
			];
			const id = randomUUID();
			const created = await call<{ status: string; record: { unit_name: string; geometry: { type: string } } }>(
				tx,
				'select public.save_record($1, $2, null, $3::jsonb) as r',
				['industrial_zones', id, JSON.stringify({ name: 'Cụm công nghiệp thử', workers: 1200, geometry: { type: 'Polygon', coordinates: [square] } })]
			);
			expect(created).toMatchObject({ status: 'created', record: { unit_name: 'Bến Cầu', geometry: { type: 'MultiPolygon' } } });
			const bowTie = [
				[lon, lat],
				[lon + 0.01, lat + 0.01],
				[lon + 0.01, lat],
				[lon, lat + 0.01],
				[lon, lat]
			];
			const crossed = (await failure(tx, () =>
				save(tx, 'industrial_zones', randomUUID(), null, { name: 'Nơ', workers: 1, geometry: { type: 'Polygon', coordinates: [bowTie] } })
			))!;
			expect(crossed.code).toBe('22023');
			expect(crossed.message).toBe('geometry: the outline is not a simple polygon');
		});
	});

	it('records exports in the audit log', async () => {
		await asRole(t.db, 'planner', async (tx) => {
			await tx.query(`select public.log_export('boarding_houses', 'csv', 12, '{"unit": "tay-ninh"}')`);
			await as(tx, 'admin');
			const entry = await call<{ action: string; target: string; details: Record<string, unknown>; actor_role: string }>(
				tx,
				`select to_jsonb(l) as r from public.audit_log l where action = 'export' order by id desc limit 1`,
				[]
			);
			expect(entry).toMatchObject({
				action: 'export',
				target: 'boarding_houses',
				actor_role: 'planner',
				details: { format: 'csv', rows: 12, unit: 'tay-ninh' }
			});
		});
		expect(await asRole(t.db, 'anon', (tx) => sqlState(tx.query(`select public.log_export('cases', 'csv', 1)`)))).toBe('42501');
	});
	it('refuses a phone, an ID number or an e-mail address in free text on every write path, naming the column, never the data', async () => {
		// Built here: no test file holds a phone number or an ID number as such.
		const phone = `Nhà trọ 0${'9'.repeat(2)} ${'1'.repeat(3)} ${'2'.repeat(4)}`;
		const idNumber = `Hòm thư ${'3'.repeat(12)}`;
		const email = ['lan', 'mail.vn'].join('@');
		const refused = async (tx: Queryable, run: () => Promise<unknown>) => {
			const error = await failure(tx, run);
			expect(error?.code).toBe('23514');
			expect(error?.message).toMatch(/looks like personal data \((a phone number|an ID or passport number|an e-mail address)\)/);
			expect(error?.message).not.toMatch(/111|333|lan@/);
			return error!.message;
		};
		await asRole(t.db, 'district_official', async (tx) => {
			// The import (which the app checks too, but an rpc caller need not use the app).
			const imported = await refused(tx, () =>
				tx.query('select public.import_records($1, $2::jsonb, false)', [
					'boarding_houses',
					JSON.stringify([{ label: phone, workers: 5, rooms: null, ...BEN_CAU }])
				])
			);
			expect(imported).toContain('boarding_houses: label');
			expect(await state(tx, () => save(tx, 'model_sites', randomUUID(), null, { kind: 'tip_box', name: idNumber, active: true, ...BEN_CAU }))).not.toBeNull();
		});
		await asRole(t.db, 'admin', async (tx) => {
			// A direct table write, and a pending proposal on an approved record.
			expect(
				await refused(tx, () =>
					tx.query(
						`insert into public.model_sites (kind, name, approval, admin_unit_id, geom)
				values ('tip_box', $1, 'approved', (select id from public.admin_units where code = 'tay-ninh.ben-cau'),
				extensions.st_setsrid(extensions.st_makepoint(106.18, 11.07), 4326))`,
						[`Điểm ${email}`]
					)
				)
			).toContain('model_sites: name');
			expect(await refused(tx, () => tx.query(`insert into public.briefings (title, notes) values ('Giao ban', $1)`, [idNumber]))).toContain(
				'briefings: notes'
			);
			const house = (
				await tx.query<{ id: string }>(`insert into public.boarding_houses (label, workers, approval, admin_unit_id, geom)
				values ('Dãy trọ đã duyệt', 10, 'approved', (select id from public.admin_units where code = 'tay-ninh.ben-cau'),
				extensions.st_setsrid(extensions.st_makepoint(106.18, 11.07), 4326)) returning id`)
			).rows[0]!.id;
			// An official's change to an approved record becomes a proposal: checked as well.
			await as(tx, 'district_official');
			expect(await refused(tx, () => save(tx, 'boarding_houses', house, 1, { label: phone, workers: 10, rooms: null, ...BEN_CAU }))).toContain('label');
			// Ordinary names with numbers pass: a house number, a neighbourhood, a year.
			expect((await save(tx, 'boarding_houses', house, 1, { label: 'Dãy trọ số 12, khu phố 3 (2025)', workers: 10, rooms: null, ...BEN_CAU })).status).toBe(
				'submitted'
			);
		});
	});
});
