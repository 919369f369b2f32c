/**
 * Numbers and dates in the reader's conventions (Intl): in Vietnamese 1.250 người, 25,3 km,
 * z = 23,5, p < 0,001 and 30/07/2026; in English 1,250, 25.3, 30/07/2026 (day first in both:
 * the users are in Vietnam). Every page, export and document formats through here.
 */
import type { Locale } from './messages';

export const intlLocale = (locale: Locale) => (locale === 'vi' ? 'vi-VN' : 'en-GB');

/** A number with at most `digits` decimals (whole numbers by default), grouped: 1.250 / 1,250. */
export function formatNumber(value: number, locale: Locale, digits = 0): string {
	return value.toLocaleString(intlLocale(locale), { maximumFractionDigits: digits });
}

/** A number with exactly `digits` decimals: 25,3 / 25.3. */
export function formatFixed(value: number, locale: Locale, digits: number): string {
	return value.toLocaleString(intlLocale(locale), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A Gi* z-score: two decimals, the reader's decimal sign. */
export const formatZ = (z: number, locale: Locale) => formatFixed(z, locale, 2);

/** A p-value as statisticians write it: "< 0,001" below a thousandth, else three significant digits. */
export function formatP(p: number, locale: Locale): string {
	if (p < 0.001) return `< ${formatFixed(0.001, locale, 3)}`;
	return p.toLocaleString(intlLocale(locale), { maximumSignificantDigits: 3 });
}

const asDate = (value: string | number | Date) =>
	// A bare day (2026-07-30) is that day wherever the reader is, not midnight UTC.
	typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00`) : new Date(value);

/** dd/mm/yyyy */
export function formatDate(value: string | number | Date, locale: Locale): string {
	return asDate(value).toLocaleDateString(intlLocale(locale), { day: '2-digit', month: '2-digit', year: 'numeric' });
}

/** dd/mm/yyyy hh:mm */
export function formatDateTime(value: string | number | Date, locale: Locale): string {
	const d = asDate(value);
	return `${formatDate(d, locale)} ${d.toLocaleTimeString(intlLocale(locale), { hour: '2-digit', minute: '2-digit', hour12: false })}`;
}

/** A share (0–1) as a percentage with at most one decimal: 42,5 % / 42.5 %. */
export const formatShare = (share: number, locale: Locale) => `${formatNumber(share * 100, locale, 1)} %`;
