/**
 * Period presets of the campaign calendar: the peak campaign 1/7–30/9, the week of the National
 * Day against trafficking (24–30/7), quarters, half years (reports) and whole years. Keys travel in the URL (`?period=`).
 */
import type { MessageKey } from '$lib/i18n/messages';

export interface Period {
	key: string;
	from: string;
	to: string;
}

const PATTERN = /^(peak|day307|q1|q2|q3|q4|h1|h2|year)-(\d{4})$/;

export function periodRange(key: string | null | undefined): Period | null {
	const match = key ? PATTERN.exec(key) : null;
	if (!match) return null;
	const kind = match[1]!;
	const year = Number(match[2]);
	if (year < 2000 || year > 2100) return null;
	const span: Record<string, [string, string]> = {
		peak: ['07-01', '09-30'],
		day307: ['07-24', '07-30'],
		q1: ['01-01', '03-31'],
		q2: ['04-01', '06-30'],
		q3: ['07-01', '09-30'],
		q4: ['10-01', '12-31'],
		// Six-monthly reports.
		h1: ['01-01', '06-30'],
		h2: ['07-01', '12-31'],
		year: ['01-01', '12-31']
	};
	const [from, to] = span[kind]!;
	return { key: key!, from: `${year}-${from}`, to: `${year}-${to}` };
}

/** The presets offered for the given years, newest first. */
export function periodKeys(years: number[]): string[] {
	return [...years].sort((a, b) => b - a).flatMap((y) => [`peak-${y}`, `day307-${y}`, `year-${y}`, `q1-${y}`, `q2-${y}`, `q3-${y}`, `q4-${y}`]);
}

/** "peak-2025" → "Cao điểm 1/7–30/9/2025", "all" → "Toàn bộ thời gian" (in the reader's language). */
export function periodLabel(key: string, t: (key: MessageKey) => string): string {
	if (key === 'all') return t('periodAll');
	const [kind, year] = key.split('-');
	return t(`preset_${kind}` as MessageKey).replace('{y}', year ?? '');
}

/** The periods a steering committee reports on, for the given years, newest first. */
export function reportPeriodKeys(years: number[]): string[] {
	return [...years].sort((a, b) => b - a).flatMap((y) => [`year-${y}`, `h2-${y}`, `h1-${y}`, `peak-${y}`, `q4-${y}`, `q3-${y}`, `q2-${y}`, `q1-${y}`]);
}
