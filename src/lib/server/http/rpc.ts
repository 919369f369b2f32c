/**
 * The one seam between the app's server code and the database functions: a typed call that turns
 * a refusal into the app's answer once — its HTTP status from the SQLSTATE (PostgREST's own
 * convention: PTnnn → nnn), the database's words and hint, and the code, so a page can say it in
 * the reader's language without parsing sentences.
 */
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import type { PostgrestError, SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/supabase/database.types';
import type { ApiErrorBody } from '$lib/api';

type Functions = Database['public']['Functions'];
export type RpcName = keyof Functions;
export type RpcArgs<F extends RpcName> = Functions[F]['Args'];
export type RpcResult<F extends RpcName> = Functions[F]['Returns'];
type Client = SupabaseClient<Database>;
type Refusal = Pick<PostgrestError, 'code' | 'message' | 'hint'>;

/**
 * The app's HTTP status for a database refusal: 401 (session ended), 403 (not allowed), the PTnnn
 * the functions chose (404 not there, 409 changed since read), 400 for the request's own fault
 * (class 22 bad value, 23 constraint, P0001 raised), 503 when the server is short of something or
 * two writes collided (try again), 502 for anything else.
 */
export function refusalStatus(code: string | undefined): number {
	if (!code) return 502;
	if (/^PT[1-5]\d\d$/.test(code)) return Number(code.slice(2));
	if (code === '42501') return 403;
	if (code.startsWith('22') || code.startsWith('23') || code === 'P0001') return 400;
	if (code.startsWith('53') || code.startsWith('40') || code === '57014') return 503;
	return 502;
}

/** The database's words for a refusal, with its hint. */
export const refusalText = (e: Pick<Refusal, 'message' | 'hint'>): string => (e.hint ? `${e.message} (${e.hint})` : e.message);

/** What travels to the browser: words, and the code and hint apart. */
export const refusalBody = (e: Refusal): ApiErrorBody => ({
	message: refusalText(e),
	...(e.code ? { code: e.code } : {}),
	...(e.hint ? { hint: e.hint } : {})
});

/** A refusal as the HTTP error of an endpoint or load. */
export function refusal(e: Refusal): never {
	error(refusalStatus(e.code), refusalBody(e));
}

/** A refusal as a form action's failure (the form shows `message`). */
export const refusalFailure = <T extends Record<string, unknown> = Record<string, never>>(e: Refusal, extra?: T): ActionFailure<ApiErrorBody & T> =>
	fail(refusalStatus(e.code), { ...(extra as T), ...refusalBody(e) });

/** Calls a database function as the request's user; a refusal becomes the endpoint's HTTP error. */
export async function rpc<F extends RpcName>(
	supabase: Client,
	fn: F,
	...args: RpcArgs<F> extends Record<string, never> ? [] : [RpcArgs<F>]
): Promise<RpcResult<F>> {
	const { data, error: e } = await (supabase.rpc as (fn: string, args?: object) => PromiseLike<{ data: unknown; error: PostgrestError | null }>)(fn, args[0]);
	if (e) refusal(e);
	return data as RpcResult<F>;
}
