import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { jsonBody, privateJson } from '$lib/server/http/request';
import { refusal } from '$lib/server/http/rpc';

const KINDS = ['briefing_slide'] as const;
const FORMATS = ['png'] as const;

/**
 * Records an export the browser makes itself (a slide saved as PNG) before the file is saved:
 * POST {kind: briefing_slide, format: png, details: {briefing, slide}}. The log adds the thresholds.
 */
export const POST: RequestHandler = async (event) => {
	requireUser(event);
	const body = await jsonBody(event.request);
	const kind = KINDS.find((k) => k === body.kind);
	const format = FORMATS.find((f) => f === body.format);
	if (!kind) error(400, `kind: ${KINDS.join(' or ')}`);
	if (!format) error(400, `format: ${FORMATS.join(' or ')}`);
	const details = typeof body.details === 'object' && body.details !== null && !Array.isArray(body.details) ? (body.details as Record<string, unknown>) : {};
	const { error: e } = await event.locals.supabase.rpc('log_export', {
		record_kind: kind,
		export_format: format,
		row_count: 1,
		details: { ...details, tier: 'export' }
	});
	if (e) refusal(e);
	return privateJson({ logged: true });
};
