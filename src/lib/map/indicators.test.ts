import { describe, expect, it } from 'vitest';
import { classify, empiricalBayesRates, indicatorValue, indicatorValues, localEmpiricalBayesRates, MIN_EB_UNITS, MIN_LOCAL_EB_UNITS } from './indicators';
import type { UnitIndicators } from '$lib/supabase/database.types';

const unit = (over: Partial<UnitIndicators>): UnitIndicators => ({
	code: 'x',
	name: 'X',
	population: 200_000,
	boarding_houses: 10,
	workers: 4_000,
	outreach: 12,
	people_reached: 3_000,
	model_sites: 2,
	cases: 6,
	victims: 9,
	...over
});

describe('indicators', () => {
	it('derives rates and keeps suppressed counts unshown', () => {
		expect(indicatorValue(unit({}), 'cases_per_100k_workers')).toBe(150);
		expect(indicatorValue(unit({}), 'reached_per_1000')).toBe(15);
		expect(indicatorValue(unit({ cases: null }), 'cases')).toBeNull();
		expect(indicatorValue(unit({ cases: null }), 'cases_per_100k_workers')).toBeNull();
		expect(indicatorValue(unit({ workers: 0 }), 'cases_per_100k_workers')).toBeNull();
		expect(indicatorValue(unit({ population: null }), 'reached_per_1000')).toBeNull();
		// A base too small for a rate: 320 cases among 100 workers is not 320,000 per 100,000.
		expect(indicatorValue(unit({ cases: 320, workers: 100 }), 'cases_per_100k_workers')).toBeNull();
		expect(indicatorValue(unit({ cases: 3, workers: 999 }), 'cases_per_100k_workers')).toBeNull();
		expect(indicatorValue(unit({ cases: 3, workers: 1000 }), 'cases_per_100k_workers')).toBe(300);
		expect(indicatorValue(unit({ population: 500 }), 'reached_per_1000')).toBeNull();
	});

	it('classes values by natural breaks, darker for more, suppressed apart', () => {
		const classes = classify([1, 2, 2, 3, 40, 41, 45, 200, 210, null], 3)!;
		expect(classes.colors).toHaveLength(3);
		expect(classes.thresholds).toHaveLength(classes.colors.length - 1);
		expect(classes.min).toBe(1);
		expect(classes.max).toBe(210);
		expect(classes.color(1)).toBe(classes.colors[0]);
		expect(classes.color(210)).toBe(classes.colors.at(-1));
		// Three classes find the three groups 1–3, 40–45, 200–210.
		expect(classes.color(40)).toBe(classes.color(45));
		expect(classes.color(200)).toBe(classes.color(210));
		expect(classes.color(3)).not.toBe(classes.color(40));
		expect(classes.color(null)).toBeNull();
		expect(classify([1, 2, 3, 4, 5, 6, 7, 8])!.colors).toHaveLength(5);
	});

	it('copes with one value or none', () => {
		expect(classify([null, null])).toBeNull();
		const one = classify([5, 5, 5])!;
		expect(one.colors).toHaveLength(1);
		expect(one.color(5)).toBe(one.colors[0]);
	});

	it('smooths small-number rates towards the overall rate by empirical Bayes, most where the base is small', () => {
		// Five units: b = 60 / 60,000 = 0.001; raw rates 0.003 (3 of 1,000) … 0.001.
		const events = [3, 40, 5, 8, 4];
		const bases = [1_000, 30_000, 10_000, 10_000, 9_000];
		const eb = empiricalBayesRates(events, bases, 1);
		// By hand: s² = Σ n (r − b)² / Σ n, a = s² − b / n̄, C = a / (a + b / n).
		const b = 60 / 60_000;
		const s2 = events.reduce((sum, e, i) => sum + bases[i]! * (e / bases[i]! - b) ** 2, 0) / 60_000;
		const a = s2 - b / 12_000;
		const expected = events.map((e, i) => b + (a / (a + b / bases[i]!)) * (e / bases[i]! - b));
		eb.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 12));
		// The small unit's 0.003 is pulled hardest: it no longer outranks the large unit's 0.00133.
		expect(eb[0]! - b).toBeLessThan(0.5 * (0.003 - b));
		expect(Math.abs(eb[1]! - 40 / 30_000)).toBeLessThan(Math.abs(eb[0]! - 0.003));
		// Suppressed counts take no part; too few units give no estimate at all.
		expect(empiricalBayesRates([null, ...events], [500, ...bases], 1)[0]).toBeNull();
		expect(empiricalBayesRates(events.slice(0, MIN_EB_UNITS - 1), bases.slice(0, MIN_EB_UNITS - 1))).toEqual([null, null, null, null]);
		// Rates that vary no more than chance all become the overall rate.
		expect(empiricalBayesRates([10, 10, 10, 10, 10], [10_000, 10_000, 10_000, 10_000, 10_000], 1)).toEqual([0.001, 0.001, 0.001, 0.001, 0.001]);
	});

	it('gives the smoothed indicator per unit, leaving out units whose base is too small', () => {
		const units = [
			unit({ code: 'a', cases: 3, workers: 1_000 }),
			unit({ code: 'b', cases: 40, workers: 30_000 }),
			unit({ code: 'c', cases: 5, workers: 10_000 }),
			unit({ code: 'd', cases: 8, workers: 10_000 }),
			unit({ code: 'e', cases: 4, workers: 9_000 }),
			unit({ code: 'f', cases: 3, workers: 500 })
		];
		const values = indicatorValues(units, 'cases_per_100k_workers_eb');
		expect(values.get('f')).toBeNull();
		expect(values.get('a')).toBeCloseTo(empiricalBayesRates([3, 40, 5, 8, 4], [1_000, 30_000, 10_000, 10_000, 9_000])[0]!, 9);
		expect(indicatorValues(units, 'cases').get('b')).toBe(40);
	});

	it('smooths each rate towards its own neighbourhood by local empirical Bayes', () => {
		// A chain a – b – c – d – e – f: a high-rate pair at one end, a low-rate run at the other.
		const events = [12, 30, 6, 2, 1, 3];
		const bases = [2_000, 10_000, 10_000, 10_000, 5_000, 20_000];
		const chain = [[1], [0, 2], [1, 3], [2, 4], [3, 5], [4]];
		const local = localEmpiricalBayesRates(events, bases, chain, 1);
		// By hand for a: its neighbourhood is a and b only … too few (MIN_LOCAL_EB_UNITS = 3): null.
		expect(MIN_LOCAL_EB_UNITS).toBe(3);
		expect(local[0]).toBeNull();
		// For c: {b, c, d}, b = 38 / 30,000; s² = Σ n (r − b)² / Σ n; a = s² − b / n̄.
		const idx = [1, 2, 3];
		const n = idx.reduce((s, i) => s + bases[i]!, 0);
		const prior = idx.reduce((s, i) => s + events[i]!, 0) / n;
		const s2 = idx.reduce((s, i) => s + bases[i]! * (events[i]! / bases[i]! - prior) ** 2, 0) / n;
		const a = Math.max(0, s2 - prior / (n / 3));
		const c = prior + (a / (a + prior / 10_000)) * (6 / 10_000 - prior);
		expect(local[2]).toBeCloseTo(c, 12);
		// e (1 of 5,000) is pulled towards its low neighbourhood, not towards the country's rate.
		const global = empiricalBayesRates(events, bases, 1);
		const rawE = 1 / 5_000;
		expect(Math.abs(local[4]! - rawE)).toBeLessThan(Math.abs(global[4]! - rawE));
		// Suppressed units are no one's neighbours and get no estimate.
		const hidden = localEmpiricalBayesRates([12, 30, null, 2, 1, 3], bases, chain, 1);
		expect(hidden[2]).toBeNull();
		expect(hidden[1]).toBeNull(); // b's neighbourhood is now a and b only
		expect(hidden[3]).toBeNull(); // d: d and e only
		expect(hidden[4]).toBeCloseTo(local[4]!, 15); // e: d, e and f, as before
	});

	it('gives the local indicator per unit from neighbours by code, null without them', () => {
		const units = [
			unit({ code: 'a', cases: 3, workers: 1_000 }),
			unit({ code: 'b', cases: 40, workers: 30_000 }),
			unit({ code: 'c', cases: 5, workers: 10_000 }),
			unit({ code: 'f', cases: 3, workers: 500 })
		];
		const neighbours = new Map([
			['a', ['b', 'c', 'f']],
			['b', ['a', 'c']],
			['c', ['a', 'b']],
			['f', ['a']]
		]);
		const values = indicatorValues(units, 'cases_per_100k_workers_leb', neighbours);
		expect(values.get('f')).toBeNull();
		expect(values.get('a')).toBeCloseTo(
			localEmpiricalBayesRates(
				[3, 40, 5],
				[1_000, 30_000, 10_000],
				[
					[1, 2],
					[0, 2],
					[0, 1]
				]
			)[0]!,
			9
		);
		expect([...indicatorValues(units, 'cases_per_100k_workers_leb').values()].every((v) => v === null)).toBe(true);
	});
});
