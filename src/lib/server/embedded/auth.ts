import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../db';
import { signToken, verifyToken, TokenError, type Claims } from './jwt';
import { AuthAdmin } from './auth-admin';
import {
	AuthError,
	DUMMY_HASH,
	EMAIL_USERS,
	hashPassword,
	hashToken,
	INSTANCE_ID,
	json,
	openSession,
	readJson,
	USER_COLUMNS,
	userJson,
	type AuthOptions,
	type UserRow
} from './auth-users';

export { BCRYPT_COST, DISABLED_BAN, insertEmailUser, openSession, type AuthOptions } from './auth-users';

/** Access tokens live one hour, as on Supabase. */
export const ACCESS_TOKEN_SECONDS = 3600;
/**
 * A refresh token spent this many seconds ago or less still refreshes (GoTrue's
 * SECURITY_REFRESH_TOKEN_REUSE_INTERVAL, 10 s by default): a page whose access token ran out (a
 * device back online after a shift) sends several requests at once, each renewing with the same
 * token. Presented later, a spent token is a replay and ends the session.
 */
export const REFRESH_REUSE_SECONDS = 10;
/**
 * Throttling, decided per account: after MAX_FAILURES_PER_ACCOUNT failures (since its last sign-in,
 * within the window) each further attempt waits, 30 s doubling up to the window. An address with
 * MAX_FAILURES_PER_ADDRESS failures is refused only for accounts that have failed too, so users
 * behind one proxy address are never locked out by someone else's guesses.
 */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;
export const THROTTLE_WINDOW_MINUTES = 15;

/** Seconds an account waits after its latest failure, given its failures in the window. */
export function backoffSeconds(failures: number): number {
	if (failures < MAX_FAILURES_PER_ACCOUNT) return 0;
	return Math.min(THROTTLE_WINDOW_MINUTES * 60, 30 * 2 ** (failures - MAX_FAILURES_PER_ACCOUNT));
}

export interface RequestContext {
	/** The client's address, for throttling; the server passes the real peer address. */
	clientAddress: string;
}

/**
 * The embedded auth server: the GoTrue endpoints supabase-js v2 uses (password and refresh-token
 * grants, user, logout) and the admin user endpoints, with bcrypt password hashes in
 * auth.users.encrypted_password, rotating refresh tokens whose reuse (after GoTrue's reuse interval) revokes the session, and
 * throttled sign-in.
 */
export class AuthHandler {
	private readonly admin: AuthAdmin;

	constructor(
		private readonly db: Db,
		private readonly secret: Uint8Array,
		options: AuthOptions
	) {
		this.admin = new AuthAdmin(db, options);
	}

