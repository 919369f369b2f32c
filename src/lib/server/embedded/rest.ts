import type { Db } from '../db';
import { pgArray } from '../db/arrays';
import { apiError, databaseError } from './errors';
import { TokenError, verifyToken, type Claims } from './jwt';

/**
 * Largest request body accepted (the HTTP API answers 413 above it): room for an import of 100,000
 * checked records (about 12 MB of JSON), far below what would strain the server.
 */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** PostgREST's row cap for set-returning functions on a hosted Supabase project (db-max-rows). */
export const MAX_ROWS = 1000;
/** Role settings PostgREST applies to each request of the role it switches to (impersonated role settings). */
const ROLE_SETTINGS = new Set(['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout']);
/** Function settings PostgREST 12.2+ hoists into the request's transaction (db-hoisted-tx-settings). */
const HOISTED_SETTINGS = new Set(['statement_timeout', 'plan_filter.statement_cost_limit']);
/** Runs before every request, as PostgREST's db-pre-request (registered on Supabase by the migrations). */
const PRE_REQUEST = 'public.check_request';

interface FunctionSignature {
	argNames: string[];
	argTypes: string[];
	required: number;
	returnsSet: boolean;
	returnType: string;
	volatile: boolean;
	/** Settings the function declares (SET clauses) that PostgREST applies to the whole request. */
	hoisted: [string, string][];
}

/** "statement_timeout=8s" → ['statement_timeout', '8s'], for the settings wanted. */
function settingsOf(config: string[] | null, wanted: Set<string>): [string, string][] {
	return (config ?? []).flatMap((entry) => {
		const at = entry.indexOf('=');
		const name = entry.slice(0, at);
		return at > 0 && wanted.has(name) ? [[name, entry.slice(at + 1)] as [string, string]] : [];
	});
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A JSON argument as the text PostgreSQL casts to the parameter's type. */
function argumentText(value: unknown, type: string): string | null {
	if (value === null || value === undefined) return null;
	if (type === 'json' || type === 'jsonb') return JSON.stringify(value);
	if (type.endsWith('[]') && Array.isArray(value)) return pgArray(value);
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

class RestError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details: string | null = null,
		readonly hint: string | null = null
	) {
		super(message);
	}
	response(): Response {
		return apiError(this.status, { code: this.code, message: this.message, details: this.details, hint: this.hint });
	}
}

/**
 * The PostgREST subset supabase-js uses for rpc: POST or GET /rest/v1/rpc/<fn>. Each request
 * verifies its JWT, then runs in one transaction as PostgREST runs it: read only for GET and for
 * functions that are not volatile; `role` and `request.jwt.claims` set locally; the role's settings
 * (Supabase: anon 3 s, authenticated 8 s statement_timeout) and the function's own statement_timeout
 * applied; the pre-request check (a signed-out session is a 401); row sets capped at max_rows. So
 * what passes here passes on Supabase.
 */
export class RestHandler {
	readonly #signatures = new Map<string, FunctionSignature[]>();
	#roleSettings: Promise<Map<string, [string, string][]>> | null = null;

	private readonly maxRows: number;
	private readonly preRequest: boolean;

	/**
	 * options.preRequest false runs requests as a Supabase project whose platform would not register
	 * the pre-request (the SQL functions must then refuse ended sessions themselves; tests check it).
	 */
	constructor(
		private readonly db: Db,
		private readonly secret: Uint8Array,
		options: { maxRows?: number; preRequest?: boolean } = {}
	) {
		this.maxRows = options.maxRows ?? MAX_ROWS;
		this.preRequest = options.preRequest ?? true;
	}

	async handle(request: Request, path: string): Promise<Response> {
		try {
			const match = /^\/rest\/v1\/rpc\/([^/]+)$/.exec(path);
			if (!match) throw new RestError(404, 'PGRST125', `no route for ${path}: only /rest/v1/rpc/<function> is served`);
			if (request.method !== 'POST' && request.method !== 'GET') {
				throw new RestError(405, 'PGRST117', `method ${request.method} is not allowed for rpc`);
			}
			const claims = await this.#authenticate(request);
			const name = decodeURIComponent(match[1]!);
			const args = request.method === 'GET' ? queryArgs(new URL(request.url)) : await bodyArgs(request);
			return await this.#call(name, args, claims, request.method === 'GET');
		} catch (error) {
			if (error instanceof RestError) return error.response();
			if (error instanceof TokenError) {
				return apiError(
					401,
					{ code: error.code, message: error.message, details: null, hint: null },
					{
						'www-authenticate': `Bearer error="invalid_token", error_description="${error.message}"`
					}
				);
			}
			return databaseError(error, 'anon');
		}
	}

