import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { jsonBody } from '$lib/server/http/request';
import { loadBriefing } from '$lib/server/documents/briefings';
import { briefingPdf } from '$lib/server/documents/briefing-pdf';
import { isLocale } from '$lib/i18n/messages';
import { embeddedBackend } from '$lib/server/backend';
import { fileName } from '$lib/briefings/capture';
import { refusal } from '$lib/server/http/rpc';

const PNG = /^data:image\/png;base64,[A-Za-z0-9+/=]+$/;

/**
 * The briefing as PDF: POST {maps: {slideId: PNG data URL}, lang}. Charts, figures and tables are
 * drawn from the export tier (briefing_series); the export is recorded in the audit log with the
 * thresholds.
 */
export const POST: RequestHandler = async (event) => {
	requireUser(event);
	const body = await jsonBody(event.request);
	const maps = (body.maps ?? {}) as Record<string, unknown>;
	for (const [id, png] of Object.entries(maps)) if (typeof png !== 'string' || !PNG.test(png)) error(400, `maps.${id} must be a PNG data URL`);
	const saved = event.cookies.get('lang');
	const locale = isLocale(body.lang as string) ? (body.lang as 'vi' | 'en') : isLocale(saved) ? saved : 'vi';
	const { supabase } = event.locals;
	const [{ briefing, data }, vocabularies] = await Promise.all([loadBriefing(supabase, event.params.id), supabase.rpc('record_vocabularies')]);
	if (vocabularies.error) refusal(vocabularies.error);
	const demo = briefing.is_demo || ((await embeddedBackend())?.demo ?? false);
	const { bytes, pages } = await briefingPdf({ briefing, data, maps: maps as Record<string, string>, locale, vocabularies: vocabularies.data, demo });
	const logged = await supabase.rpc('log_export', {
		record_kind: 'briefing',
		export_format: 'pdf',
		row_count: pages,
		details: { briefing: briefing.id, slides: briefing.slides.length, tier: 'export' }
	});
	if (logged.error) refusal(logged.error);
	return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${demo ? 'DEMO-' : ''}${fileName(briefing.title, 'pdf')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
