import type { Db } from '../db';

/**
 * The part of a Supabase database that supabase/migrations/ rely on, for databases that are not
 * Supabase (PGlite, a plain PostgreSQL server): the API roles, schema extensions with PostGIS,
 * schema auth with auth.users and the auth.uid()/auth.jwt()/auth.role() functions reading the
 * request.jwt.claims setting exactly as on Supabase. Idempotent.
 */
export const SUPABASE_SHIM_SQL = `
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

create schema if not exists extensions;
create extension if not exists postgis with schema extensions;
grant usage on schema extensions to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  aud varchar(255),
  role varchar(255),
  email varchar(255) unique,
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb not null default '{}'::jsonb,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  banned_until timestamptz,
  is_anonymous boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Sessions and rotating refresh tokens of the embedded auth server (GoTrue keeps its own).
create table if not exists auth.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  refreshed_at timestamptz
);
create index if not exists sessions_user_idx on auth.sessions (user_id);

create table if not exists auth.refresh_tokens (
  id bigint generated always as identity primary key,
  -- SHA-256 of the token: a leaked table does not leak usable tokens.
  token_hash text not null unique,
  session_id uuid not null references auth.sessions (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  revoked boolean not null default false,
  parent bigint,
  created_at timestamptz not null default now()
);

-- Sign-in attempts, for throttling (per account and per client address).
create table if not exists auth.login_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip text not null,
  succeeded boolean not null,
  at timestamptz not null default now()
);
create index if not exists login_attempts_email_idx on auth.login_attempts (email, at);
create index if not exists login_attempts_ip_idx on auth.login_attempts (ip, at);

create or replace function auth.jwt() returns jsonb language sql stable as $f$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$f$;

create or replace function auth.uid() returns uuid language sql stable as $f$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$f$;

create or replace function auth.role() returns text language sql stable as $f$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$f$;

grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;

-- Supabase's default privileges: RLS, not grants, is the boundary (migrations revoke more).
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
`;

/** True when the database is a Supabase one (GoTrue keeps its migrations in auth.schema_migrations). */
export async function isSupabaseDatabase(db: Db): Promise<boolean> {
	const { rows } = await db.query<{ found: boolean }>(
		`select to_regclass('auth.schema_migrations') is not null as found`
	);
	return rows[0]?.found === true;
}

export async function applySupabaseShim(db: Db): Promise<void> {
	if (await isSupabaseDatabase(db)) return;
	await db.transaction((tx) => tx.exec(SUPABASE_SHIM_SQL));
}
