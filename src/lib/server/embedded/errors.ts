/** PostgREST's error body. */
export interface ApiError {
	code: string;
	message: string;
	details: string | null;
	hint: string | null;
}

export function apiError(status: number, error: ApiError, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(error), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', ...headers }
	});
}

interface PgError {
	code?: string;
	message?: string;
	detail?: string;
	hint?: string;
}

/**
 * SQLSTATE → HTTP status exactly as PostgREST maps them (docs: "Errors → HTTP status codes"). The
 * functions choose their 4xx with PostgREST's own convention, SQLSTATE 'PTnnn' (PT404: not there,
 * PT409: changed since it was read, PT401: session ended).
 */
export function statusForSqlState(code: string, role: string): number {
	if (/^PT[1-5]\d\d$/.test(code)) return Number(code.slice(2));
	if (code === '42501') return role === 'anon' ? 401 : 403;
	if (code === '42883' || code === '42P01') return 404;
	if (code === '23503' || code === '23505') return 409;
	if (code === '25006') return 405;
	if (code === 'P0001') return 400;
	if (code === '42P17' || code === '53400') return 500;
	const cls = code.slice(0, 2);
	if (cls === '08' || cls === '53') return 503;
	if (['0L', '0P', '28'].includes(cls)) return 403;
	if (['09', '25', '2D', '38', '39', '3B', '40', '54', '55', '57', '58', 'F0', 'HV', 'XX', 'P0'].includes(cls)) return 500;
	return 400;
}

/** What users are told when the server runs out of something (the log has the path and the cause). */
const RESOURCE_MESSAGES: Record<string, string> = {
	'53100': 'the database disk is full: nothing was saved. Ask the administrator to free space on the server, then try again',
	'53200': 'the database ran out of memory: nothing was saved. Try again, or with less data at once',
	'53300': 'the database has too many connections: try again in a moment',
	'57014': 'the request took too long and was cancelled (statement timeout): nothing was saved. Try again with less data at once',
	'40001': 'two changes collided and this one was undone: nothing was saved. Try again',
	'40P01': 'two changes collided and this one was undone: nothing was saved. Try again'
};

/** A database error as PostgREST reports it; internal errors do not leak their text. */
export function databaseError(error: unknown, role: string): Response {
	const pgError = (error ?? {}) as PgError;
	const code = typeof pgError.code === 'string' ? pgError.code : 'XX000';
	const status = statusForSqlState(code, role);
	if (status >= 500) {
		console.error('[supabase] database error', code, pgError.message);
		return apiError(status, { code, message: RESOURCE_MESSAGES[code] ?? 'internal database error', details: null, hint: null });
	}
	return apiError(status, {
		code,
		message: pgError.message ?? 'database error',
		details: pgError.detail || null,
		hint: pgError.hint || null
	});
}
