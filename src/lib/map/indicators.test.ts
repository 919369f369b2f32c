import { describe, expect, it } from 'vitest';
import { classify, indicatorValue } from './indicators';
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
});
