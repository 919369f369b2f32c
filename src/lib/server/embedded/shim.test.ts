import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../db/pglite';
import type { Db } from '../db';
import { applySupabaseShim, checkAuthSchema, prepareEmbeddedAuth } from './shim';

/** The auth tables as the embedded server made them before it took GoTrue's shapes. */
const EARLIER_AUTH = `
create schema auth;
create table auth.users (
  id uuid primary key default gen_random_uuid(), aud varchar(255), role varchar(255), email varchar(255) unique,
  encrypted_password varchar(255), email_confirmed_at timestamptz, last_sign_in_at timestamptz,
  raw_app_meta_data jsonb not null default '{}'::jsonb, raw_user_meta_data jsonb not null default '{}'::jsonb,
  banned_until timestamptz, is_anonymous boolean not null default false,
  created_at timestamptz not null default now(), updated_at timestamptz not null default now());
create table auth.sessions (id uuid primary key default gen_random_uuid(), user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(), refreshed_at timestamptz);
create table auth.refresh_tokens (id bigint generated always as identity primary key, token_hash text not null unique,
  session_id uuid not null references auth.sessions (id) on delete cascade, user_id uuid not null references auth.users (id) on delete cascade,
  revoked boolean not null default false, parent bigint, created_at timestamptz not null default now());
create table auth.login_attempts (id bigint generated always as identity primary key, email text not null, ip text not null,
  succeeded boolean not null, at timestamptz not null default now());
insert into auth.users (email, aud, role, encrypted_password) values ('kept@province.gov.vn', 'authenticated', 'authenticated', '$2a$10$x');
insert into auth.sessions (user_id) select id from auth.users;
`;

describe('the auth schema of the embedded server', () => {
	let db: Db;
	beforeAll(async () => {
		db = await openPglite();
		await db.exec(EARLIER_AUTH);
		await applySupabaseShim(db);
	});
	afterAll(() => db.close());

	it("brings an earlier embedded database to GoTrue's shapes, keeping its users and dropping its own sessions", async () => {
		const { rows: users } = await db.query<{ email: string; is_sso_user: boolean; has_default: boolean }>(
			`select u.email, u.is_sso_user,
			   (select column_default is not null from information_schema.columns where table_schema = 'auth' and table_name = 'users' and column_name = 'id') as has_default
			 from auth.users u`
		);
		expect(users).toEqual([{ email: 'kept@province.gov.vn', is_sso_user: false, has_default: false }]);
		const { rows: sessions } = await db.query<{ n: number }>('select count(*)::int as n from auth.sessions');
		expect(sessions[0]!.n).toBe(0);
		const { rows: tables } = await db.query<{ t: string }>(
			`select table_schema || '.' || table_name as t from information_schema.tables where table_name = 'login_attempts'`
		);
		expect(tables).toEqual([]);
		await expect(checkAuthSchema(db)).resolves.toBeUndefined();
		// E-mail uniqueness is GoTrue's partial index: the upsert names its predicate, SSO users may share an address.
		await db.exec(`insert into auth.users (id, email, is_sso_user) values (gen_random_uuid(), 'kept@province.gov.vn', true)`);
		const { rows: upsert } = await db.query(
			`insert into auth.users (id, email) values (gen_random_uuid(), 'kept@province.gov.vn')
			 on conflict (email) where is_sso_user = false do nothing returning id`
		);
		expect(upsert).toEqual([]);
	});

	it('is applied twice without change, and refuses an auth schema it cannot serve, naming what is missing', async () => {
		await applySupabaseShim(db);
		await prepareEmbeddedAuth(db);
		const { rows } = await db.query<{ n: number }>('select count(*)::int as n from embedded_auth.login_attempts');
		expect(rows[0]!.n).toBe(0);
		await db.exec('alter table auth.sessions drop column aal; alter table auth.identities drop column provider_id');
		await expect(prepareEmbeddedAuth(db)).rejects.toThrow(/lacks auth\.identities\.provider_id, auth\.sessions\.aal/);
	});
});
