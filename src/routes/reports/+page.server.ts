import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/guards';
import { loadReport, reportTables } from '$lib/server/report';
import { refusal } from '$lib/server/records';
import { reportPeriodKeys } from '$lib/periods';
import { DATA_YEARS } from '$lib/map/filters';

/** The form (unit, period) and, once chosen, the report's tables as the exports will hold them. */
export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const { supabase } = event.locals;
	const unit = event.url.searchParams.get('unit') ?? '';
	const period = event.url.searchParams.get('period') ?? '';
	const [units, vocabularies] = await Promise.all([supabase.rpc('admin_unit_list'), supabase.rpc('record_vocabularies')]);
	if (units.error) refusal(units.error);
	if (vocabularies.error) refusal(vocabularies.error);
	const locale = (await event.parent()).locale;
	const report = period ? await loadReport(supabase, unit, period) : null;
	return {
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
			tables: reportTables(report, locale, vocabularies.data),
			months: report.months,
			outreach: report.outreach
		}
	};
};
