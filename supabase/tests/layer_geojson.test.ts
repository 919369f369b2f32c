import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { asRole, backends, openTestDatabase, type TestDatabase } from '../../tests/helpers/db';
import type { DemoRole } from '../../src/lib/server/demo/seed';

type Collection = FeatureCollection<Geometry, Record<string, unknown>> & { suppression_k?: number; aggregate?: string };

/** Tây Ninh and its Cambodian border: a province-sized box. */
const TAY_NINH: [number, number, number, number] = [105.7, 10.4, 106.7, 11.95];

const LAYERS = ['admin_units', 'border_lines', 'border_gates', 'industrial_zones', 'boarding_houses', 'outreach', 'model_sites', 'cases'];

/** Every position of a geometry. */
function positions(g: Geometry): number[][] {
	if (g.type === 'GeometryCollection') return g.geometries.flatMap(positions);
	const walk = (c: unknown): number[][] => (typeof (c as unknown[])[0] === 'number' ? [c as number[]] : (c as unknown[]).flatMap(walk));
	return walk(g.coordinates);
}

describe.each(backends())('layer_geojson on %s', (kind) => {
	let t: TestDatabase;
	const call = (role: DemoRole, layer: string | null, bbox: number[] | null = null, filters: object = {}) =>
		asRole(
			t.db,
			role,
			async (tx) =>
				(
					await tx.query<{ fc: Collection }>('select public.layer_geojson(layer => $1, bbox => $2::float8[], filters => $3::jsonb) as fc', [
						layer,
						bbox ? `{${bbox.join(',')}}` : null,
						JSON.stringify(filters)
					])
				).rows[0]!.fc
		);
	const error = async (promise: Promise<unknown>) => {
		try {
			await promise;
		} catch (e) {
			const err = e as { code: string; message: string; detail?: string };
			return { code: err.code, message: err.message, detail: err.detail };
		}
		throw new Error('expected an error');
	};

	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(() => t?.close());

	it('returns a FeatureCollection for every layer', async () => {
		for (const layer of LAYERS) {
			const fc = await call('planner', layer);
			expect(fc.type, layer).toBe('FeatureCollection');
			expect(fc.features.length, layer).toBeGreaterThan(0);
			for (const f of fc.features.slice(0, 5)) expect(f.type).toBe('Feature');
		}
	});

	it('colours border lines by neighbour country: one line for each of LA, KH, CN', async () => {
		const fc = await call('planner', 'border_lines', null, { kind: 'border_line' });
		expect(fc.features.map((f) => f.properties.country).sort()).toEqual(['CN', 'KH', 'LA']);
		const gates = await call('planner', 'border_gates', null, { kind: 'gate', country: 'KH' });
		expect(gates.features.length).toBeGreaterThan(3);
		expect(gates.features.every((f) => f.properties.country === 'KH' && f.properties.gate_class)).toBe(true);
		expect(gates.features.map((f) => f.properties.name)).toContain('Cửa khẩu Mộc Bài');
	});

	it('keeps to the bbox', async () => {
		const all = await call('planner', 'boarding_houses');
		const inBox = await call('planner', 'boarding_houses', TAY_NINH);
		expect(inBox.features.length).toBeGreaterThan(0);
		expect(inBox.features.length).toBeLessThan(all.features.length);
		for (const f of inBox.features) {
			const [x, y] = (f.geometry as { coordinates: number[] }).coordinates as [number, number];
			expect(x >= TAY_NINH[0] && x <= TAY_NINH[2] && y >= TAY_NINH[1] && y <= TAY_NINH[3]).toBe(true);
		}
		const expected = all.features.filter((f) => {
			const [x, y] = (f.geometry as { coordinates: number[] }).coordinates as [number, number];
			return x >= TAY_NINH[0] && x <= TAY_NINH[2] && y >= TAY_NINH[1] && y <= TAY_NINH[3];
		});
		expect(inBox.features.length).toBe(expected.length);
	});

	it('filters outreach by period and form, and units by parent', async () => {
		const peak = await call('planner', 'outreach', null, { from: '2024-07-01', to: '2024-09-30', form: ['meeting', 'loudspeaker'] });
		expect(peak.features.length).toBeGreaterThan(0);
		for (const f of peak.features) {
			expect(String(f.properties.held_on) >= '2024-07-01' && String(f.properties.held_on) <= '2024-09-30').toBe(true);
			expect(['meeting', 'loudspeaker']).toContain(f.properties.form);
		}
		const districts = await call('planner', 'admin_units', null, { admin_unit: 'tay-ninh', level: 'district' });
		expect(districts.features.length).toBe(10);
		expect(districts.features.every((f) => f.properties.parent === 'tay-ninh')).toBe(true);
	});

	it('gives non-investigators case counts per unit with counts below k left out', async () => {
		const aggregated = await call('planner', 'cases', TAY_NINH);
		const k = aggregated.suppression_k!;
		expect(k).toBe(3);
		expect(aggregated.aggregate).toBe('admin_unit');
		// No exact positions or case attributes reach the planner.
		for (const f of aggregated.features) {
			expect(Object.keys(f.properties).sort()).toEqual(['admin_unit', 'cell', 'count', 'name', 'victims']);
			expect(Number(f.properties.count)).toBeGreaterThanOrEqual(k);
			expect(f.geometry.type).toBe('MultiPolygon');
		}
		// A box selects whole published units: each count is its unit's whole count, not the part in the box…
		const everywhere = await call('investigator', 'cases', null);
		const perUnit = new Map<string, number>();
		for (const f of everywhere.features) perUnit.set(String(f.properties.admin_unit), (perUnit.get(String(f.properties.admin_unit)) ?? 0) + 1);
		expect(aggregated.features.length).toBeGreaterThan(0);
		for (const f of aggregated.features) expect(f.properties.count).toBe(perUnit.get(String(f.properties.admin_unit)));
		// …and every unit with fewer than k cases is missing.
		const small = [...perUnit].filter(([, n]) => n < k).map(([code]) => code);
		expect(small.length).toBeGreaterThan(0);
		const shown = new Set(aggregated.features.map((f) => f.properties.admin_unit));
		for (const code of small) expect(shown.has(code)).toBe(false);
	});

	it('suppresses small grid cells too', async () => {
		const grid = await call('leader', 'cases', TAY_NINH, { aggregate: 'grid', cell_deg: 0.05 });
		expect(grid.aggregate).toBe('grid');
		expect(grid.features.length).toBeGreaterThan(0);
		expect(grid.features.every((f) => Number(f.properties.count) >= 3)).toBe(true);
		const exact = await call('investigator', 'cases', TAY_NINH);
		const shownTotal = grid.features.reduce((s, f) => s + Number(f.properties.count), 0);
		expect(shownTotal).toBeLessThan(exact.features.length);
	});

	it('gives investigators exact points, and audits each read', async () => {
		const [fc, audited] = await asRole(t.db, 'investigator', async (tx) => {
			const result = (await tx.query<{ fc: Collection }>(`select public.layer_geojson('cases', array[105.7, 10.4, 106.7, 11.95]) as fc`)).rows[0]!.fc;
			await tx.query('reset role');
			const log = (
				await tx.query<{ rows: number; actor_role: string }>(
					`select (details ->> 'rows')::int as rows, actor_role from public.audit_log where action = 'read_exact_cases' order by id desc limit 1`
				)
			).rows[0];
			return [result, log] as const;
		});
		expect(fc.features[0]!.geometry.type).toBe('Point');
		expect(audited).toEqual({ rows: fc.features.length, actor_role: 'investigator' });
		const props = fc.features.flatMap((f: Feature) => Object.keys(f.properties ?? {}));
		expect(props.some((p) => /name|phone|address/.test(p))).toBe(false);
	});

	it('refuses exact points to anyone else, even when asked', async () => {
		expect(await error(call('planner', 'cases', null, { aggregate: 'none' }))).toMatchObject({ code: '42501' });
	});

	it('explains bad arguments with SQLSTATE 22023 and a message naming the argument', async () => {
		expect(await error(call('planner', 'roads'))).toMatchObject({ code: '22023', message: 'unknown layer "roads"' });
		expect(await error(call('planner', null))).toMatchObject({ code: '22023' });
		expect(await error(call('planner', 'cases', [106, 11, 105, 12]))).toMatchObject({ code: '22023', message: expect.stringContaining('west < east') });
		expect(await error(call('planner', 'cases', [106, 11, 107]))).toMatchObject({ code: '22023', message: expect.stringContaining('4 numbers') });
		expect(await error(call('planner', 'cases', [-200, 11, 107, 12]))).toMatchObject({ code: '22023', message: expect.stringContaining('outside the world') });
		expect(await error(call('planner', 'outreach', null, { colour: 'red' }))).toMatchObject({
			code: '22023',
			message: 'unknown filter "colour" for layer "outreach"'
		});
		expect(await error(call('planner', 'outreach', null, { from: '30/07/2024' }))).toMatchObject({
			code: '22023',
			message: 'filters.from must be a date YYYY-MM-DD'
		});
		expect(await error(call('planner', 'outreach', null, { from: '2024-02-30' }))).toMatchObject({
			code: '22023',
			message: 'filters.from is not a valid date'
		});
		expect(await error(call('planner', 'cases', null, { case_type: 'smuggling' }))).toMatchObject({ code: '22023', message: 'unknown case_type "smuggling"' });
		expect(await error(call('planner', 'boarding_houses', null, { admin_unit: 'atlantis' }))).toMatchObject({
			code: '22023',
			message: 'unknown admin_unit "atlantis"'
		});
		expect(await error(call('planner', 'boarding_houses', null, { min_workers: 'many' }))).toMatchObject({
			code: '22023',
			message: 'filters.min_workers must be a number'
		});
	});

	it('returns geometry inside Vietnam and its neighbours only', async () => {
		for (const layer of ['border_gates', 'industrial_zones', 'model_sites']) {
			const fc = await call('planner', layer);
			for (const f of fc.features) {
				for (const [x, y] of positions(f.geometry)) {
					expect(x! > 100 && x! < 112 && y! > 7 && y! < 24, `${layer} ${x},${y}`).toBe(true);
				}
			}
		}
	});
});
