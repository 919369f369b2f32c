/**
 * Slides of a briefing: what each shows (a map or planner view by its URL query, a chart, key
 * figures), so it is drawn live with the rights of whoever opens it.
 */
import type { DistrictShare, MonthRow, MonthTotal, OutreachRow, YearClasses } from '$lib/charts/series';
import type { SavedPlan } from '$lib/supabase/database.types';

export { CHARTS, type Briefing, type ChartKind, type Slide, type SlideFilters, type SlideKind } from '$lib/supabase/shapes';
import type { Slide } from '$lib/supabase/shapes';

/** Parameters a stored view may not carry: how it is drawn is the viewing page's decision (the database refuses them too). */
const VIEWER_KEYS = ['lang', 'embed', 'tier', 'exact'];

/** The query of a page's URL a map slide keeps (no language, embed or tier flag: the viewer's own). */
export function slideQuery(search: string): string {
	const params = new URLSearchParams(search);
	for (const key of [...params.keys()]) if (VIEWER_KEYS.includes(key.toLowerCase())) params.delete(key);
	return params.toString();
}

/** The address that draws a map slide without the app's header and panels, always at the export tier. */
export function embedUrl(slide: Slide, lang: string): string {
	const path = slide.page === 'plan' ? '/plan' : '/';
	const query = slideQuery(slide.query ?? '');
	return `${path}?embed=1&lang=${lang}${query ? `&${query}` : ''}`;
}

/** Moves the slide at `from` to `to`, returning a new list. */
export function moveSlide(slides: Slide[], from: number, to: number): Slide[] {
	if (to < 0 || to >= slides.length || from === to) return slides;
	const next = [...slides];
	const [moved] = next.splice(from, 1);
	next.splice(to, 0, moved!);
	return next;
}

/**
 * Both editors' slides, after a conflict: the stored order (theirs) without the slides I removed, my
 * version of each slide I changed, then the slides I added. `base` is what I opened.
 */
export function mergeSlides(base: Slide[], mine: Slide[], theirs: Slide[]): Slide[] {
	const ids = (list: Slide[]) => new Set(list.map((s) => s.id));
	const [baseIds, mineIds, theirIds] = [ids(base), ids(mine), ids(theirs)];
	const same = (a: Slide, b: Slide) => JSON.stringify(a) === JSON.stringify(b);
	const kept = theirs
		.filter((s) => mineIds.has(s.id) || !baseIds.has(s.id))
		.map((s) => {
			const mineNow = mine.find((m) => m.id === s.id);
			const opened = base.find((b) => b.id === s.id);
			return mineNow && opened && !same(mineNow, opened) ? mineNow : s;
		});
	return [...kept, ...mine.filter((s) => !baseIds.has(s.id) && !theirIds.has(s.id))];
}

/** What a slide draws, read on the server with the viewer's rights. */
export type SlideData =
	| { kind: 'cases_by_month'; rows: MonthRow[]; totals: MonthTotal[]; k: number }
	| { kind: 'outreach_by_form'; rows: OutreachRow[] }
	| { kind: 'figures'; figures: Record<string, number | null>; k: number }
	| { kind: 'deployments'; plan: SavedPlan }
	| { kind: 'hotspot_classes'; years: YearClasses[] }
	| { kind: 'coverage'; planned: number; achieved: number; districts: DistrictShare[] }
	/** The slide could not be drawn (its filters no longer make sense, a plan was deleted…): the rest of the briefing still opens. */
	| { kind: 'broken'; message: string }
	| null;
