/** The query string `search` with one parameter set (or replaced). */
export function withParam(search: string, key: string, value: string): string {
	const params = new URLSearchParams(search);
	params.set(key, value);
	return params.toString();
}
