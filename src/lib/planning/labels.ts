import type { Candidate } from '$lib/analysis/candidates';
import type { Locale, MessageKey } from '$lib/i18n/messages';

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
