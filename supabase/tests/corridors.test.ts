import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, failure, openTestDatabase, switchUser, type TestDatabase } from '../../tests/helpers/db';
import { demoUserId, type DemoRole } from '../../src/lib/server/demo/seed';
import type { Queryable } from '../../src/lib/server/db';
import type { CorridorAnswer } from '../../src/lib/planning/corridors';

const flows = (tx: Queryable, filters: object = {}, tier = 'screen') =>
	tx.query<{ r: CorridorAnswer }>('select public.corridor_flows($1::jsonb, $2) as r', [JSON.stringify(filters), tier]).then((r) => r.rows[0]!.r);

/**
 * The hand-built cases of the golden test: [unit, crossing (gate 1, gate 2 or unknown), destination
 * (null: none), how many]. Gate 2 → Laos holds one case: it must never be shown, nor be the
 * difference of two shown figures.
 */
const UNITS = ['tay-ninh.ben-cau', 'tay-ninh.tan-bien'] as const;
const BUILT: [number, 1 | 2 | null, string | null, number][] = [
	[0, 1, 'CN', 9],
	[0, 1, 'TH', 6],
	[0, null, 'KH', 5],
	[0, null, null, 7],
	[1, 1, 'CN', 8],
	[1, 2, 'KH', 5],
	[1, 2, 'LA', 1]
];

