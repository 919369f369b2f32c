/**
 * Users and sessions as GoTrue keeps them (auth.users, auth.identities, auth.sessions), shared by
 * the embedded auth server's sign-in (auth.ts) and its admin API (auth-admin.ts): the columns read,
 * the user object answered, errors in GoTrue's shape.
 */
import bcrypt from 'bcryptjs';
import { createHash } from 'node:crypto';
import type { Queryable } from '../db';

/** bcrypt's cost for stored passwords (GoTrue's default). */
export const BCRYPT_COST = 10;
/** A ban long enough to mean "disabled" (GoTrue's convention for ban_duration). */
export const DISABLED_BAN = '876000h';

export interface AuthOptions {
	/** Shortest password accepted when creating or changing one (10 outside demo mode). */
	minPasswordLength: number;
}

export interface UserRow {
	id: string;
	email: string;
	encrypted_password: string | null;
	banned_until: string | null;
	raw_app_meta_data: Record<string, unknown>;
	raw_user_meta_data: Record<string, unknown>;
	email_confirmed_at: string | null;
	last_sign_in_at: string | null;
	created_at: string;
	updated_at: string;
	banned: boolean;
}

export const USER_COLUMNS = `id, email, encrypted_password, banned_until, coalesce(raw_app_meta_data, '{}') as raw_app_meta_data,
	coalesce(raw_user_meta_data, '{}') as raw_user_meta_data, email_confirmed_at, last_sign_in_at, created_at, updated_at,
	coalesce(banned_until > now(), false) as banned`;
/** The users the e-mail sign-in knows (GoTrue's own rule: SSO and deleted users sign in elsewhere or not at all). */
export const EMAIL_USERS = `auth.users where not is_sso_user and deleted_at is null`;
/** GoTrue's instance id for a single-tenant project. */
export const INSTANCE_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Writes an e-mail user in GoTrue's shape, with the e-mail identity GoTrue makes with each one
 * (provider_id: the user id). Returns the user, or null when the address is taken (nothing written).
 * The auth admin API and the demo accounts both make their users here.
 */
export async function insertEmailUser(
	q: Queryable,
	user: { email: string; hash: string; confirmed: boolean; appMetadata: Record<string, unknown>; userMetadata?: Record<string, unknown>; ban?: string | null }
): Promise<UserRow | null> {
	const { rows } = await q.query<UserRow>(
		`insert into auth.users (instance_id, id, email, aud, role, encrypted_password, email_confirmed_at, raw_app_meta_data,
		   raw_user_meta_data, banned_until, created_at, updated_at)
		 values ($1, gen_random_uuid(), $2, 'authenticated', 'authenticated', $3, case when $4::boolean then now() end, $5::jsonb,
		         $6::jsonb, now() + $7::interval, now(), now())
		 on conflict (email) where is_sso_user = false do nothing
		 returning ${USER_COLUMNS}`,
		[INSTANCE_ID, user.email, user.hash, user.confirmed, JSON.stringify(user.appMetadata), JSON.stringify(user.userMetadata ?? {}), user.ban ?? null]
	);
	const created = rows[0];
	if (!created) return null;
	await q.query(
		`insert into auth.identities (provider_id, user_id, identity_data, provider, created_at, updated_at)
		 values ($1::text, $1::uuid, jsonb_build_object('sub', $1::text, 'email', $2::text, 'email_verified', $3::boolean, 'phone_verified', false),
		         'email', now(), now())`,
		[created.id, user.email, user.confirmed]
	);
	return created;
}

/**
 * Opens a session for a user in GoTrue's auth.sessions (which has no default id) and returns its id.
 * Used by the password grant and by server-side tooling that signs a user in without a password.
 */
export async function openSession(q: Queryable, userId: string): Promise<string> {
	const { rows } = await q.query<{ id: string }>(
		`insert into auth.sessions (id, user_id, created_at, updated_at, aal)
		 values (gen_random_uuid(), $1, now(), now(), 'aal1') returning id`,
		[userId]
	);
	return rows[0]!.id;
}

export class AuthError extends Error {
	constructor(
		readonly status: number,
		readonly errorCode: string,
		message: string
	) {
		super(message);
	}
}

export const json = (status: number, body: unknown) =>
	new Response(body === undefined ? null : JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
	});

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

// Compared against when the account does not exist, so unknown users take as long as known ones.
export const DUMMY_HASH = bcrypt.hashSync('no such user: constant-time decoy', BCRYPT_COST);

/** The user object GoTrue returns. */
export function userJson(u: UserRow) {
	return {
		id: u.id,
		aud: 'authenticated',
		role: 'authenticated',
		email: u.email,
		email_confirmed_at: iso(u.email_confirmed_at),
		confirmed_at: iso(u.email_confirmed_at),
		phone: '',
		last_sign_in_at: iso(u.last_sign_in_at),
		app_metadata: { provider: 'email', providers: ['email'], ...u.raw_app_meta_data },
		user_metadata: u.raw_user_meta_data ?? {},
		identities: [],
		banned_until: iso(u.banned_until),
		created_at: iso(u.created_at),
		updated_at: iso(u.updated_at),
		is_anonymous: false
	};
}

/** "876000h", "24h", "30m" → interval text; "none" → null. */
export function banInterval(duration: unknown): string | null {
	if (duration === 'none') return null;
	const match = typeof duration === 'string' ? /^(\d{1,7})(h|m|s)$/.exec(duration) : null;
	if (!match) throw new AuthError(400, 'validation_failed', 'ban_duration must be "none" or a duration like "24h"');
	return `${match[1]} ${{ h: 'hours', m: 'minutes', s: 'seconds' }[match[2] as 'h' | 'm' | 's']}`;
}

/** Hashes a password for auth.users.encrypted_password (also used to seed demo accounts). */
export function hashPassword(password: string): Promise<string> {
	return bcrypt.hash(password, BCRYPT_COST);
}

/** A request's JSON object body (at most 64 KiB). */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
	const text = await request.text();
	if (text.length > 64 * 1024) throw new AuthError(413, 'request_too_large', 'request body too large');
	if (!text) return {};
	try {
		const parsed = JSON.parse(text) as unknown;
		if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
	} catch {
		// answered below
	}
	throw new AuthError(400, 'bad_json', 'the body must be a JSON object');
}
