/**
 * Indicators an administrative unit can be coloured by, and the classes of the choropleth:
 * natural breaks (Ckmeans, simple-statistics) over the units' values, a d3 threshold scale of
 * ColorBrewer YlOrRd. Suppressed values (null) stay out of the classes and are drawn apart.
 */
import { ckmeans } from 'simple-statistics';
import { scaleThreshold } from 'd3-scale';
import { schemeYlOrRd } from 'd3-scale-chromatic';
import type { UnitIndicators } from '$lib/supabase/database.types';

export const INDICATORS = [
	'cases',
	'cases_per_100k_workers',
	'cases_per_100k_workers_eb',
	'victims',
	'outreach',
	'people_reached',
	'reached_per_1000',
	'model_sites',
	'workers'
] as const;
export type Indicator = (typeof INDICATORS)[number];

/**
 * Smallest base a rate is computed on: below it one case or one person moves the rate by more than
 * it can mean (3 cases among 1,000 workers would read as 300 per 100,000).
 */
export const MIN_RATE_BASE = 1000;

/** Whether a rate indicator's base (workers, population) is too small for the rate to be shown. */
export function rateBaseTooSmall(unit: UnitIndicators, indicator: Indicator): boolean {
	if (indicator === 'cases_per_100k_workers' || indicator === 'cases_per_100k_workers_eb') return unit.workers < MIN_RATE_BASE;
	if (indicator === 'reached_per_1000') return (unit.population ?? 0) < MIN_RATE_BASE;
	return false;
}

/** The value of an indicator for a unit; null when it cannot be shown (suppressed, or too small a base). */
export function indicatorValue(unit: UnitIndicators, indicator: Indicator): number | null {
	if (rateBaseTooSmall(unit, indicator)) return null;
	switch (indicator) {
		case 'cases_per_100k_workers':
		case 'cases_per_100k_workers_eb':
			return unit.cases === null ? null : (unit.cases / unit.workers) * 100_000;
		case 'reached_per_1000':
			return (unit.people_reached / unit.population!) * 1000;
		default:
			return unit[indicator];
	}
}

/** Fewest units with a shown count and base that an empirical Bayes estimate is made from. */
export const MIN_EB_UNITS = 5;

/**
 * Global empirical Bayes rates (Marshall 1991, method of moments): each unit's raw rate e/n is pulled
 * towards the overall rate b = Σe / Σn by C = a / (a + b / n), where a = s² − b / n̄ is the variance
 * of the true rates between units (s² the base-weighted variance of the raw rates, n̄ the mean base;
 * a < 0 → 0, every rate becomes b). Small bases are pulled most: 3 cases among 1,000 workers no
 * longer outranks 40 among 30,000. Units without a shown count (suppressed) or base take no part and
 * get null; with fewer than MIN_EB_UNITS usable units every estimate is null (too few to estimate).
 * Returns rates per `per` of base.
 */
export function empiricalBayesRates(events: (number | null)[], bases: number[], per = 100_000): (number | null)[] {
	const usable = events.map((e, i) => e !== null && Number.isFinite(e) && bases[i]! > 0);
	const idx = usable.flatMap((ok, i) => (ok ? [i] : []));
	if (idx.length < MIN_EB_UNITS) return events.map(() => null);
	const sumE = idx.reduce((sum, i) => sum + events[i]!, 0);
	const sumN = idx.reduce((sum, i) => sum + bases[i]!, 0);
	const b = sumE / sumN;
	const s2 = idx.reduce((sum, i) => sum + bases[i]! * (events[i]! / bases[i]! - b) ** 2, 0) / sumN;
	const a = Math.max(0, s2 - b / (sumN / idx.length));
	return events.map((e, i) => {
		if (!usable[i]) return null;
		const n = bases[i]!;
		const c = a + b / n > 0 ? a / (a + b / n) : 0;
		return (b + c * (e! / n - b)) * per;
	});
}

/** Every unit's value of an indicator, by code (the smoothed rates need all units at once). */
export function indicatorValues(units: UnitIndicators[], indicator: Indicator): Map<string, number | null> {
	if (indicator !== 'cases_per_100k_workers_eb') return new Map(units.map((u) => [u.code, indicatorValue(u, indicator)]));
	const shown = units.map((u) => !rateBaseTooSmall(u, indicator));
	const eb = empiricalBayesRates(
		units.map((u, i) => (shown[i] ? u.cases : null)),
		units.map((u) => u.workers)
	);
	return new Map(units.map((u, i) => [u.code, eb[i]!]));
}

export interface Classes {
	/** Upper bounds of every class but the last. */
	thresholds: number[];
	colors: string[];
	min: number;
	max: number;
	color(value: number | null): string | null;
}

/** Up to five classes of natural breaks over the values; null when there is nothing to class. */
export function classify(values: (number | null)[], maxClasses = 5): Classes | null {
	const shown = values.filter((v): v is number => v !== null && Number.isFinite(v));
	if (shown.length === 0) return null;
	const distinct = new Set(shown).size;
	const k = Math.max(1, Math.min(maxClasses, distinct));
	const clusters = ckmeans(shown, k);
	// A value belongs to the class whose first value it reaches: thresholds are the clusters' minima.
	const thresholds = clusters.slice(1).map((c) => c[0]!);
	const colors = k === 1 ? [schemeYlOrRd[3]![1]!] : [...schemeYlOrRd[Math.max(3, k)]!].slice(0, k);
	const scale = scaleThreshold<number, string>().domain(thresholds).range(colors);
	return {
		thresholds,
		colors,
		min: Math.min(...shown),
		max: Math.max(...shown),
		color: (value) => (value === null || !Number.isFinite(value) ? null : scale(value))
	};
}
