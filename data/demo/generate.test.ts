import { describe, expect, it } from 'vitest';
import nearestPointOnLine from '@turf/nearest-point-on-line';
import { DEMO_SEED, generateDemo, UnitLocator } from './generate';
import { worldGeometry } from '../../src/lib/geo/world';
import { GATES } from './places';
import type { Point } from 'geojson';

const world = worldGeometry();
const demo = generateDemo({}, world);
const take = <T>(gen: Generator<T>) => [...gen];

describe('demo data generator', () => {
	it('is deterministic: the same seed gives the same rows', () => {
		const again = generateDemo({ seed: DEMO_SEED }, world);
		const { cases: _a, ...tables } = demo;
		const { cases: _b, ...tablesAgain } = again;
		expect(JSON.stringify(tablesAgain)).toBe(JSON.stringify(tables));
		expect(take(again.cases(300))).toEqual(take(demo.cases(300)));
		const other = generateDemo({ seed: DEMO_SEED + 7 }, world);
		expect(take(other.cases(50))).not.toEqual(take(demo.cases(50)));
	});

	it('makes the first cases the same whatever the total, so scales nest', () => {
		expect(take(demo.cases(1000)).slice(0, 100)).toEqual(take(demo.cases(100)));
	});

	it('counts victims consistently by sex and by age band, and never describes a person', () => {
		const cases = take(demo.cases(5000));
		for (const c of cases) {
			const total = c.female + c.male;
			expect(total).toBeGreaterThanOrEqual(1);
			expect(c.under16 + c.age16to17 + c.adult).toBe(total);
			if (c.caseType === 'child_under_16') expect(c.under16).toBe(total);
		}
		const keys = new Set(cases.flatMap((c) => Object.keys(c)));
		expect([...keys].filter((k) => /name|phone|address|id|birth/i.test(k))).toEqual([]);
	});

	it('places every case inside the Vietnamese unit it names', () => {
		const leaves = demo.adminUnits.filter((u) => !demo.adminUnits.some((c) => c.parentCode === u.code));
		const locator = new UnitLocator(leaves);
		const cases = take(demo.cases(2000)).filter((c) => c.precision !== 'district');
		const misplaced = cases.filter((c) => locator.locate(c.at) !== c.unitCode);
		expect(misplaced.length).toBe(0);
	});

	it('covers every case type, outreach form and model-site kind of the plans', () => {
		expect(new Set(take(demo.cases(3000)).map((c) => c.caseType))).toEqual(
			new Set(['cross_border', 'labour_fraud', 'marriage_brokering', 'domestic', 'child_under_16', 'organ_removal'])
		);
		expect(new Set(demo.outreach.map((o) => o.form))).toEqual(new Set(['meeting', 'loudspeaker', 'poster', 'leaflet', 'sms', 'social_media', 'school_talk']));
		expect(new Set(demo.modelSites.map((m) => m.kind))).toEqual(new Set(['peaceful_house', 'tip_box', 'hotline_point', 'support_centre']));
	});

	it('concentrates outreach in the peak campaign 1/7–30/9 and keeps school talks in term time', () => {
		const peak = demo.outreach.filter((o) => o.heldOn.slice(5) >= '07-01' && o.heldOn.slice(5) <= '09-30');
		// Three months are a quarter of the year; the plans put about half of the activity there.
		expect(peak.length / demo.outreach.length).toBeGreaterThan(0.4);
		expect(peak.every((o) => o.campaignName?.includes(o.heldOn.slice(0, 4)))).toBe(true);
		const summerTalks = demo.outreach.filter((o) => o.form === 'school_talk' && ['06', '07', '08'].includes(o.heldOn.slice(5, 7)));
		expect(summerTalks).toEqual([]);
	});

	it('puts every border gate on Natural Earth’s border with its country', () => {
		const gates = demo.borderFeatures.filter((b) => b.kind === 'gate');
		expect(gates.length).toBe(GATES.length);
		for (const gate of gates) {
			const at = (gate.geometry as Point).coordinates;
			const snapped = nearestPointOnLine(world.borders[gate.country], at);
			expect(snapped.properties.dist, gate.name ?? '').toBeLessThan(0.001);
		}
		expect(
			demo.borderFeatures
				.filter((b) => b.kind === 'border_line')
				.map((b) => b.country)
				.sort()
		).toEqual(['CN', 'KH', 'LA']);
	});

	it('builds the five seed provinces with districts and the other provinces of the 2025 reform', () => {
		const provinces = demo.adminUnits.filter((u) => u.level === 'province');
		expect(provinces.length).toBe(34);
		for (const code of ['tay-ninh', 'lao-cai', 'quang-ngai', 'ca-mau', 'ho-chi-minh']) {
			expect(demo.adminUnits.filter((u) => u.parentCode === code).length, code).toBeGreaterThan(5);
		}
		expect(demo.adminUnits.find((u) => u.code === 'tay-ninh.ben-cau')?.name).toBe('Bến Cầu');
	});

	it('labels generated boarding houses and crossings as demo', () => {
		expect(demo.boardingHouses.every((b) => b.label.endsWith('(demo)'))).toBe(true);
		expect(demo.borderFeatures.filter((b) => b.kind === 'crossing' || b.kind === 'trail').every((b) => b.name?.endsWith('(demo)'))).toBe(true);
	});
});
