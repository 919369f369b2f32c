import { error, isHttpError } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database, SavedPlan } from '$lib/supabase/database.types';
import type { MonthRow, OutreachRow } from '$lib/charts/series';
import type { Briefing, Slide, SlideData, SlideFilters } from '$lib/briefings/slides';
import type { YearClasses } from '$lib/charts/series';
import { runHotspots, TooFewCasesError } from '../planning/hotspots';
import { runCoverage } from '../planning/coverage';
import { rpc } from '../http/rpc';

/** What a slide draws: case figures at the export tier for every role (briefing_series), analyses with the viewer's rights. */
async function slideData(supabase: SupabaseClient<Database>, slide: Slide, plans: () => Promise<SavedPlan[]>): Promise<SlideData> {
	if (slide.kind === 'deployments') {
		const plan = (await plans()).find((p) => p.id === slide.plan_id);
		return plan ? { kind: 'deployments', plan } : null;
	}
	if (slide.kind === 'chart' && slide.chart === 'hotspot_classes') return { kind: 'hotspot_classes', years: await yearClasses(supabase, slide.filters ?? {}) };
	if (slide.kind === 'chart' && slide.chart === 'coverage') {
		const plan = (await plans()).find((p) => p.id === slide.plan_id);
		if (!plan) return null;
		const achieved = await runCoverage(supabase, { from: plan.starts_on, to: plan.ends_on, unit: plan.admin_unit });
		return { kind: 'coverage', planned: Number(plan.figures.share) || 0, achieved: achieved.share, districts: achieved.districts };
	}
	const series = slide.kind === 'figures' ? 'figures' : slide.chart === 'cases_by_month' || slide.chart === 'outreach_by_form' ? slide.chart : null;
	if (!series) return null;
	const data = await rpc(supabase, 'briefing_series', { series, filters: slide.filters ?? {} });
	if (series === 'cases_by_month') return { kind: series, rows: data.data as MonthRow[], totals: data.totals ?? [], k: data.k };
	if (series === 'outreach_by_form') return { kind: series, rows: data.data as OutreachRow[] };
	return { kind: 'figures', figures: data.data as Record<string, number | null>, k: data.k };
}

/**
 * Gi* hot spot classes of each year of the period (cases of that year within it), for the trend
 * chart: on the export publication (a briefing leaves the room). A year with too few published
 * cells for an analysis has no classes.
 */
async function yearClasses(supabase: SupabaseClient<Database>, filters: SlideFilters): Promise<YearClasses[]> {
	const from = filters.from ?? '2022-01-01';
	const to = filters.to ?? `${new Date().getFullYear()}-12-31`;
	const years: YearClasses[] = [];
	for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
		const start = `${year}-01-01` < from ? from : `${year}-01-01`;
		const end = `${year}-12-31` > to ? to : `${year}-12-31`;
		try {
			const result = await runHotspots(supabase, { method: 'gistar', from: start, to: end, types: [], unit: filters.admin_unit ?? null, tier: 'export' });
			years.push({ year, classCounts: result.classCounts ?? {} });
		} catch (e) {
			if (!(e instanceof TooFewCasesError)) throw e;
			years.push({ year, classCounts: {}, tooFew: true });
		}
	}
	return years;
}

/** A briefing and the data of each of its slides (by slide id); 404 when there is none. */
export async function loadBriefing(supabase: SupabaseClient<Database>, id: string): Promise<{ briefing: Briefing; data: Record<string, SlideData> }> {
	if (!/^[0-9a-f-]{36}$/.test(id)) error(404, 'no such briefing');
	const briefing = await rpc(supabase, 'get_briefing', { briefing_id: id });
	if (!briefing) error(404, 'no such briefing');
	// Saved plans are read once, by the first deployments slide that needs them.
	let saved: Promise<SavedPlan[]> | null = null;
	const plans = () =>
		(saved ??= (async () => {
			const list = await rpc(supabase, 'list_plans');
			return list ?? [];
		})());
	// One slide that cannot be drawn is marked, never the end of the whole briefing (it could not be
	// opened to fix it otherwise).
	const drawn = async (s: Slide): Promise<SlideData> => {
		try {
			return await slideData(supabase, s, plans);
		} catch (e) {
			if (isHttpError(e) && e.status < 500) return { kind: 'broken', message: e.body.message };
			throw e;
		}
	};
	const data = Object.fromEntries(await Promise.all(briefing.slides.map(async (s) => [s.id, await drawn(s)] as const)));
	return { briefing, data };
}
