import { error } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database, SavedPlan } from '$lib/supabase/database.types';
import type { MonthRow, OutreachRow } from '$lib/briefings/charts';
import type { Briefing, Slide, SlideData } from '$lib/briefings/slides';
import { refusal } from './records';

/** What a slide draws, read with the viewer's rights (suppressed for all but investigators). */
async function slideData(supabase: SupabaseClient<Database>, slide: Slide, plans: () => Promise<SavedPlan[]>): Promise<SlideData> {
	if (slide.kind === 'deployments') {
		const plan = (await plans()).find((p) => p.id === slide.plan_id);
		return plan ? { kind: 'deployments', plan } : null;
	}
	const series = slide.kind === 'figures' ? 'figures' : slide.kind === 'chart' ? slide.chart : null;
	if (!series) return null;
	const { data, error: e } = await supabase.rpc('briefing_series', { series, filters: slide.filters ?? {} });
	if (e) refusal(e);
	if (series === 'cases_by_month') return { kind: series, rows: data.data as MonthRow[], k: data.k };
	if (series === 'outreach_by_form') return { kind: series, rows: data.data as OutreachRow[] };
	return { kind: 'figures', figures: data.data as Record<string, number | null>, k: data.k };
}

/** A briefing and the data of each of its slides (by slide id); 404 when there is none. */
export async function loadBriefing(supabase: SupabaseClient<Database>, id: string): Promise<{ briefing: Briefing; data: Record<string, SlideData> }> {
	if (!/^[0-9a-f-]{36}$/.test(id)) error(404, 'no such briefing');
	const { data: briefing, error: e } = await supabase.rpc('get_briefing', { briefing_id: id });
	if (e) refusal(e);
	if (!briefing) error(404, 'no such briefing');
	// Saved plans are read once, by the first deployments slide that needs them.
	let saved: Promise<SavedPlan[]> | null = null;
	const plans = () =>
		(saved ??= (async () => {
			const { data: list, error: pe } = await supabase.rpc('list_plans');
			if (pe) refusal(pe);
			return list ?? [];
		})());
	const data = Object.fromEntries(await Promise.all(briefing.slides.map(async (s) => [s.id, await slideData(supabase, s, plans)] as const)));
	return { briefing, data };
}
