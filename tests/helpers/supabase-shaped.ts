import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { GOTRUE_AUTH_SCHEMA_SQL } from '../../src/lib/server/embedded/gotrue-schema';
import { IN_CI, requirePart } from './environment';

/**
 * A database built the way Supabase builds its own (supabase/postgres init scripts and migrations,
 * GoTrue's migrations): the platform roles with their settings, `postgres` not a superuser, the auth
 * schema owned by supabase_auth_admin in GoTrue's shape, extensions in schema extensions. Not
 * reproducible here: supautils and safeupdate (no Debian packages), so the one extension the checks
 * need (plpgsql_check, for `supabase db lint`) is created by the superuser, as supautils would let
 * postgres do.
 */

/** Cluster-wide roles, made once per cluster (idempotent). */
const PLATFORM_ROLES_SQL = `
do $$
declare
  r text;
begin
  if not exists (select 1 from pg_roles where rolname = 'postgres') then
    create role postgres login;
  end if;
  alter role postgres nosuperuser createdb createrole login replication bypassrls;
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      execute format('create role %I nologin noinherit', r);
    end if;
    execute format('alter role %I inherit', r);
  end loop;
  alter role service_role bypassrls;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin login noinherit createrole noreplication;
  end if;
end
$$;
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role, supabase_auth_admin to postgres with admin option;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
alter role authenticator set statement_timeout = '8s';
alter role authenticator set lock_timeout = '8s';
alter role supabase_auth_admin set search_path = auth;
alter role postgres set search_path = "$user", public, extensions;
`;

/** One project's database, as supabase_admin makes it before GoTrue and the user's migrations run. */
const PROJECT_SQL = (database: string) => `
grant all on database ${database} to postgres;
grant create, connect on database ${database} to supabase_auth_admin;
grant all on schema public to postgres;
grant usage on schema public to anon, authenticated, service_role;
create schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
grant all on schema extensions to postgres;
create extension pgcrypto with schema extensions;
create extension postgis with schema extensions;
create extension plpgsql_check with schema extensions;
alter default privileges in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public grant all on sequences to anon, authenticated, service_role;
create schema auth authorization supabase_auth_admin;
grant usage on schema auth to anon, authenticated, service_role, postgres;
`;

/** What GoTrue makes when it first starts (as supabase_auth_admin): its migrations' tables. */
const GOTRUE_SQL = `
${GOTRUE_AUTH_SCHEMA_SQL}
create table auth.schema_migrations (version varchar(255) not null primary key);
insert into auth.schema_migrations values ('20251111201300');
create table auth.audit_log_entries (instance_id uuid, id uuid not null primary key, payload json, created_at timestamptz,
  ip_address varchar(64) not null default '');
alter table auth.users enable row level security;
alter table auth.identities enable row level security;
alter table auth.sessions enable row level security;
alter table auth.refresh_tokens enable row level security;
grant all on all tables in schema auth to postgres;
grant all on all sequences in schema auth to postgres;
grant execute on all functions in schema auth to postgres, anon, authenticated, service_role;
`;

export interface SupabaseShapedDatabase {
	/** As the project's owner sees it: postgres, not a superuser (the CLI's --db-url). */
	postgresUrl: string;
	/** As PostgREST connects: authenticator, which may only switch to the API roles. */
	authenticatorUrl: string;
	/** As GoTrue connects. */
	authAdminUrl: string;
	name: string;
	drop(): Promise<void>;
}

export const hasSupabaseShapedPostgres = () =>
	requirePart(
		'Supabase-shaped PostgreSQL',
		Boolean(process.env.TEST_SUPABASE_DATABASE_URL),
		'set TEST_SUPABASE_DATABASE_URL to a cluster whose superuser is supabase_admin (bash .ci/start-postgres.sh supabase)'
	);

async function run(url: string, sql: string): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

function withUser(base: string, user: string, database: string): string {
	const url = new URL(base);
	url.username = user;
	url.password = '';
	url.pathname = `/${database}`;
	return url.toString();
}

/** Makes a fresh Supabase-shaped database on the TEST_SUPABASE_DATABASE_URL cluster. */
export async function createSupabaseShapedDatabase(): Promise<SupabaseShapedDatabase> {
	const admin = process.env.TEST_SUPABASE_DATABASE_URL!;
	if (new URL(admin).username !== 'supabase_admin' && IN_CI) throw new Error('TEST_SUPABASE_DATABASE_URL must connect as supabase_admin');
	const name = `atlas_supabase_${randomBytes(4).toString('hex')}`;
	await run(admin, PLATFORM_ROLES_SQL);
	await run(admin, `create database ${name}`);
	await run(withUser(admin, 'supabase_admin', name), PROJECT_SQL(name));
	await run(withUser(admin, 'supabase_auth_admin', name), GOTRUE_SQL);
	return {
		name,
		postgresUrl: withUser(admin, 'postgres', name),
		authenticatorUrl: withUser(admin, 'authenticator', name),
		authAdminUrl: withUser(admin, 'supabase_auth_admin', name),
		drop: () => run(admin, `drop database if exists ${name} with (force)`)
	};
}