	async handle(request: Request, path: string, context: RequestContext): Promise<Response> {
		try {
			const url = new URL(request.url);
			const route = `${request.method} ${path}`;
			if (route === 'POST /auth/v1/token') {
				const grant = url.searchParams.get('grant_type');
				const body = await readJson(request);
				if (grant === 'password') return json(200, await this.#passwordGrant(body, context));
				if (grant === 'refresh_token') return json(200, await this.#refreshGrant(body));
				throw new AuthError(400, 'unsupported_grant_type', `unsupported grant_type "${grant}"`);
			}
			if (route === 'GET /auth/v1/user') return json(200, userJson(await this.#currentUser(request)));
			if (route === 'POST /auth/v1/logout') return await this.#logout(request, url.searchParams.get('scope') ?? 'global');
			const admin = /^\/auth\/v1\/admin\/users(?:\/([0-9a-f-]{36}))?$/.exec(path);
			if (admin) {
				if ((await this.#claims(request)).role !== 'service_role') throw new AuthError(403, 'not_admin', 'User not allowed');
				return await this.admin.handle(request, admin[1]);
			}
			throw new AuthError(404, 'not_found', `no auth route ${route}`);
		} catch (error) {
			if (error instanceof AuthError) return json(error.status, { code: error.status, error_code: error.errorCode, msg: error.message });
			if (error instanceof TokenError) return json(401, { code: 401, error_code: 'bad_jwt', msg: error.message });
			throw error;
		}
	}

	/** Hashes a password for auth.users.encrypted_password (also used to seed demo accounts). */
	static hashPassword(password: string): Promise<string> {
		return hashPassword(password);
	}

	async #passwordGrant(body: Record<string, unknown>, context: RequestContext) {
		const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
		const password = typeof body.password === 'string' ? body.password : '';
		if (!email || !password) throw new AuthError(400, 'validation_failed', 'email and password are required');

		// Decide and record the attempt in one transaction, serialised per account: concurrent guesses
		// each see the ones before them (recorded as failures until the password proves right).
		const attempt = await this.db.transaction(async (tx): Promise<{ refused: number } | { id: string }> => {
			await tx.query(`select pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('sign-in:' || $1))`, [email]);
			const { rows } = await tx.query<{ account: number; address: number; wait: number }>(
				`with since as (
				   select greatest(now() - make_interval(mins => $3), coalesce(max(at), '-infinity')) as t
				   from embedded_auth.login_attempts where email = $1 and succeeded)
				 select count(*) filter (where a.email = $1)::int as account,
				        count(*) filter (where a.ip = $2)::int as address,
				        coalesce(extract(epoch from now() - max(a.at) filter (where a.email = $1)), 0)::float8 as wait
				 from embedded_auth.login_attempts a, since
				 where not a.succeeded and a.at > since.t and (a.email = $1 or a.ip = $2)`,
				[email, context.clientAddress, THROTTLE_WINDOW_MINUTES]
			);
			const t = rows[0]!;
			const wait = Math.ceil(backoffSeconds(t.account) - t.wait);
			if (wait > 0) return { refused: wait };
			if (t.account > 0 && t.address >= MAX_FAILURES_PER_ADDRESS) return { refused: THROTTLE_WINDOW_MINUTES * 60 };
			const { rows: recorded } = await tx.query<{ id: string }>(
				'insert into embedded_auth.login_attempts (email, ip, succeeded) values ($1, $2, false) returning id',
				[email, context.clientAddress]
			);
			return { id: recorded[0]!.id };
		});
		if ('refused' in attempt) {
			const after = attempt.refused < 120 ? `${attempt.refused} s` : `${Math.ceil(attempt.refused / 60)} minutes`;
			throw new AuthError(429, 'over_request_rate_limit', `too many failed sign-ins: try again in ${after}`);
		}

		const { rows } = await this.db.query<UserRow>(`select ${USER_COLUMNS} from ${EMAIL_USERS} and lower(email) = $1`, [email]);
		const user = rows[0];
		const ok = await bcrypt.compare(password, user?.encrypted_password ?? DUMMY_HASH);
		// A disabled account answers exactly as a wrong password does, so that the answer tells nobody
		// whether the password was right.
		if (!ok || !user || user.banned) throw new AuthError(400, 'invalid_credentials', 'Invalid login credentials');
		await this.db.query('update embedded_auth.login_attempts set succeeded = true where id = $1', [attempt.id]);

		return this.db.transaction(async (tx) => {
			const { rows: updated } = await tx.query<UserRow>(
				`update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1 returning ${USER_COLUMNS}`,
				[user.id]
			);
			await tx.query(`update auth.identities set last_sign_in_at = now() where user_id = $1 and provider = 'email'`, [user.id]);
			return this.#session(tx, updated[0]!, await openSession(tx, user.id), null);
		});
	}

	async #refreshGrant(body: Record<string, unknown>) {
		const token = typeof body.refresh_token === 'string' ? body.refresh_token : '';
		if (!token) throw new AuthError(400, 'validation_failed', 'refresh_token is required');
		const result = await this.db.transaction(async (tx) => {
			const { rows } = await tx.query<{ id: string; token: string; session_id: string; revoked: boolean; recent: boolean; user_id: string }>(
				`select r.id, r.token, r.session_id, coalesce(r.revoked, false) as revoked, r.user_id,
				   r.updated_at > now() - make_interval(secs => $2) as recent
				 from auth.refresh_tokens r join auth.sessions s on s.id = r.session_id
				 where r.token = $1 and (s.not_after is null or s.not_after > now()) for update of r`,
				[hashToken(token), REFRESH_REUSE_SECONDS]
			);
			const row = rows[0];
			if (!row) return { error: new AuthError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found') };
			if (row.revoked && !row.recent) {
				// A spent token presented again: someone else may hold the family. End the session.
				await tx.query('delete from auth.sessions where id = $1', [row.session_id]);
				return { error: new AuthError(400, 'refresh_token_already_used', 'Invalid Refresh Token: Already Used') };
			}
			const { rows: users } = await tx.query<UserRow>(`select ${USER_COLUMNS} from ${EMAIL_USERS} and id = $1::uuid`, [row.user_id]);
			if (!users[0]) return { error: new AuthError(400, 'user_not_found', 'User not found') };
			if (users[0].banned) return { error: new AuthError(400, 'user_banned', 'User is banned') };
			// Spent just now by a request sent at the same time: a token of its own, the spent one unchanged.
			if (!row.revoked) await tx.query('update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1', [row.id]);
			await tx.query('update auth.sessions set refreshed_at = now(), updated_at = now() where id = $1', [row.session_id]);
			return { session: await this.#session(tx, users[0], row.session_id, row.token) };
		});
		if (result.error) throw result.error;
		return result.session;
	}

	/** Issues tokens for a session; parent is the stored form of the refresh token this one replaces. */
	async #session(tx: Queryable, user: UserRow, sessionId: string, parent: string | null) {
		const refreshToken = randomBytes(24).toString('base64url');
		// GoTrue's refresh_tokens.token column holds the SHA-256 of ours: a leaked table leaks no usable token.
		await tx.query(
			`insert into auth.refresh_tokens (instance_id, token, session_id, user_id, parent, revoked, created_at, updated_at)
			 values ($1, $2, $3, $4, $5, false, now(), now())`,
			[INSTANCE_ID, hashToken(refreshToken), sessionId, user.id, parent]
		);
		const now = Math.floor(Date.now() / 1000);
		const appMetadata = { provider: 'email', providers: ['email'], ...user.raw_app_meta_data };
		const accessToken = await signToken(
			this.secret,
			{
				role: 'authenticated',
				aud: 'authenticated',
				sub: user.id,
				email: user.email,
				session_id: sessionId,
				app_metadata: appMetadata,
				user_metadata: user.raw_user_meta_data ?? {},
				aal: 'aal1',
				amr: [{ method: parent === null ? 'password' : 'token', timestamp: now }],
				is_anonymous: false
			},
			ACCESS_TOKEN_SECONDS
		);
		return {
			access_token: accessToken,
			token_type: 'bearer',
			expires_in: ACCESS_TOKEN_SECONDS,
			expires_at: now + ACCESS_TOKEN_SECONDS,
			refresh_token: refreshToken,
			user: userJson(user)
		};
	}

	/** Verifies a bearer token and that its session and user are still active. */
	async #claims(request: Request): Promise<Claims> {
		const token = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
		if (!token) throw new AuthError(401, 'no_authorization', 'This endpoint requires a Bearer token');
		return verifyToken(this.secret, token);
	}

	async #currentUser(request: Request): Promise<UserRow> {
		const claims = await this.#claims(request);
		if (claims.role !== 'authenticated' || !claims.sub) throw new AuthError(401, 'bad_jwt', 'not a user token');
		const { rows } = await this.db.query<UserRow & { session_ok: boolean }>(
			`select ${USER_COLUMNS}, exists (select 1 from auth.sessions s where s.id = $2::uuid and s.user_id = $1
			   and (s.not_after is null or s.not_after > now())) as session_ok
			 from ${EMAIL_USERS} and id = $1`,
			[claims.sub, typeof claims.session_id === 'string' ? claims.session_id : null]
		);
		const user = rows[0];
		if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
		if (!user.session_ok) throw new AuthError(403, 'session_not_found', 'Session from session_id claim in JWT does not exist');
		if (user.banned) throw new AuthError(403, 'user_banned', 'User is banned');
		return user;
	}

	async #logout(request: Request, scope: string): Promise<Response> {
		const claims = await this.#claims(request);
		if (scope === 'global') await this.db.query('delete from auth.sessions where user_id = $1', [claims.sub]);
		else if (scope === 'others') await this.db.query('delete from auth.sessions where user_id = $1 and id <> $2::uuid', [claims.sub, claims.session_id]);
		else await this.db.query('delete from auth.sessions where id = $1::uuid', [claims.session_id]);
		return new Response(null, { status: 204 });
	}
}
