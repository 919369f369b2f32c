import { fail } from '@sveltejs/kit';
import { can } from '$lib/permissions';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { requireUser, readForm } from '$lib/server/http/guards';
import { loadReport, reportNotes, reportTables } from '$lib/server/documents/report';
import { periodRange, reportPeriodKeys } from '$lib/periods';
import { DATA_YEARS } from '$lib/map/filters';
import { refusal, refusalFailure } from '$lib/server/http/rpc';

/**
 * The form (unit, period, data: all or approved records) and, once chosen, the report's tables as
 * on screen (in-app threshold; approved figures as approved), with what the exports will use.
 */
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { supabase } = event.locals;
	const unit = event.url.searchParams.get('unit') ?? '';
	const period = event.url.searchParams.get('period') ?? '';
	const scope = event.url.searchParams.get('data') === 'approved' ? 'approved' : 'all';
	const [units, vocabularies, thresholds] = await Promise.all([
		supabase.rpc('admin_unit_list'),
		supabase.rpc('record_vocabularies'),
		supabase.rpc('privacy_thresholds')
	]);
	if (thresholds.error) refusal(thresholds.error);
	if (units.error) refusal(units.error);
	if (vocabularies.error) refusal(vocabularies.error);
	const locale = (await event.parent()).locale;
	const report = period ? await loadReport(supabase, unit, period, 'screen', scope) : null;
	// What the documents will use: the approved figures' threshold, or the export threshold in force.
	const exportK = report?.approval ? report.k : (thresholds.data?.export_k ?? 11);
	return {
		scope,
		/** Planners and admins approve report figures (the database checks the area). */
		approver: can(user, 'approveReports'),
		units: units.data,
		periods: reportPeriodKeys(DATA_YEARS),
		unit,
		period,
		vocabularies: vocabularies.data,
		report: report && {
			unitName: report.unit?.name ?? null,
			from: report.period.from,
			to: report.period.to,
			k: report.k,
			exportK,
			approval: report.approval,
			notes: reportNotes(report, locale),
			tables: reportTables(report, locale, vocabularies.data),
			months: report.months,
			monthTotals: report.monthTotals,
			outreach: report.outreach
		}
	};
};

/** Approves (and locks) or un-approves the figures of the unit and period shown. */
async function decide(event: RequestEvent, approve: boolean) {
	requireUser(event);
	const form = await readForm(event.request);
	const unit = String(form.get('unit') ?? '');
	const period = periodRange(String(form.get('period') ?? ''));
	if (!period) return fail(400, { message: 'choose a period' });
	const { error } = approve
		? await event.locals.supabase.rpc('approve_report', { unit_code: unit, period_key: period.key, date_from: period.from, date_to: period.to })
		: await event.locals.supabase.rpc('unapprove_report', { unit_code: unit, period_key: period.key });
	if (error) return refusalFailure(error);
	return { ok: true };
}
export const actions: Actions = {
	approve: (event) => decide(event, true),
	unapprove: (event) => decide(event, false)
};
