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
	'cases_per_100k_workers_leb',
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

/** The indicators that are cases per 100,000 workers, raw or smoothed. */
const CASE_RATES = new Set<Indicator>(['cases_per_100k_workers', 'cases_per_100k_workers_eb', 'cases_per_100k_workers_leb']);
/** The smoothed rates: each carries the raw rate beside it. */
export const SMOOTHED = new Set<Indicator>(['cases_per_100k_workers_eb', 'cases_per_100k_workers_leb']);

/** Whether a rate indicator's base (workers, population) is too small for the rate to be shown. */
export function rateBaseTooSmall(unit: UnitIndicators, indicator: Indicator): boolean {
	if (CASE_RATES.has(indicator)) return unit.workers < MIN_RATE_BASE;
	if (indicator === 'reached_per_1000') return (unit.population ?? 0) < MIN_RATE_BASE;
	return false;
}

/** The value of an indicator for a unit; null when it cannot be shown (suppressed, or too small a base). */
export function indicatorValue(unit: UnitIndicators, indicator: Indicator): number | null {
	if (rateBaseTooSmall(unit, indicator)) return null;
	switch (indicator) {
		case 'cases_per_100k_workers':
		case 'cases_per_100k_workers_eb':
		case 'cases_per_100k_workers_leb':
			return unit.cases === null ? null : (unit.cases / unit.workers) * 100_000;
		case 'reached_per_1000':
			return (unit.people_reached / unit.population!) * 1000;
		default:
			return unit[indicator];
	}
}

/** Fewest units with a shown count and base that an empirical Bayes estimate is made from. */
export const MIN_EB_UNITS = 5;
/** Fewest units with figures in a unit's neighbourhood (itself included) for a local estimate. */
export const MIN_LOCAL_EB_UNITS = 3;

const usableRate = (events: (number | null)[], bases: number[]) => events.map((e, i) => e !== null && Number.isFinite(e) && bases[i]! > 0);

/**
 * The prior of a set of units (method of moments, Marshall 1991): the pooled rate b = Σe / Σn and
 * the variance of the true rates between them a = s² − b / n̄ (s² the base-weighted variance of the
 * raw rates around b, n̄ the mean base; a < 0 → 0).
 */
function ebPrior(idx: number[], events: (number | null)[], bases: number[]): { b: number; a: number } {
	const sumE = idx.reduce((sum, i) => sum + events[i]!, 0);
	const sumN = idx.reduce((sum, i) => sum + bases[i]!, 0);
	const b = sumE / sumN;
	const s2 = idx.reduce((sum, i) => sum + bases[i]! * (events[i]! / bases[i]! - b) ** 2, 0) / sumN;
	return { b, a: Math.max(0, s2 - b / (sumN / idx.length)) };
}

/** A raw rate e/n pulled towards its prior's b by C = a / (a + b / n): small bases are pulled most. */
function shrink(e: number, n: number, { a, b }: { b: number; a: number }): number {
	const c = a + b / n > 0 ? a / (a + b / n) : 0;
	return b + c * (e / n - b);
}

/**
 * Global empirical Bayes rates: each unit's raw rate is pulled towards the overall rate of all units
 * (ebPrior over every usable unit). 3 cases among 1,000 workers no longer outranks 40 among 30,000.
 * Units without a shown count (suppressed) or base take no part and get null; with fewer than
 * MIN_EB_UNITS usable units every estimate is null (too few to estimate). Rates per `per` of base.
 */
export function empiricalBayesRates(events: (number | null)[], bases: number[], per = 100_000): (number | null)[] {
	const usable = usableRate(events, bases);
	const idx = usable.flatMap((ok, i) => (ok ? [i] : []));
	if (idx.length < MIN_EB_UNITS) return events.map(() => null);
	const prior = ebPrior(idx, events, bases);
	return events.map((e, i) => (usable[i] ? shrink(e!, bases[i]!, prior) * per : null));
}

/**
 * Local empirical Bayes rates (spatial EB, as GeoDa and PySAL's Spatial_Empirical_Bayes): each unit's
 * raw rate is pulled towards the rate of its own neighbourhood — itself and its neighbours
 * (`neighbours[i]`, indices) — with the prior estimated from that neighbourhood alone, so a unit is
 * compared with the places around it rather than the whole country. Suppressed units take no part;
 * a unit whose neighbourhood has fewer than MIN_LOCAL_EB_UNITS usable units gets null.
 */
export function localEmpiricalBayesRates(events: (number | null)[], bases: number[], neighbours: number[][], per = 100_000): (number | null)[] {
	const usable = usableRate(events, bases);
	return events.map((e, i) => {
		if (!usable[i]) return null;
		const idx = [i, ...(neighbours[i] ?? []).filter((j) => j !== i && usable[j])];
		if (idx.length < MIN_LOCAL_EB_UNITS) return null;
		return shrink(e!, bases[i]!, ebPrior(idx, events, bases)) * per;
	});
}

/**
 * Every unit's value of an indicator, by code (the smoothed rates need all units at once; the local
 * one also each unit's neighbours by code, $lib/map/neighbours — without them it is null throughout).
 */
export function indicatorValues(units: UnitIndicators[], indicator: Indicator, neighbours?: Map<string, string[]>): Map<string, number | null> {
	if (!SMOOTHED.has(indicator)) return new Map(units.map((u) => [u.code, indicatorValue(u, indicator)]));
	const shown = units.map((u) => !rateBaseTooSmall(u, indicator));
	const events = units.map((u, i) => (shown[i] ? u.cases : null));
	const bases = units.map((u) => u.workers);
	let smoothed: (number | null)[];
	if (indicator === 'cases_per_100k_workers_eb') smoothed = empiricalBayesRates(events, bases);
	else {
		const at = new Map(units.map((u, i) => [u.code, i]));
		const lists = units.map((u) => (neighbours?.get(u.code) ?? []).flatMap((code) => (at.has(code) ? [at.get(code)!] : [])));
		smoothed = neighbours ? localEmpiricalBayesRates(events, bases, lists) : units.map(() => null);
	}
	return new Map(units.map((u, i) => [u.code, smoothed[i]!]));
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
