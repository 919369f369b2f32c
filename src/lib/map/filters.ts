/**
 * The map's filters as they travel in the URL and reach the data API:
 * `?period=peak-2025&types=cross_border,labour_fraud&forms=meeting&unit=tay-ninh&at=2025-07-07`.
 * `at` is the step of the time slider being shown (its first day); without it the whole period is.
 */
import { periodRange } from '$lib/periods';

import { CASE_TYPES, OUTREACH_FORMS } from '$lib/vocabulary';

export { CASE_TYPES, OUTREACH_FORMS };

/** The years of data the period presets and the time slider cover when no period is chosen. */
export const DATA_YEARS = [2021, 2022, 2023, 2024, 2025];

export interface MapFilters {
	/** 'all' or a preset key of $lib/periods. */
	period: string;
	/** Case types shown; empty means all. */
	types: string[];
	/** Outreach forms shown; empty means all. */
	forms: string[];
	/** Code of the province or district the map is limited to. */
	unit: string | null;
	/** First day of the time-slider step shown, or null for the whole period. */
	at: string | null;
}

export const NO_FILTERS: MapFilters = { period: 'all', types: [], forms: [], unit: null, at: null };

export interface TimeStep {
	from: string;
	to: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00Z`);

/** The date range of a period: the preset's, or every year of data for 'all'. */
export function periodSpan(period: string): TimeStep {
	return periodRange(period) ?? { from: `${DATA_YEARS[0]}-01-01`, to: `${DATA_YEARS[DATA_YEARS.length - 1]}-12-31` };
}

/**
 * Steps of the time slider over a period: weeks (from the period's first day) for a period of up to
 * about four months, such as the peak campaign; calendar months for longer ones.
 */
export function timeSteps(period: string): TimeStep[] {
	const span = periodSpan(period);
	const start = utc(span.from);
	const end = utc(span.to);
	const days = (end.getTime() - start.getTime()) / 86_400_000 + 1;
	const steps: TimeStep[] = [];
	if (days <= 122) {
		for (let d = start; d <= end; d = new Date(d.getTime() + 7 * 86_400_000)) {
			const last = new Date(Math.min(d.getTime() + 6 * 86_400_000, end.getTime()));
			steps.push({ from: iso(d), to: iso(last) });
		}
		return steps;
	}
	for (let d = start; d <= end; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
		const monthEnd = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
		steps.push({ from: iso(d), to: iso(monthEnd < end ? monthEnd : end) });
	}
	return steps;
}

/** The dates the dated layers show: the slider's step if one is chosen, else the period. */
export function activeRange(filters: MapFilters): TimeStep | null {
	if (filters.at) {
		const step = timeSteps(filters.period).find((s) => s.from === filters.at);
		if (step) return step;
	}
	return periodRange(filters.period);
}

const list = (value: string | null, known: readonly string[], name: string, errors: string[]) => {
	const items = (value ?? '').split(',').filter(Boolean);
	const unknown = items.filter((i) => !known.includes(i));
	if (unknown.length) errors.push(`${name}: unknown ${unknown.join(', ')} (known: ${known.join(', ')})`);
	return items.filter((i) => known.includes(i));
};

/** Reads the filters of a URL; what cannot be understood is dropped and said in errors. */
export function readFilters(params: URLSearchParams): { filters: MapFilters; errors: string[] } {
	const errors: string[] = [];
	const requested = params.get('period');
	let period = 'all';
	if (requested && requested !== 'all') {
		if (periodRange(requested)) period = requested;
		else errors.push(`period: "${requested}" is not a known period`);
	}
	const types = list(params.get('types'), CASE_TYPES, 'types', errors);
	const forms = list(params.get('forms'), OUTREACH_FORMS, 'forms', errors);
	const unitParam = params.get('unit');
	let unit: string | null = null;
	if (unitParam) {
		if (/^[A-Za-z0-9_.-]{1,32}$/.test(unitParam)) unit = unitParam;
		else errors.push(`unit: "${unitParam}" is not a unit code`);
	}
	const atParam = params.get('at');
	let at: string | null = null;
	if (atParam) {
		if (timeSteps(period).some((s) => s.from === atParam)) at = atParam;
		else errors.push(`at: ${atParam} is not a step of the period`);
	}
	return { filters: { period, types, forms, unit, at }, errors };
}

/** Writes the filters into URL parameters, leaving defaults out so links stay short. */
export function writeFilters(params: URLSearchParams, filters: MapFilters): URLSearchParams {
	const set = (key: string, value: string | null) => (value ? params.set(key, value) : params.delete(key));
	set('period', filters.period === 'all' ? null : filters.period);
	set('types', filters.types.join(','));
	set('forms', filters.forms.join(','));
	set('unit', filters.unit);
	set('at', filters.at);
	return params;
}

/** A query string of the filters and some further parameters (null or empty ones left out). */
export function filterQuery(filters: MapFilters, extra: Record<string, string | null | undefined> = {}): string {
	const params = writeFilters(new URLSearchParams(), filters);
	for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
	return params.toString();
}
