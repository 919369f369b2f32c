import type { Db } from '../db';
import { GOTRUE_AUTH_SCHEMA_SQL, REQUIRED_AUTH_COLUMNS } from './gotrue-schema';

/**
 * The part of a Supabase database that supabase/migrations/ rely on, for databases that are not
 * Supabase (PGlite, a plain PostgreSQL server): the API roles with Supabase's timeouts, schema
 * extensions with PostGIS, and schema auth in GoTrue's shape (gotrue-schema.ts) with the
 * auth.uid()/auth.jwt()/auth.role() functions reading request.jwt.claims exactly as on Supabase.
 * Idempotent.
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

-- Databases made by earlier versions of the embedded server had their own session and token tables:
-- they give way to GoTrue's (everyone signs in once more); users are kept and given GoTrue's columns.
do $$
begin
  if exists (select 1 from information_schema.columns
             where table_schema = 'auth' and table_name = 'refresh_tokens' and column_name = 'token_hash') then
    drop table auth.refresh_tokens;
    drop table auth.sessions cascade;
    drop table if exists auth.login_attempts;
  end if;
end
$$;
${GOTRUE_AUTH_SCHEMA_SQL}
grant usage on schema auth to anon, authenticated, service_role;
grant execute on function auth.jwt(), auth.uid(), auth.role(), auth.email() to anon, authenticated, service_role;

-- Supabase's role timeouts (PostgREST applies them to each request of the role; so does rest.ts).
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- Supabase's default privileges: RLS, not grants, is the boundary (migrations revoke more).
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
`;

/** True when the database is a Supabase one (GoTrue keeps its migrations in auth.schema_migrations). */
export async function isSupabaseDatabase(db: Db): Promise<boolean> {
	const { rows } = await db.query<{ found: boolean }>(`select to_regclass('auth.schema_migrations') is not null as found`);
	return rows[0]?.found === true;
}

export async function applySupabaseShim(db: Db): Promise<void> {
	if (await isSupabaseDatabase(db)) return;
	await db.transaction((tx) => tx.exec(SUPABASE_SHIM_SQL));
}

/**
 * The embedded auth server's own state, outside GoTrue's schema: sign-in attempts for throttling
 * (per account and per client address). Made on every database the embedded server serves,
 * Supabase's included.
 */
const EMBEDDED_AUTH_SQL = `
create schema if not exists embedded_auth;
revoke all on schema embedded_auth from public;
create table if not exists embedded_auth.login_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip text not null,
  succeeded boolean not null,
  at timestamptz not null default now()
);
create index if not exists login_attempts_email_idx on embedded_auth.login_attempts (email, at);
create index if not exists login_attempts_ip_idx on embedded_auth.login_attempts (ip, at);
`;

/**
 * Refuses a database whose auth schema the embedded auth server cannot serve, naming what is missing.
 */
export async function checkAuthSchema(db: Db): Promise<void> {
	const { rows } = await db.query<{ table_name: string; column_name: string }>(
		`select table_name::text, column_name::text from information_schema.columns where table_schema = 'auth'`
	);
	const present = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
	const missing = Object.entries(REQUIRED_AUTH_COLUMNS).flatMap(([table, columns]) =>
		columns.filter((c) => !present.has(`${table}.${c}`)).map((c) => `auth.${table}.${c}`)
	);
	if (missing.length) {
		throw new Error(
			`this database's auth schema is not one the embedded auth server can serve: it lacks ${missing.slice(0, 8).join(', ')}` +
				`${missing.length > 8 ? ` and ${missing.length - 8} more` : ''}. It needs the tables of a current GoTrue (Supabase Auth, with identities.provider_id and sessions.aal); ` +
				'on a Supabase project let Supabase Auth serve sign-in (PUBLIC_SUPABASE_URL), see README "Deploy to Supabase".'
		);
	}
}

/** Makes the embedded auth server's own tables and checks it can serve the database's auth schema. */
export async function prepareEmbeddedAuth(db: Db): Promise<void> {
	await db.transaction((tx) => tx.exec(EMBEDDED_AUTH_SQL));
	await checkAuthSchema(db);
}
