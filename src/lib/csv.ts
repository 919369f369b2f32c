import Papa from 'papaparse';

/**
 * Every CSV the app writes: UTF-8 with a byte-order mark (Excel reads Vietnamese correctly), and a
 * text cell that starts with = + - @, a tab or a carriage return is prefixed with ' (papaparse's
 * escapeFormulae), so that a spreadsheet shows it instead of running it as a formula
 * (`=HYPERLINK(…)` typed into a record stays text). Numbers, negative ones included, stay numbers.
 */
export function toCsv(fields: string[], rows: unknown[][]): string {
	return '\uFEFF' + Papa.unparse({ fields, data: rows }, { escapeFormulae: true });
}
