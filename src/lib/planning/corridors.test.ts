import { describe, expect, it } from 'vitest';
import { corridorBbox, flowSegments, rankCorridors, type CorridorAnswer } from './corridors';

/** Two districts of a province; a gate to China, a trail to Cambodia; Thailand reached through the gate. */
const answer: CorridorAnswer = {
	tier: 'screen',
	k: 3,
	exact: false,
	period: { from: '2025-07-01', to: '2025-09-30' },
	area: { key: 'P:p', code: 'p', name: 'Tỉnh P' },
	total: 60,
	flows: [
		{ origin: 'U:a', crossing: 'g1', destination: 'CN', cases: 12 },
		{ origin: 'U:a', crossing: '-', destination: 'KH', cases: 5 },
		{ origin: 'U:b', crossing: 'g1', destination: 'TH', cases: 4 },
		{ origin: 'R:p', crossing: '-', destination: '-', cases: 20 }
	],
	origin_crossings: [
		{ origin: 'U:a', crossing: 'g1', cases: 14 },
		{ origin: 'U:b', crossing: 'g1', cases: 4 },
		{ origin: 'U:b', crossing: 't2', cases: 6 },
		{ origin: 'U:a', crossing: '-', cases: 5 }
	],
	corridors: [
		{ crossing: '-', destination: '-', cases: 20 },
		{ crossing: 'g1', destination: 'CN', cases: 14 },
		{ crossing: 't2', destination: 'KH', cases: 6 },
		{ crossing: '-', destination: 'KH', cases: 9 },
		{ crossing: 'g1', destination: 'TH', cases: 4 }
	],
	crossings_total: [
		{ crossing: '-', cases: 29 },
		{ crossing: 'g1', cases: 18 },
		{ crossing: 't2', cases: 6 }
	],
	origins: {
		'U:a': { code: 'a', name: 'Huyện A', rest: false, lon: 106.1, lat: 11.2 },
		'U:b': { code: 'b', name: 'Huyện B', rest: false, lon: 106.3, lat: 11.0 },
		'R:p': { code: 'p', name: 'Tỉnh P', rest: true, lon: 106.2, lat: 11.1 }
	},
	crossings: {
		g1: { name: 'Cửa khẩu Một', kind: 'gate', country: 'CN', gate_class: 'main', lon: 106.7, lat: 22.4 },
		t2: { name: 'Đường mòn 2', kind: 'trail', country: 'KH', gate_class: null, lon: 105.9, lat: 11.3 }
	},
	destinations: {
		CN: { vi: 'Trung Quốc', en: 'China', lon: 116.4, lat: 39.9 },
		KH: { vi: 'Campuchia', en: 'Cambodia', lon: 104.9, lat: 11.6 },
		TH: { vi: 'Thái Lan', en: 'Thailand', lon: 100.5, lat: 13.75 },
		ZZ: { vi: 'Nước khác', en: 'Another country', lon: null, lat: null }
	}
};

describe('border corridors', () => {
	it('ranks corridors with a known crossing first, by cases, and keeps cases that stayed apart', () => {
		const { rows, notAbroad, shown } = rankCorridors(answer, 'vi');
		expect(rows.map((r) => [r.label, r.cases])).toEqual([
			['Cửa khẩu Một (CN) → Trung Quốc', 14],
			['Đường mòn 2 (KH) → Campuchia', 6],
			['Cửa khẩu Một (CN) → Thái Lan', 4],
			['Không rõ nơi qua biên giới → Campuchia', 9]
		]);
		expect(rows[0]!.share).toBeCloseTo(14 / 60);
		expect(notAbroad).toBe(20);
		expect(shown).toBe(53);
		expect(rankCorridors({ ...answer, total: null }, 'en').rows[0]).toMatchObject({ share: null, label: 'Cửa khẩu Một (CN) → China' });
	});

	it('draws each published cell once as a leg: to the crossing, abroad, or straight when the crossing is unknown', () => {
		const legs = flowSegments(answer, 'en');
		expect(legs.map((l) => [l.leg, l.label, l.cases])).toEqual([
			['out', 'Huyện A → Cửa khẩu Một (CN)', 14],
			['abroad', 'Cửa khẩu Một (CN) → China', 14],
			['out', 'Huyện B → Đường mòn 2 (KH)', 6],
			['abroad', 'Đường mòn 2 (KH) → Cambodia', 6],
			['direct', 'Huyện A → Cambodia', 5],
			['out', 'Huyện B → Cửa khẩu Một (CN)', 4],
			['abroad', 'Cửa khẩu Một (CN) → Thailand', 4]
		]);
		expect(legs.find((l) => l.leg === 'direct')).toMatchObject({ from: [106.1, 11.2], to: [104.9, 11.6] });
		// A destination without a point, or a crossing the answer does not name, is not drawn.
		const odd = flowSegments(
			{ ...answer, corridors: [{ crossing: 'g1', destination: 'ZZ', cases: 7 }], origin_crossings: [{ origin: 'U:a', crossing: 'gone', cases: 3 }], flows: [] },
			'vi'
		);
		expect(odd).toEqual([]);
	});

	it('frames where the flows start and cross, not the far capitals', () => {
		corridorBbox(answer)!.forEach((v, i) => expect(v).toBeCloseTo([105.6, 10.7, 107, 22.7][i]!, 9));
		expect(corridorBbox({ ...answer, origins: {}, crossings: {} })).toBeNull();
	});
});
