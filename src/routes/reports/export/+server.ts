import { error, type RequestEvent } from '@sveltejs/kit';
import { jsonBody } from '$lib/server/http/request';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { loadReport, reportDocx, reportPdf } from '$lib/server/documents/report';
import { embeddedBackend } from '$lib/server/backend';
import { isLocale } from '$lib/i18n/messages';
import { refusal } from '$lib/server/http/rpc';

const PNG = /^data:image\/png;base64,[A-Za-z0-9+/=]+$/;

/**
 * The periodic report as DOCX or PDF at the export threshold: GET ?unit=&period=&format=docx|pdf&lang=&data=all|approved,
 * or POST the same as JSON with `map` (a PNG data URL of the unit's map, made by the browser). Audited with its thresholds.
 */
export const GET: RequestHandler = (event) => {
	const p = event.url.searchParams;
	return answer(event, {
		unit: p.get('unit') ?? '',
		period: p.get('period') ?? '',
		format: p.get('format'),
		lang: p.get('lang'),
		data: p.get('data'),
		map: null
	});
};
export const POST: RequestHandler = async (event) => {
	const body = await jsonBody(event.request);
	const map = typeof body.map === 'string' ? body.map : null;
	if (map !== null && !PNG.test(map)) error(400, 'map must be a PNG data URL');
	return answer(event, {
		unit: String(body.unit ?? ''),
		period: String(body.period ?? ''),
		format: body.format as string | null,
		lang: body.lang as string | null,
		data: body.data as string | null,
		map
	});
};

async function answer(
	event: RequestEvent,
	input: { unit: string; period: string; format: string | null; lang: string | null; data: string | null; map: string | null }
): Promise<Response> {
	requireUser(event);
	const { unit, period, format, map } = input;
	if (format !== 'docx' && format !== 'pdf') error(400, 'format: docx or pdf');
	const lang = input.lang ?? event.cookies.get('lang');
	const locale = isLocale(lang) ? lang : 'vi';
	const { supabase } = event.locals;
	const scope = input.data === 'approved' ? 'approved' : 'all';
	// The document leaves the system: the export threshold, whoever asks.
	const [report, vocabularies] = await Promise.all([loadReport(supabase, unit, period, 'export', scope), supabase.rpc('record_vocabularies')]);
	if (vocabularies.error) refusal(vocabularies.error);
	const demo = (await embeddedBackend())?.demo ?? false;
	const bytes =
		format === 'docx' ? await reportDocx(report, locale, vocabularies.data, demo, map) : await reportPdf(report, locale, vocabularies.data, demo, map);
	const logged = await supabase.rpc('log_export', {
		record_kind: 'report',
		export_format: format,
		row_count: report.cases.length + report.outreach.length,
		details: { unit, period, tier: report.tier, k: report.k, data: report.data, approved: report.approval !== null }
	});
	if (logged.error) refusal(logged.error);
	const name = `${demo ? 'DEMO-' : ''}bao-cao-${unit || 'toan-quoc'}-${period}.${format}`;
	return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
		headers: {
			'content-type': format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}