/** Border corridors: origin unit → crossing → destination, exact for investigators, published cells for everyone else. */
describe.each(backends())('border corridors on %s', (kind) => {
	let t: TestDatabase;
	beforeAll(async () => (t = await openTestDatabase(kind)));
	afterAll(() => t?.close());

	/** Replaces every case by the hand-built ones (as the database owner, in the caller's transaction); the users' ids. */
	async function handBuilt(tx: Queryable): Promise<{ gates: [string, string]; ids: Record<DemoRole, string> }> {
		await tx.query(`select set_config('role', 'none', true)`);
		const roles: DemoRole[] = ['investigator', 'planner', 'leader', 'district_official', 'admin'];
		const ids = Object.fromEntries(await Promise.all(roles.map(async (r) => [r, await demoUserId(tx, r)]))) as Record<DemoRole, string>;
		const gates = (await tx.query<{ id: string }>(`select id from public.border_features where kind = 'gate' order by name limit 2`)).rows.map((r) => r.id);
		await tx.query('delete from public.cases');
		for (const [unit, gate, destination, n] of BUILT) {
			await tx.query(
				`insert into public.cases (case_type, occurred_on, admin_unit_id, location_precision, geom, victims_female, victims_male,
				   victims_under_16, victims_16_17, victims_adult, destination_country, crossing_id)
				 select 'cross_border', date '2025-07-15', u.id, 'district', extensions.st_pointonsurface(u.geom), 1, 0, 0, 0, 1, $2, $3
				 from public.admin_units u, generate_series(1, $4) where u.code = $1`,
				[UNITS[unit], destination, gate ? gates[gate - 1] : null, n]
			);
		}
		return { gates: gates as [string, string], ids };
	}

	it('counts each case of the area under its origin, crossing and destination for investigators, exactly', async () => {
		await asRole(t.db, 'investigator', async (tx) => {
			const { gates, ids } = await handBuilt(tx);
			await switchUser(tx, 'investigator', ids.investigator);
			const r = await flows(tx, { admin_unit: 'tay-ninh' });
			const key = (unit: number, gate: 1 | 2 | null, destination: string | null) => `U:${UNITS[unit]}|${gate ? gates[gate - 1] : '-'}|${destination ?? '-'}`;
			expect(r).toMatchObject({ exact: true, k: null, total: 41, area: { key: 'P:tay-ninh', name: 'Tây Ninh' } });
			expect(new Map(r.flows.map((f) => [`${f.origin}|${f.crossing}|${f.destination}`, f.cases]))).toEqual(
				new Map(BUILT.map(([u, g, d, n]) => [key(u, g, d), n]))
			);
			const byKey = (rows: { crossing: string; destination?: string; cases: number }[]) =>
				new Map(rows.map((c) => [`${c.crossing}|${c.destination ?? ''}`, c.cases]));
			expect(byKey(r.corridors)).toEqual(
				byKey([
					{ crossing: gates[0], destination: 'CN', cases: 17 },
					{ crossing: gates[0], destination: 'TH', cases: 6 },
					{ crossing: '-', destination: 'KH', cases: 5 },
					{ crossing: '-', destination: '-', cases: 7 },
					{ crossing: gates[1], destination: 'KH', cases: 5 },
					{ crossing: gates[1], destination: 'LA', cases: 1 }
				])
			);
			expect(byKey(r.crossings_total)).toEqual(
				byKey([
					{ crossing: gates[0], cases: 23 },
					{ crossing: '-', cases: 12 },
					{ crossing: gates[1], cases: 6 }
				])
			);
			expect(r.corridors.map((c) => c.cases)).toEqual([...r.corridors.map((c) => c.cases)].sort((a, b) => b - a));
			// Names and points for every key the answer uses.
			expect(r.origins[`U:${UNITS[1]}`]).toMatchObject({ code: UNITS[1], rest: false });
			expect(r.crossings[gates[0]!]).toMatchObject({ kind: 'gate' });
			expect(r.destinations.CN).toMatchObject({ vi: 'Trung Quốc', lon: 116.4 });
			// The country: origins are provinces.
			expect((await flows(tx)).flows.every((f) => f.origin === 'P:tay-ninh')).toBe(true);
		});
	});

	it('gives everyone else only published cells: never a corridor under k, never one two shown figures subtract to', async () => {
		await asRole(t.db, 'investigator', async (tx) => {
			const { gates, ids } = await handBuilt(tx);
			await switchUser(tx, 'investigator', ids.investigator);
			const exact = await flows(tx, { admin_unit: 'tay-ninh' });
			for (const role of ['planner', 'leader', 'district_official', 'admin'] as const) {
				await switchUser(tx, role, ids[role]);
				for (const tier of ['screen', 'export']) {
					const r = await flows(tx, { admin_unit: 'tay-ninh', from: '2025-07-10', to: '2025-08-20' }, tier);
					const k = r.k!;
					expect(r.exact).toBe(false);
					expect(k).toBe(tier === 'screen' ? 3 : 11);
					// Snapped to the whole quarter the dates fall in.
					expect(r.period).toEqual({ from: '2025-07-01', to: '2025-09-30' });
					// Every figure shown is the true one, and at least k.
					const truth = new Map(exact.flows.map((f) => [`${f.origin}|${f.crossing}|${f.destination}`, f.cases]));
					for (const f of r.flows) {
						expect(f.cases).toBe(truth.get(`${f.origin}|${f.crossing}|${f.destination}`));
						expect(f.cases).toBeGreaterThanOrEqual(k);
					}
					const corridorTruth = new Map(exact.corridors.map((c) => [`${c.crossing}|${c.destination}`, c.cases]));
					for (const c of r.corridors) expect(c.cases).toBe(corridorTruth.get(`${c.crossing}|${c.destination}`));
					expect(r.corridors.some((c) => c.crossing === gates[1] && c.destination === 'LA')).toBe(false);
					// No total minus its shown parts leaves a hidden small count.
					const leftovers: number[] = [];
					for (const g of r.crossings_total) {
						const parts = r.corridors.filter((c) => c.crossing === g.crossing);
						const hidden = exact.corridors.filter((c) => c.crossing === g.crossing).length - parts.length;
						if (hidden === 1) leftovers.push(g.cases - parts.reduce((s, p) => s + p.cases, 0));
					}
					for (const o of r.origin_crossings) {
						const parts = r.flows.filter((f) => f.origin === o.origin && f.crossing === o.crossing);
						const hidden = exact.flows.filter((f) => f.origin === o.origin && f.crossing === o.crossing).length - parts.length;
						if (hidden === 1) leftovers.push(o.cases - parts.reduce((s, p) => s + p.cases, 0));
					}
					if (r.total !== null && r.crossings_total.length === exact.crossings_total.length - 1)
						leftovers.push(r.total - r.crossings_total.reduce((s, c) => s + c.cases, 0));
					for (const left of leftovers) expect(left === 0 || left >= k).toBe(true);
				}
			}
			// The screen answer still says most of it: the big corridors are there.
			await switchUser(tx, 'planner', ids.planner);
			const shown = await flows(tx, { admin_unit: 'tay-ninh' });
			expect(shown.total).toBe(41);
			expect(shown.corridors.find((c) => c.crossing === gates[0] && c.destination === 'CN')?.cases).toBe(17);
		});
	});

	it('says which filter is wrong, and answers only signed-in roles', async () => {
		await asRole(t.db, 'planner', async (tx) => {
			const refused = async (filters: object, tier = 'screen') => (await failure(tx, () => flows(tx, filters, tier)))!;
			expect(await refused({ admin_unit: 'atlantis' })).toMatchObject({ code: '22023', message: 'unknown admin_unit "atlantis"' });
			expect(await refused({ from: '2025-09-01', to: '2025-07-01' })).toMatchObject({ code: '22023', message: 'filters.from comes after filters.to' });
			expect(await refused({ from: '1/7/2025' })).toMatchObject({ code: '22023', message: 'filters.from must be a date YYYY-MM-DD' });
			expect(await refused({}, 'public')).toMatchObject({ code: '22023', message: 'unknown tier "public"' });
		});
		await asRole(t.db, 'anon', async (tx) => expect((await failure(tx, () => flows(tx)))?.code).toBe('42501'));
	});

	it('stores the crossing of a case an investigator enters: a gate, crossing or trail, said by field otherwise', async () => {
		await asRole(t.db, 'investigator', async (tx) => {
			const [gate, line] = await Promise.all(
				['gate', 'border_line'].map(
					async (k) => (await tx.query<{ id: string }>(`select id from public.border_features where kind = $1 limit 1`, [k])).rows[0]!.id
				)
			);
			const fields = {
				case_type: 'labour_fraud',
				occurred_on: '2025-07-12',
				location_precision: 'commune',
				lon: 106.18,
				lat: 11.07,
				victims_female: 1,
				victims_male: 0,
				victims_under_16: 0,
				victims_16_17: 0,
				victims_adult: 1,
				destination_country: 'KH',
				status: 'reported'
			};
			const save = (crossing: unknown) =>
				tx.query<{ r: { record: { crossing_id: string | null } } }>(`select public.save_record('cases', $1, null, $2::jsonb) as r`, [
					randomUUID(),
					JSON.stringify({ ...fields, crossing_id: crossing })
				]);
			expect((await save(gate)).rows[0]!.r.record.crossing_id).toBe(gate);
			expect(await failure(tx, () => save(line))).toMatchObject({
				code: '22023',
				message: 'fields.crossing_id: no border gate, crossing or trail has this id'
			});
			expect(await failure(tx, () => save('Mộc Bài'))).toMatchObject({
				code: '22023',
				message: 'fields.crossing_id: the id of a border gate, crossing or trail'
			});
			// The table holds the same rule for any other writer.
			await tx.query(`select set_config('role', 'none', true)`);
			expect(
				await failure(tx, () => tx.query('update public.cases set crossing_id = $1 where id = (select id from public.cases limit 1)', [line]))
			).toMatchObject({
				code: '23503'
			});
		});
	});

	it('has demo cases that crossed at gates and crossings, none at a border line', async () => {
		const { rows } = await t.db.query<{ crossed: number; cases: number; wrong: number }>(
			`select count(c.crossing_id)::int as crossed, count(*)::int as cases, count(*) filter (where b.kind not in ('gate', 'crossing'))::int as wrong
			 from public.cases c left join public.border_features b on b.id = c.crossing_id`
		);
		expect(rows[0]!.crossed).toBeGreaterThan(rows[0]!.cases / 4);
		expect(rows[0]!.wrong).toBe(0);
	});
});
