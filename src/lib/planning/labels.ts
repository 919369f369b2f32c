import type { Candidate } from '$lib/analysis/candidates';
import { fill, type Locale, type MessageKey } from '$lib/i18n/messages';
import type { EmergingCategory, EmergingReason } from '$lib/analysis/emerging';
import type { Change } from '$lib/analysis/campaign';

/** How a unit's cases changed in the peak campaign, as the reader reads it (tab, legend, map, report). */
export const CHANGE_KEYS: Record<Change, MessageKey> = { fewer: 'ce_fewer', more: 'ce_more', same: 'ce_same', too_few: 'ce_too_few', hidden: 'ce_hidden' };

/** A candidate site in the reader's language: names as they are, generated ones from their figures. */
export function candidateLabel(c: Pick<Candidate, 'kind' | 'label' | 'detail'>, t: (key: MessageKey) => string, locale: Locale): string {
	const d = c.detail ?? {};
	const fill = (key: MessageKey) =>
		t(key).replace(/\{(\w+)\}/g, (_, name: string) => {
			const v = d[name as keyof typeof d];
			if (name === 'country') return t(`country${v}` as MessageKey) ?? String(v);
			return typeof v === 'number' ? v.toLocaleString(locale) : String(v ?? '');
		});
	const base =
		c.kind === 'border_segment' && d.km !== undefined
			? fill('cand_border')
			: c.kind === 'boarding_cluster' && d.workers !== undefined
				? fill('cand_cluster')
				: c.kind === 'hotspot' && d.n !== undefined
					? fill('cand_hotspot')
					: c.label;
	// Where a team goes, in words a person can find: near a landmark, in a district.
	const where = [d.near ? t('nearPlace').replace('{near}', d.near) : null, d.place ?? null].filter(Boolean).join(', ');
	return where ? `${base} — ${where}` : base;
}

/**
 * Why a location got its emerging hot-spot category, in the reader's words: "Hot in the last period
 * and 4 of 10 in all, on and off, never cold" (sporadic).
 */
export function emergingReasonText(category: EmergingCategory, reason: EmergingReason, t: (key: MessageKey) => string): string {
	const cold = category.endsWith('_cold');
	const pattern = category.replace(/_cold$/, '');
	return fill(t(`emWhy_${pattern}` as MessageKey), {
		what: t(cold ? 'emCold' : 'emHot'),
		what2: t(cold ? 'emColdLower' : 'emHotLower'),
		other: t(cold ? 'emHotLower' : 'emColdLower'),
		n: cold ? reason.cold : reason.hot,
		m: cold ? reason.hot : reason.cold,
		hot: reason.hot,
		cold: reason.cold,
		steps: reason.steps,
		run: reason.run
	});
}
