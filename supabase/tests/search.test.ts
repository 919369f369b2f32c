import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRole, backends, openTestDatabase, sqlState, type TestDatabase } from '../../tests/helpers/db';

describe.each(backends())('search_places on %s', (kind) => {
	let t: TestDatabase;
	const search = (q: string, max = 10) =>
		asRole(
			t.db,
			'planner',
			async (tx) =>
				(await tx.query<{ kind: string; name: string; bbox: number[]; lon: number; lat: number }>('select * from public.search_places($1, $2)', [q, max])).rows
		);
	beforeAll(async () => {
		t = await openTestDatabase(kind);
	});
	afterAll(() => t?.close());

	it('ignores diacritics and case: "tay ninh" finds Tây Ninh first', async () => {
		const hits = await search('tay ninh');
		expect(hits[0]).toMatchObject({ kind: 'province', name: 'Tây Ninh' });
		expect(hits.map((h) => h.name)).toContain('TP. Tây Ninh');
		const [w, s, e, n] = hits[0]!.bbox;
		expect(w! < hits[0]!.lon && hits[0]!.lon < e! && s! < hits[0]!.lat && hits[0]!.lat < n!).toBe(true);
	});

	it('finds gates, zones and model sites, and đ as d', async () => {
		expect((await search('MOC BAI')).map((h) => [h.kind, h.name])).toContainEqual(['gate', 'Cửa khẩu Mộc Bài']);
		expect((await search('phuoc dong')).map((h) => h.name)).toContain('KCN Phước Đông');
		expect((await search('binh yen ben cau'))[0]).toMatchObject({ kind: 'model_site' });
		expect((await search('duc hoa'))[0]).toMatchObject({ name: 'Đức Hòa' });
	});

	it('keeps to max_results and rejects empty, too long or odd arguments', async () => {
		expect(await asRole(t.db, 'planner', (tx) => sqlState(tx.query(`select * from public.search_places('x')`)))).toBe('22023');
		expect(await asRole(t.db, 'planner', (tx) => sqlState(tx.query(`select * from public.search_places('  ')`)))).toBe('22023');
		expect((await search('zzzz qqqq')).length).toBe(0);
		expect(await asRole(t.db, 'planner', (tx) => sqlState(tx.query(`select * from public.search_places('tây', 500)`)))).toBe('22023');
		expect((await search('an', 3)).length).toBe(3);
		expect(await asRole(t.db, 'anon', (tx) => sqlState(tx.query(`select * from public.search_places('tay ninh')`)))).toBe('42501');
	});
});
