/**
 * The embedded auth server's admin API (GoTrue's /admin/users, service role only): list, create,
 * read, update (password, ban, app metadata) and delete users. A disabled user, or one whose
 * password was reset, is signed out everywhere.
 */
import type { Db, Queryable } from '../db';
import {
	AuthError,
	banInterval,
	EMAIL_USERS,
	hashPassword,
	insertEmailUser,
	json,
	readJson,
	USER_COLUMNS,
	userJson,
	type AuthOptions,
	type UserRow
} from './auth-users';

export class AuthAdmin {
	constructor(
		private readonly db: Db,
		private readonly options: AuthOptions
	) {}

	/** /auth/v1/admin/users[/id], for a service-role caller (the handler checked the token). */
	async handle(request: Request, userId: string | undefined): Promise<Response> {
		if (!userId && request.method === 'GET') {
			const { rows } = await this.db.query<UserRow>(`select ${USER_COLUMNS} from ${EMAIL_USERS} order by email`);
			return json(200, { users: rows.map(userJson), aud: 'authenticated' });
		}
		if (!userId && request.method === 'POST') return json(200, await this.#createUser(await readJson(request)));
		if (userId && request.method === 'GET') return json(200, userJson(await this.#userById(this.db, userId)));
		if (userId && request.method === 'PUT') return json(200, await this.#updateUser(userId, await readJson(request)));
		if (userId && request.method === 'DELETE') {
			await this.db.query('delete from auth.users where id = $1', [userId]);
			return json(200, {});
		}
		throw new AuthError(405, 'method_not_allowed', `${request.method} is not allowed here`);
	}

	#checkPassword(password: unknown): string {
		if (typeof password !== 'string' || password.length < this.options.minPasswordLength) {
			throw new AuthError(422, 'weak_password', `Password should be at least ${this.options.minPasswordLength} characters.`);
		}
		if (password.length > 72) throw new AuthError(422, 'weak_password', 'Password should be at most 72 characters.');
		return password;
	}

	async #userById(q: Queryable, id: string): Promise<UserRow> {
		const { rows } = await q.query<UserRow>(`select ${USER_COLUMNS} from ${EMAIL_USERS} and id = $1`, [id]);
		if (!rows[0]) throw new AuthError(404, 'user_not_found', 'User not found');
		return rows[0];
	}

	async #createUser(body: Record<string, unknown>) {
		const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
		if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new AuthError(400, 'validation_failed', 'Unable to validate email address: invalid format');
		const hash = await hashPassword(this.#checkPassword(body.password));
		const ban = body.ban_duration === undefined ? null : banInterval(body.ban_duration);
		const appMetadata = { provider: 'email', providers: ['email'], ...(body.app_metadata ?? {}) };
		const user = await this.db.transaction((tx) =>
			insertEmailUser(tx, {
				email,
				hash,
				confirmed: body.email_confirm !== false,
				appMetadata,
				userMetadata: (body.user_metadata ?? {}) as Record<string, unknown>,
				ban
			})
		);
		if (!user) throw new AuthError(422, 'email_exists', 'A user with this email address has already been registered');
		return userJson(user);
	}

	async #updateUser(id: string, body: Record<string, unknown>) {
		const hash = body.password === undefined ? null : await hashPassword(this.#checkPassword(body.password));
		const banGiven = body.ban_duration !== undefined;
		const ban = banGiven ? banInterval(body.ban_duration) : null;
		return this.db.transaction(async (tx) => {
			await this.#userById(tx, id);
			const { rows } = await tx.query<UserRow>(
				`update auth.users set
				   encrypted_password = coalesce($2, encrypted_password),
				   banned_until = case when $3::boolean then now() + $4::interval else banned_until end,
				   raw_app_meta_data = case when $5::jsonb is null then raw_app_meta_data else raw_app_meta_data || $5::jsonb end,
				   updated_at = now()
				 where id = $1 returning ${USER_COLUMNS}`,
				[id, hash, banGiven, ban, body.app_metadata === undefined ? null : JSON.stringify(body.app_metadata)]
			);
			// A disabled user, or one whose password was reset, is signed out everywhere.
			if ((banGiven && ban !== null) || hash !== null) await tx.query('delete from auth.sessions where user_id = $1', [id]);
			return userJson(rows[0]!);
		});
	}
}