	async #authenticate(request: Request): Promise<Claims> {
		const header = request.headers.get('authorization');
		const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
		const token = bearer ?? request.headers.get('apikey');
		if (!token) throw new RestError(401, 'PGRST301', 'No API key found in request', null, 'send the anon key as apikey');
		// Signature, expiry and audience here; whether the session still exists is the pre-request's
		// question, asked in SQL as on Supabase.
		return verifyToken(this.secret, token);
	}

	/** The API roles' settings, read once as PostgREST reads them (pg_db_role_setting). */
	#settingsOfRole(role: string): Promise<[string, string][]> {
		this.#roleSettings ??= this.db
			.query<{ role: string; config: string[] }>(
				`select r.rolname::text as role, s.setconfig as config
				 from pg_catalog.pg_db_role_setting s join pg_catalog.pg_roles r on r.oid = s.setrole
				 where s.setdatabase in (0, (select d.oid from pg_catalog.pg_database d where d.datname = current_database()))
				   and r.rolname in ('anon', 'authenticated', 'service_role')
				 order by s.setdatabase`
			)
			.then(({ rows }) => {
				const byRole = new Map<string, [string, string][]>();
				// Database-specific settings come last and win, as in PostgreSQL.
				for (const row of rows) byRole.set(row.role, [...(byRole.get(row.role) ?? []), ...settingsOf(row.config, ROLE_SETTINGS)]);
				return byRole;
			});
		return this.#roleSettings.then((m) => m.get(role) ?? []);
	}

	async #signature(name: string, argNames: string[]): Promise<FunctionSignature> {
		if (!IDENTIFIER.test(name)) throw new RestError(404, 'PGRST202', `Could not find the function public.${name}`);
		let candidates = this.#signatures.get(name);
		if (!candidates) {
			const { rows } = await this.db.query<{
				arg_names: string[] | null;
				arg_types: string[];
				defaults: number;
				returns_set: boolean;
				return_type: string;
				volatility: string;
				config: string[] | null;
			}>(
				`select case when p.proargmodes is null then coalesce(p.proargnames, '{}')
				        else array(select a.n from unnest(p.proargnames, p.proargmodes::text[]) as a(n, m) where a.m in ('i', 'b', 'v'))
				        end as arg_names,
				        array(select format_type(t, null) from unnest(p.proargtypes) t) as arg_types,
				        p.pronargdefaults::int as defaults, p.proretset as returns_set,
				        format_type(p.prorettype, null) as return_type, p.provolatile::text as volatility, p.proconfig as config
				 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
				 where n.nspname = 'public' and p.proname = $1 and p.prokind = 'f'`,
				[name]
			);
			candidates = rows.map((row) => ({
				argNames: (row.arg_names ?? []).slice(0, row.arg_types.length),
				argTypes: row.arg_types,
				required: row.arg_types.length - row.defaults,
				returnsSet: row.returns_set,
				returnType: row.return_type,
				volatile: row.volatility === 'v',
				hoisted: settingsOf(row.config, HOISTED_SETTINGS)
			}));
			this.#signatures.set(name, candidates);
		}
		const found = candidates.find((c) => argNames.every((a) => c.argNames.includes(a)) && c.argNames.slice(0, c.required).every((a) => argNames.includes(a)));
		if (!found) {
			throw new RestError(
				404,
				'PGRST202',
				`Could not find the function public.${name}(${[...argNames].sort().join(', ')}) in the schema cache`,
				candidates.length ? `known signatures: ${candidates.map((c) => `${name}(${c.argNames.join(', ')})`).join('; ')}` : null
			);
		}
		return found;
	}

	async #call(name: string, args: Record<string, unknown>, claims: Claims, get: boolean): Promise<Response> {
		const fn = await this.#signature(name, Object.keys(args));
		// PostgREST's access mode: GET is read only; so is POST to a stable or immutable function.
		const readOnly = get || !fn.volatile;
		const names = Object.keys(args);
		const params = names.map((n) => argumentText(args[n], fn.argTypes[fn.argNames.indexOf(n)]!));
		// Arguments go as text and PostgreSQL casts them, as PostgREST does: a bad value ("maybe" for a
		// boolean) is the database's 22P02 (400), not a client-library error without a code (500).
		const call = `public.${name}(${names.map((n, i) => `${n} => $${i + 1}::text::${fn.argTypes[fn.argNames.indexOf(n)]}`).join(', ')})`;
		const sql = fn.returnsSet
			? `select coalesce(json_agg(t), '[]')::text as body from (select * from ${call} limit ${this.maxRows}) t`
			: fn.returnType === 'void'
				? `select ${call}, null::text as body`
				: `select to_json(${call})::text as body`;

		const settings = [...(await this.#settingsOfRole(String(claims.role))), ...fn.hoisted];
		let body: string | null;
		try {
			body = await this.db.transaction(async (tx) => {
				if (readOnly) await tx.query('set transaction read only');
				await tx.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [claims.role, JSON.stringify(claims)]);
				for (const [setting, value] of settings) await tx.query('select set_config($1, $2, true)', [setting, value]);
				if (this.preRequest) await tx.query(`select ${PRE_REQUEST}()`);
				const { rows } = await tx.query<{ body: string | null }>(sql, params);
				return rows[0]?.body ?? null;
			});
		} catch (error) {
			return databaseError(error, claims.role);
		}
		if (body === null && fn.returnType === 'void') return new Response(null, { status: 204 });
		return new Response(body ?? 'null', { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
	}
}

function queryArgs(url: URL): Record<string, unknown> {
	return Object.fromEntries(url.searchParams.entries());
}

async function bodyArgs(request: Request): Promise<Record<string, unknown>> {
	const declared = Number(request.headers.get('content-length') ?? '0');
	if (declared > MAX_BODY_BYTES) throw new RestError(413, 'PGRST413', `request body over ${MAX_BODY_BYTES} bytes`);
	const text = await readLimited(request);
	if (text.trim() === '') return {};
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw new RestError(400, 'PGRST102', 'Empty or invalid json', 'the body must be a JSON object of named arguments');
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new RestError(400, 'PGRST102', 'the body must be a JSON object of named arguments');
	}
	return parsed as Record<string, unknown>;
}

async function readLimited(request: Request): Promise<string> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > MAX_BODY_BYTES) {
			await reader.cancel();
			throw new RestError(413, 'PGRST413', `request body over ${MAX_BODY_BYTES} bytes`);
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}
