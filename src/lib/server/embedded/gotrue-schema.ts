/**
 * GoTrue's `auth` tables as its migrations leave them (supabase/auth, migrations up to
 * 20251111201300): users, identities, sessions and refresh_tokens, with the columns, constraints and
 * indexes the embedded auth server and supabase/migrations touch. Written as "create if missing,
 * then add each column if missing", so it both builds a new database and brings a database made by
 * an earlier version of the embedded server up to GoTrue's shape. The same database then works with
 * the embedded auth server and with GoTrue itself.
 *
 * What GoTrue does not have: no default for users.id or sessions.id (the writer chooses them), and
 * e-mail uniqueness is the partial index users_email_partial_key (where is_sso_user = false), so an
 * upsert names that predicate: `on conflict (email) where is_sso_user = false`.
 */
export const GOTRUE_AUTH_SCHEMA_SQL = `
create schema if not exists auth;

do $$ begin
  create type auth.aal_level as enum ('aal1', 'aal2', 'aal3');
exception when duplicate_object then null;
end $$;

create table if not exists auth.users (id uuid not null, constraint users_pkey primary key (id));
alter table auth.users
  alter column id drop default,
  add column if not exists instance_id uuid,
  add column if not exists aud varchar(255),
  add column if not exists role varchar(255),
  add column if not exists email varchar(255),
  add column if not exists encrypted_password varchar(255),
  add column if not exists email_confirmed_at timestamptz,
  add column if not exists invited_at timestamptz,
  add column if not exists confirmation_token varchar(255),
  add column if not exists confirmation_sent_at timestamptz,
  add column if not exists recovery_token varchar(255),
  add column if not exists recovery_sent_at timestamptz,
  add column if not exists email_change_token_new varchar(255),
  add column if not exists email_change varchar(255),
  add column if not exists email_change_sent_at timestamptz,
  add column if not exists last_sign_in_at timestamptz,
  add column if not exists raw_app_meta_data jsonb,
  add column if not exists raw_user_meta_data jsonb,
  add column if not exists is_super_admin boolean,
  add column if not exists created_at timestamptz,
  add column if not exists updated_at timestamptz,
  add column if not exists phone text default null,
  add column if not exists phone_confirmed_at timestamptz,
  add column if not exists phone_change text default '',
  add column if not exists phone_change_token varchar(255) default '',
  add column if not exists phone_change_sent_at timestamptz,
  add column if not exists email_change_token_current varchar(255) default '',
  add column if not exists email_change_confirm_status smallint default 0
    check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2),
  add column if not exists banned_until timestamptz,
  add column if not exists reauthentication_token varchar(255) default '',
  add column if not exists reauthentication_sent_at timestamptz,
  add column if not exists is_sso_user boolean not null default false,
  add column if not exists deleted_at timestamptz,
  add column if not exists is_anonymous boolean not null default false;
alter table auth.users
  add column if not exists confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored;
-- GoTrue dropped the plain unique constraint on email for this partial index (SSO users may share one).
alter table auth.users drop constraint if exists users_email_key;
create unique index if not exists users_email_partial_key on auth.users (email) where (is_sso_user = false);
create index if not exists users_instance_id_email_idx on auth.users (instance_id, lower(email));
create index if not exists users_instance_id_idx on auth.users (instance_id);
create index if not exists users_is_anonymous_idx on auth.users (is_anonymous);
do $$ begin
  alter table auth.users add constraint users_phone_key unique (phone);
exception when duplicate_table or duplicate_object then null;
end $$;

create table if not exists auth.identities (
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  id uuid not null default gen_random_uuid() primary key,
  constraint identities_provider_id_provider_unique unique (provider_id, provider)
);
create index if not exists identities_user_id_idx on auth.identities (user_id);
create index if not exists identities_email_idx on auth.identities (email text_pattern_ops);

create table if not exists auth.sessions (
  id uuid not null,
  user_id uuid not null,
  created_at timestamptz,
  updated_at timestamptz,
  constraint sessions_pkey primary key (id),
  constraint sessions_user_id_fkey foreign key (user_id) references auth.users (id) on delete cascade
);
alter table auth.sessions
  alter column id drop default,
  add column if not exists factor_id uuid,
  add column if not exists aal auth.aal_level,
  add column if not exists not_after timestamptz,
  add column if not exists refreshed_at timestamp without time zone,
  add column if not exists user_agent text,
  add column if not exists ip inet,
  add column if not exists tag text,
  add column if not exists oauth_client_id uuid,
  add column if not exists refresh_token_hmac_key text,
  add column if not exists refresh_token_counter bigint,
  add column if not exists scopes text check (char_length(scopes) <= 4096);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);
create index if not exists sessions_not_after_idx on auth.sessions (not_after desc);

create table if not exists auth.refresh_tokens (
  instance_id uuid,
  id bigserial not null,
  token varchar(255),
  user_id varchar(255),
  revoked boolean,
  created_at timestamptz,
  updated_at timestamptz,
  parent varchar(255),
  session_id uuid,
  constraint refresh_tokens_pkey primary key (id),
  constraint refresh_tokens_token_unique unique (token),
  constraint refresh_tokens_session_id_fkey foreign key (session_id) references auth.sessions (id) on delete cascade
);
create index if not exists refresh_tokens_instance_id_idx on auth.refresh_tokens (instance_id);
create index if not exists refresh_tokens_instance_id_user_id_idx on auth.refresh_tokens (instance_id, user_id);
create index if not exists refresh_tokens_parent_idx on auth.refresh_tokens (parent);
create index if not exists refresh_tokens_session_id_revoked_idx on auth.refresh_tokens (session_id, revoked);
create index if not exists refresh_tokens_updated_at_idx on auth.refresh_tokens (updated_at desc);

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

create or replace function auth.email() returns text language sql stable as $f$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$f$;
`;

/**
 * The columns the embedded auth server reads and writes. A database whose auth schema lacks one
 * (a GoTrue older than sessions with aal, or some other auth system) cannot be served.
 */
export const REQUIRED_AUTH_COLUMNS: Record<string, string[]> = {
	users: [
		'id',
		'instance_id',
		'aud',
		'role',
		'email',
		'encrypted_password',
		'email_confirmed_at',
		'last_sign_in_at',
		'raw_app_meta_data',
		'raw_user_meta_data',
		'banned_until',
		'is_sso_user',
		'deleted_at',
		'is_anonymous',
		'created_at',
		'updated_at'
	],
	identities: ['id', 'provider_id', 'user_id', 'identity_data', 'provider', 'created_at', 'updated_at'],
	sessions: ['id', 'user_id', 'created_at', 'updated_at', 'aal', 'not_after', 'refreshed_at'],
	refresh_tokens: ['id', 'instance_id', 'token', 'user_id', 'revoked', 'parent', 'session_id', 'created_at', 'updated_at']
};
