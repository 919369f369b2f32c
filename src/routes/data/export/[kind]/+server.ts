import { error } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/guards';
import { recordKind, refusal } from '$lib/server/records';
import { exportCsv, exportGeojson, exportTable } from '$lib/records/export';
import { isLocale } from '$lib/i18n/messages';

const FORMATS = ['csv', 'xlsx', 'geojson'] as const;
const MAX_ROWS = 200_000;

/**
 * The records the user may read (the list's filters: ?q=&unit=) as CSV, XLSX or GeoJSON
 * (?format=). Each export is recorded in the audit log before the file is made.
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
	const { data, error: e } = await supabase.rpc('list_records', { record_kind: kind, q: filters.q, unit_code: filters.unit, max_rows: MAX_ROWS });
	if (e) refusal(e);
	if (data.total > MAX_ROWS) error(400, `${data.total} records: narrow the export to at most ${MAX_ROWS} (choose a unit)`);
	const logged = await supabase.rpc('log_export', { record_kind: kind, export_format: format, row_count: data.rows.length, details: filters });
	if (logged.error) refusal(logged.error);

	const demo = data.rows.some((r) => r.is_demo) ? 'DEMO-' : '';
	const name = `${demo}hotspot-atlas-${kind}-${new Date().toISOString().slice(0, 10)}.${format}`;
	const headers = { 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'private, no-store' };
	if (format === 'geojson') {
		return new Response(JSON.stringify(exportGeojson(kind, data.rows)), { headers: { ...headers, 'content-type': 'application/geo+json' } });
	}
	const table = exportTable(kind, data.rows, locale);
	if (format === 'csv') return new Response(exportCsv(table), { headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' } });
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet(demo ? `${kind} (DEMO)` : kind);
	sheet.addRow(table.headers).font = { bold: true };
	sheet.addRows(table.rows);
	sheet.columns.forEach((c) => (c.width = 20));
	return new Response(await workbook.xlsx.writeBuffer(), {
		headers: { ...headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
	});
};
