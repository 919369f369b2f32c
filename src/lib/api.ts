/**
 * The browser's one way to call the app's own endpoints (/api/…, page endpoints): JSON in and out,
 * and a failure as an ApiError carrying the status, the database's code when there is one, and
 * the words to show. Shared by pages and components; nothing here is server-only.
 */

/** The body of an error answer (SvelteKit's App.Error, the endpoints' JSON refusals). */
export interface ApiErrorBody {
	message: string;
	/** SQLSTATE or the app's own code (e.g. PT409: changed since it was read). */
	code?: string;
	hint?: string;
}

export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly code: string | null = null,
		/** The whole answer, for endpoints that send more than words (a form's field errors). */
		readonly body: unknown = null
	) {
		super(message);
		this.name = 'ApiError';
	}
}

/**
 * Fetches an endpoint: `json` is sent as the JSON body; the answer's JSON is returned (null when
 * there is none). A non-2xx answer throws ApiError with its message; an aborted request throws the
 * AbortError as fetch does.
 */
export async function api<T = unknown>(
	url: string,
	init: Omit<RequestInit, 'body'> & { json?: unknown; body?: BodyInit } = {},
	fetcher: typeof fetch = fetch
): Promise<T> {
	const { json, ...rest } = init;
	const headers = new Headers(rest.headers);
	if (json !== undefined) headers.set('content-type', 'application/json');
	// Errors come as JSON too (SvelteKit answers an HTML page to a request that does not ask for JSON).
	if (!headers.has('accept')) headers.set('accept', 'application/json');
	const response = await fetcher(url, { ...rest, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
	if (!response.ok) throw await refusalOf(response);
	const text = await response.text();
	return (text ? JSON.parse(text) : null) as T;
}

/** The ApiError of a failed answer: its JSON message and code, or its status when it is not JSON (a proxy's page). */
export async function refusalOf(response: Response): Promise<ApiError> {
	const text = await response.text().catch(() => '');
	let body: unknown;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		body = null;
	}
	const b = (body ?? {}) as Partial<ApiErrorBody>;
	return new ApiError(response.status, typeof b.message === 'string' ? b.message : `${response.status} ${response.statusText}`, b.code ?? null, body);
}
