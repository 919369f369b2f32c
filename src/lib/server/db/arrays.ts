/** Quotes one element of a PostgreSQL array literal. */
function element(value: unknown): string {
	if (value === null || value === undefined) return 'NULL';
	if (Array.isArray(value)) return pgArray(value);
	const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * A PostgreSQL array literal ('{"a","b",NULL}') for a JSON array, to pass as one text parameter
 * cast to the array type. Works the same on PGlite and node-postgres.
 */
export function pgArray(values: readonly unknown[]): string {
	return `{${values.map(element).join(',')}}`;
}
