import { error } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import type { RequestHandler } from './$types';
import { requireUser } from '$lib/server/http/guards';
import { FIELDS, IMPORT_KINDS, type ImportKind } from '$lib/import/kinds';

/** An empty Excel template for a kind, headers in the reader's language (?lang=en for English). */
export const GET: RequestHandler = async (event) => {
	requireUser(event);
	const kind = event.params.kind as ImportKind;
	if (!IMPORT_KINDS.includes(kind)) error(404, `no template for "${kind}"`);
	const english = (event.url.searchParams.get('lang') ?? event.cookies.get('lang')) === 'en';
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet(kind);
	// Columns that are checked but not stored (the update date) are not asked for.
	const fields = FIELDS[kind].filter((f) => f.stored !== false);
	sheet.addRow(fields.map((f) => (english ? f.en : f.vi) + (f.required ? ' *' : '')));
	sheet.getRow(1).font = { bold: true };
	sheet.columns.forEach((c) => (c.width = 22));
	const buffer = await workbook.xlsx.writeBuffer();
	return new Response(buffer, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="mau-${kind}.xlsx"`
		}
	});
};
