import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/guards';
import { loadReport, reportDocx, reportPdf } from '$lib/server/report';
import { refusal } from '$lib/server/records';
import { embeddedBackend } from '$lib/server/backend';
import { isLocale } from '$lib/i18n/messages';

/** The periodic report as DOCX or PDF: ?unit=&period=&format=docx|pdf&lang=. Audited. */
export const GET: RequestHandler = async (event) => {
	requireUser(event);
	const params = event.url.searchParams;
	const format = params.get('format');
	if (format !== 'docx' && format !== 'pdf') error(400, 'format: docx or pdf');
	const lang = params.get('lang') ?? event.cookies.get('lang');
	const locale = isLocale(lang) ? lang : 'vi';
	const { supabase } = event.locals;
	const unit = params.get('unit') ?? '';
	const period = params.get('period') ?? '';
	const [report, vocabularies] = await Promise.all([loadReport(supabase, unit, period), supabase.rpc('record_vocabularies')]);
	if (vocabularies.error) refusal(vocabularies.error);
	const demo = (await embeddedBackend())?.demo ?? false;
	const bytes = format === 'docx' ? await reportDocx(report, locale, vocabularies.data, demo) : await reportPdf(report, locale, vocabularies.data, demo);
	const logged = await supabase.rpc('log_export', { record_kind: 'report', export_format: format, row_count: report.cases.length + report.outreach.length, details: { unit, period, k: report.k } });
	if (logged.error) refusal(logged.error);
	const name = `${demo ? 'DEMO-' : ''}bao-cao-${unit || 'toan-quoc'}-${period}.${format}`;
	return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
		headers: {
			'content-type': format === 'docx' ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'application/pdf',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
};
