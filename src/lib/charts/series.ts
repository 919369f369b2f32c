/**
 * Data of the briefing charts, from briefing_series answers: months in order with cases stacked by
 * type (suppressed cells kept apart, never drawn as zero), the peak-campaign months (1/7–30/9) to
 * shade, and outreach forms by people reached. Pure functions: the Svelte components only draw.
 */

import type { MessageKey } from '$lib/i18n/messages';

/** The monthly cases chart's words, in the reader's language. */
export const casesChartLabels = (t: (key: MessageKey) => string) => ({
	peak: t('peakCampaign'),
	suppressed: t('suppressedCells'),
	cases: t('chart_cases_by_month'),
	hidden: t('hiddenTypes')
});

export type MonthRow = { month: string; case_type: string; cases: number | null };
/** A month's published total of all types (null: suppressed or none). */
export type MonthTotal = { month: string; cases: number | null };
export interface MonthStack {
	month: string;
	/** Segments bottom-up in the order of `types`: [type, y0, y1]. */
	segments: { type: string; y0: number; y1: number }[];
	/** Height of the bar: the published month total when there is one, else the shown segments. */
	total: number;
	/** Cases of the month in hidden type cells: the published total less the shown types (0 when none or unknown). */
	hidden: number;
	/** Types whose count is suppressed this month (fewer than k cases). */
	suppressed: string[];
}

/** Every month from `from` to `to` (YYYY-MM), inclusive. */
export function monthsBetween(from: string, to: string): string[] {
	const months: string[] = [];
	let [y, m] = from.split('-').map(Number) as [number, number];
	const [ty, tm] = to.split('-').map(Number) as [number, number];
	while (y < ty || (y === ty && m <= tm)) {
		months.push(`${y}-${String(m).padStart(2, '0')}`);
		m += 1;
		if (m > 12) [y, m] = [y + 1, 1];
	}
	return months;
}

/** Months from the first to the last of the rows (or of the period given), each with its stack. */
export function monthlyStacks(rows: MonthRow[], types: string[], period?: { from: string; to: string }, totals: MonthTotal[] = []): MonthStack[] {
	const published = new Map(totals.map((t) => [t.month, t.cases]));
	const months = rows.map((r) => r.month).sort();
	const from = period?.from.slice(0, 7) ?? months[0];
	const to = period?.to.slice(0, 7) ?? months[months.length - 1];
	if (!from || !to) return [];
	const byMonth = new Map<string, Map<string, number | null>>();
	for (const r of rows) {
		if (!byMonth.has(r.month)) byMonth.set(r.month, new Map());
		byMonth.get(r.month)!.set(r.case_type, r.cases);
	}
	return monthsBetween(from, to).map((month) => {
		const cells = byMonth.get(month) ?? new Map<string, number | null>();
		let y = 0;
		const segments: MonthStack['segments'] = [];
		const suppressed: string[] = [];
		for (const type of types) {
			if (!cells.has(type)) continue;
			const n = cells.get(type);
			if (n === null || n === undefined) {
				suppressed.push(type);
				continue;
			}
			segments.push({ type, y0: y, y1: y + n });
			y += n;
		}
		// A month whose types are (partly) hidden still shows its published total: never drawn as zero.
		const total = published.get(month);
		const hidden = suppressed.length && total !== null && total !== undefined && total > y ? total - y : 0;
		return { month, segments, total: y + hidden, hidden, suppressed };
	});
}

/** Runs of consecutive peak-campaign months (July–September) among the months: [first, last]. */
export function peakRuns(months: string[]): [string, string][] {
	const runs: [string, string][] = [];
	for (const month of months) {
		const m = Number(month.slice(5, 7));
		if (m < 7 || m > 9) continue;
		const last = runs[runs.length - 1];
		const previous = months[months.indexOf(month) - 1];
		if (last && previous === last[1]) last[1] = month;
		else runs.push([month, month]);
	}
	return runs;
}

export type OutreachRow = { form: string; activities: number; people_reached: number };
/** Forms by people reached, largest first, with each one's share of all people reached. */
export function outreachBars(rows: OutreachRow[]): (OutreachRow & { share: number })[] {
	const total = rows.reduce((s, r) => s + r.people_reached, 0);
	return [...rows]
		.sort((a, b) => b.people_reached - a.people_reached || a.form.localeCompare(b.form))
		.map((r) => ({ ...r, share: total ? r.people_reached / total : 0 }));
}

/** Gi* classes of one year's hot spot analysis: number of cells per class ('3' … '-3'). */
/** Gi* classes of a year; tooFew: the publication had too few cells with cases that year for an analysis. */
export type YearClasses = { year: number; classCounts: Record<string, number>; tooFew?: boolean };
export const HOT_CLASSES = ['3', '2', '1'] as const;
/** Hot cells per year stacked by confidence (99 % at the bottom). */
export function hotspotTrend(rows: YearClasses[]): { year: number; segments: { cls: string; y0: number; y1: number }[]; total: number }[] {
	return [...rows]
		.sort((a, b) => a.year - b.year)
		.map((r) => {
			let y = 0;
			const segments = HOT_CLASSES.map((cls) => {
				const n = r.classCounts[cls] ?? 0;
				const segment = { cls, y0: y, y1: y + n };
				y += n;
				return segment;
			}).filter((s) => s.y1 > s.y0);
			return { year: r.year, segments, total: y };
		});
}

export type DistrictShare = { name: string; workers: number; covered: number; share: number };
/** Coverage planned and achieved, and the districts least covered first (at most `max`). */
export function coverageBars(planned: number, achieved: number, districts: DistrictShare[], max = 8) {
	return {
		summary: [
			{ key: 'planned', share: planned },
			{ key: 'achieved', share: achieved }
		],
		districts: [...districts]
			.filter((d) => d.workers > 0)
			.sort((a, b) => a.share - b.share || b.workers - a.workers)
			.slice(0, max)
	};
}

/**
 * A chart label cut into at most `maxLines` lines no wider than `maxPx` at `fontSize` (widths
 * estimated for Roboto: SVG charts go to PDF and Word, where the browser cannot measure them), the
 * last line ending in "…" when the words do not fit. Never a label cut off at the chart's edge.
 */
export function wrapLabel(text: string, maxPx: number, fontSize: number, maxLines = 2): string[] {
	// Roboto's advance widths in em, roughly: narrow marks, capitals, the rest.
	const em = (ch: string) => (/[\s.,;:'’()|!iIl]/.test(ch) ? 0.3 : ch !== ch.toLowerCase() ? 0.68 : 0.55);
	const width = (s: string) => [...s.normalize('NFC')].reduce((w, ch) => w + em(ch), 0) * fontSize;
	const words = text.split(/\s+/).filter(Boolean);
	const lines: string[] = [];
	let line = '';
	for (const word of words) {
		const next = line ? `${line} ${word}` : word;
		if (width(next) <= maxPx || !line) line = next;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	if (lines.length <= maxLines && lines.every((l) => width(l) <= maxPx)) return lines;
	const kept = lines.slice(0, maxLines);
	let last = kept[maxLines - 1] ?? kept[kept.length - 1]!;
	const rest = lines.slice(maxLines).join(' ');
	if (rest) last = `${last} ${rest}`;
	while (last.length > 1 && width(`${last}…`) > maxPx) last = last.slice(0, -1).trimEnd();
	kept[kept.length - 1] = `${last}…`;
	return kept;
}
