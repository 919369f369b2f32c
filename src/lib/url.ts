/** A query string of the parameters that have a value (empty ones are left out). */
export function queryOf(params: Record<string, string>): string {
	return new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString();
}

/** The query string `search` with one parameter set (or replaced). */
export function withParam(search: string, key: string, value: string): string {
	const params = new URLSearchParams(search);
	params.set(key, value);
	return params.toString();
}
