import { error } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { recordKind } from '$lib/server/http/request';
import { caseExportTable, exportCsv, exportGeojson, exportTable } from '$lib/records/export';
import { isLocale, type Locale } from '$lib/i18n/messages';
import { embeddedBackend } from '$lib/server/backend';
import { refusal, rpc } from '$lib/server/http/rpc';

const FORMATS = ['csv', 'xlsx', 'geojson'] as const;
const MAX_ROWS = 200_000;

/**
 * The records the user may read (the list's filters: ?q=&unit=) as CSV, XLSX or GeoJSON
 * (?format=). Cases never leave as records: they are exported as counts per unit and type at the
 * export threshold (export_case_table). Each export is recorded in the audit log, with its
 * thresholds, before the file is made.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const kind = recordKind(event.params.kind, user);
	const params = event.url.searchParams;
	const format = FORMATS.find((f) => f === params.get('format'));
	if (!format) error(400, 'format: csv, xlsx or geojson');
	const lang = params.get('lang') ?? event.cookies.get('lang');
	const locale = isLocale(lang) ? lang : 'vi';
	const { supabase } = event.locals;
	const filters = { q: params.get('q') ?? '', unit: params.get('unit') || null };
	if (kind === 'cases') return caseExport(event, format, locale, filters.unit);
	const data = await rpc(supabase, 'list_records', { record_kind: kind, q: filters.q, unit_code: filters.unit, max_rows: MAX_ROWS });
	if (data.total > MAX_ROWS) error(400, `${data.total} records: narrow the export to at most ${MAX_ROWS} (choose a unit)`);
	const logged = await supabase.rpc('log_export', {
		record_kind: kind,
		export_format: format,
		row_count: data.rows.length,
		details: { ...filters, tier: 'records' }
	});
	if (logged.error) refusal(logged.error);

	const demo = data.rows.some((r) => r.is_demo) ? 'DEMO-' : '';
	const name = `${demo}hotspot-atlas-${kind}-${new Date().toISOString().slice(0, 10)}.${format}`;
	const headers = { 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' };
	if (format === 'geojson') {
		return new Response(JSON.stringify(exportGeojson(kind, data.rows)), { headers: { ...headers, 'content-type': 'application/geo+json' } });
	}
	return tableAnswer(exportTable(kind, data.rows, locale), format, headers, demo ? `${kind} (DEMO)` : kind);
};

async function tableAnswer(
	table: { headers: string[]; rows: unknown[][] },
	format: 'csv' | 'xlsx',
	headers: Record<string, string>,
	sheetName: string
): Promise<Response> {
	if (format === 'csv') return new Response(exportCsv(table), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet(sheetName);
	sheet.addRow(table.headers).font = { bold: true };
	sheet.addRows(table.rows);
	sheet.columns.forEach((c) => (c.width = 20));
	return new Response(await workbook.xlsx.writeBuffer(), {
		headers: { ...headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
	});
}

/** Cases as counts per unit (and unit and type) of the area, protected in SQL at export_k. */
async function caseExport(event: Parameters<RequestHandler>[0], format: (typeof FORMATS)[number], locale: Locale, unit: string | null): Promise<Response> {
	if (format === 'geojson') error(400, 'cases leave the system only as counts per unit: export CSV or XLSX');
	const { supabase } = event.locals;
	const [table, vocabularies] = await Promise.all([
		supabase.rpc('export_case_table', { filters: unit ? { admin_unit: unit } : {} }),
		supabase.rpc('record_vocabularies')
	]);
	if (table.error) refusal(table.error);
	if (vocabularies.error) refusal(vocabularies.error);
	const logged = await supabase.rpc('log_export', {
		record_kind: 'cases',
		export_format: format,
		row_count: table.data.rows.length,
		details: { unit, tier: 'export', k: table.data.k }
	});
	if (logged.error) refusal(logged.error);
	const demo = (await embeddedBackend())?.demo ? 'DEMO-' : '';
	const name = `${demo}hotspot-atlas-cases-k${table.data.k}-${unit ?? 'toan-quoc'}-${new Date().toISOString().slice(0, 10)}.${format}`;
	const caseType = (code: string) => vocabularies.data.case_type.find((c) => c.code === code)?.[locale] ?? code;
	return tableAnswer(
		caseExportTable(table.data.rows, locale, caseType),
		format,
		{ 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' },
		demo ? 'cases (DEMO)' : 'cases'
	);
}
