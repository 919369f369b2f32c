-- The same rules on a Supabase project as on the embedded backend (docs/SECURITY.md, "Backends").
--  * A signed-out token fails in SQL: PostgREST checks only a token's signature and expiry, so the
--    session check lives in the database (public.check_request, PostgREST's pre-request, and in
--    private.app_role / private.app_unit, which every role decision goes through).
--  * Domain errors carry SQLSTATEs that PostgREST maps to the intended status: PT404 (not there),
--    PT409 (changed since you read it); P0002 and 40001 were 500s on PostgREST.
--  * Long functions carry their own statement_timeout (PostgREST hoists it over the role's 8 s).
--  * Set-returning API functions return one JSON value (PostgREST caps row sets at max_rows).
--  * Table privileges SECURITY.md does not grant are revoked; raise_invalid is volatile.

-- Session check ------------------------------------------------------------------------------------
create function public.check_request() returns void
language plpgsql stable security definer set search_path = '' as $$
declare
  claims jsonb := auth.jwt();
  sid text := claims ->> 'session_id';
begin
  if coalesce(claims ->> 'role', '') <> 'authenticated' then
    return;
  end if;
  if sid is null or sid !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' or not exists (
    select 1 from auth.sessions s join auth.users u on u.id = s.user_id
    where s.id = sid::uuid and s.user_id = auth.uid() and (s.not_after is null or s.not_after > now())
      and (u.banned_until is null or u.banned_until <= now()) and u.deleted_at is null
  ) then
    raise exception using errcode = 'PT401', message = 'your session has ended: sign in again',
      hint = 'the session of this token was signed out, has expired or its account is disabled';
  end if;
end
$$;
comment on function public.check_request() is
  'PostgREST pre-request (pgrst.db_pre_request): refuses (401) a user token whose session has ended. Also called by private.app_role.';
revoke execute on function public.check_request() from public;
grant execute on function public.check_request() to anon, authenticated, service_role;

create or replace function private.app_role() returns text
language plpgsql stable security definer set search_path = '' as $$
begin
  perform public.check_request();
  return (select p.role from public.profiles p join auth.users u on u.id = p.user_id
          where p.user_id = (select auth.uid()) and (u.banned_until is null or u.banned_until <= now()));
end
$$;

create or replace function private.app_unit() returns uuid
language plpgsql stable security definer set search_path = '' as $$
begin
  perform public.check_request();
  return (select p.admin_unit_id from public.profiles p join auth.users u on u.id = p.user_id
          where p.user_id = (select auth.uid()) and (u.banned_until is null or u.banned_until <= now()));
end
$$;

-- On Supabase, PostgREST runs the check before every request. Where the platform does not let this
-- role set it, the checks in app_role/app_unit still hold (docs/SECURITY.md).
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'authenticator') then
    begin
      alter role authenticator set pgrst.db_pre_request = 'public.check_request';
      notify pgrst, 'reload config';
    exception when insufficient_privilege then
      raise warning 'could not register public.check_request as PostgREST pre-request: %', sqlerrm;
    end;
  end if;
end
$$;

-- Errors PostgREST maps as intended --------------------------------------------------------------
-- Every function raising P0002 (no such row) or 40001 (stale version) raises PT404 / PT409 instead.
do $$
declare
  f record;
  def text;
begin
  for f in
    select p.oid from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'private') and p.prosrc ~ $r$errcode = '(P0002|40001)'$r$
  loop
    def := pg_get_functiondef(f.oid);
    def := replace(replace(def, $r$errcode = 'P0002'$r$, $r$errcode = 'PT404'$r$), $r$errcode = '40001'$r$, $r$errcode = 'PT409'$r$);
    execute def;
  end loop;
end
$$;

-- An expression calling raise_invalid must not be folded at plan time (supabase db lint: 11 errors).
alter function private.raise_invalid(text, text, text) volatile;

-- Temporary tables made at run time, declared for plpgsql_check (supabase db lint); no-ops when run.
do $$
declare
  import_rows constant text := 'PRAGMA:TABLE: pg_temp.import_rows (i int, rec jsonb, pt extensions.geometry, unit uuid)';
  fn regprocedure;
  pragmas text[];
begin
  for fn, pragmas in select * from (values
    ('private.import_locate()'::regprocedure, array[import_rows]),
    ('private.import_duplicates(text)'::regprocedure, array[import_rows]),
    ('private.import_records_unchecked(text, jsonb, boolean)'::regprocedure, array[import_rows]),
    ('public.import_boundaries(jsonb, boolean)'::regprocedure, array['PRAGMA:TABLE: pg_temp.boundary_rows (i int, code text, '
      'name text, level text, g extensions.geometry, valid boolean, unit_id uuid, unit_code text, unit_name text, by text, candidates int)']),
    -- These two make temporary tables from queries (create table … as), which the checker cannot
    -- follow: they are left to the publication tests (supabase/tests/attacks.test.ts, map_layer.test.ts).
    ('private.case_pub_protect(integer)'::regprocedure, array['PRAGMA:DISABLE:CHECK']),
    ('private.build_case_publication()'::regprocedure, array['PRAGMA:DISABLE:CHECK'])) as v(fn, pragmas)
  loop
    execute regexp_replace(pg_get_functiondef(fn), '\nbegin\n',
      E'\nbegin\n' || (select string_agg(format('  perform %L;', p), E'\n') from unnest(pragmas) p) || E'\n');
  end loop;
end
$$;

-- Name keys are immutable SQL that PostgreSQL inlines into the import's queries; a SET clause would
-- stop that. They call only pg_catalog functions (always searched first) and schema-qualified
-- private ones, so a caller's search_path cannot change them: the advisor's
-- function_search_path_mutable warning on these four is a documented exception (docs/SECURITY.md).
comment on function private.name_key(text) is 'Folded name for duplicate checks. Advisor exception: no fixed search_path, to stay inlinable (docs/SECURITY.md).';
comment on function private.similar_names(text, text) is 'Names alike. Advisor exception: no fixed search_path, to stay inlinable (docs/SECURITY.md).';
comment on function private.similar_keys(text, text) is 'Name keys alike. Advisor exception: no fixed search_path, to stay inlinable (docs/SECURITY.md).';
comment on function private.unit_name_key(text) is 'Unit name without its kind. Advisor exception: no fixed search_path, to stay inlinable (docs/SECURITY.md).';

-- Statement timeouts of long functions --------------------------------------------------------------
-- The API roles have Supabase's timeouts (anon 3 s, authenticated 8 s). These may build the case
-- publication or write many rows; PostgREST (12.2+) and rest.ts apply a function's own timeout.
alter function public.import_records(text, jsonb, boolean) set statement_timeout = '5min';
alter function public.import_boundaries(jsonb, boolean) set statement_timeout = '5min';
alter function public.refresh_case_publication() set statement_timeout = '5min';
alter function public.map_layer(text, double precision[], double precision, jsonb, integer) set statement_timeout = '2min';
alter function public.layer_geojson(text, double precision[], jsonb) set statement_timeout = '2min';
alter function public.report_figures(jsonb, text) set statement_timeout = '2min';
alter function public.export_case_table(jsonb) set statement_timeout = '2min';
alter function public.export_case_points(double precision[], double precision, jsonb) set statement_timeout = '2min';
alter function public.case_publication_info() set statement_timeout = '2min';
alter function public.unit_indicators(text, jsonb) set statement_timeout = '2min';
alter function public.export_unit_indicators(text, jsonb) set statement_timeout = '2min';
alter function public.briefing_series(text, jsonb) set statement_timeout = '2min';
alter function public.approve_report(text, text, date, date) set statement_timeout = '2min';

-- One JSON value instead of a row set ------------------------------------------------------------------
drop function public.admin_unit_list();
create function public.admin_unit_list() returns jsonb
language sql stable security invoker set search_path = '' as $$
  select coalesce(jsonb_agg(jsonb_build_object('code', u.code, 'name', u.name, 'level', u.level, 'parent', p.code)
                            order by coalesce(p.name, u.name), u.level desc, u.name), '[]'::jsonb)
  from public.admin_units u left join public.admin_units p on p.id = u.parent_id
$$;
comment on function public.admin_unit_list() is 'Codes and names of the administrative units the caller may read, parents first (one JSON array).';
revoke execute on function public.admin_unit_list() from public, anon;
grant execute on function public.admin_unit_list() to authenticated, service_role;

drop function public.admin_list_users();
create function public.admin_list_users() returns jsonb
language plpgsql stable security definer set search_path = '' as $$
begin
  if private.app_role() is distinct from 'admin' then
    raise exception using errcode = '42501', message = 'only admins list users';
  end if;
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
             'user_id', u.id, 'email', u.email, 'role', p.role, 'admin_unit', a.code, 'display_name', p.display_name,
             'disabled', coalesce(u.banned_until > now(), false), 'last_sign_in_at', u.last_sign_in_at, 'created_at', u.created_at)
             order by u.email), '[]'::jsonb)
    from auth.users u
      left join public.profiles p on p.user_id = u.id
      left join public.admin_units a on a.id = p.admin_unit_id
    where not u.is_sso_user and u.deleted_at is null
  );
end
$$;
comment on function public.admin_list_users() is 'Every user with role, unit and whether disabled (one JSON array). Admins only.';
revoke execute on function public.admin_list_users() from public, anon;
grant execute on function public.admin_list_users() to authenticated, service_role;

-- The first admin of a Supabase project ----------------------------------------------------------------
-- `npm run cli -- create-admin` makes the user through the auth admin API and the profile here, with
-- the service key: no admin exists yet whose rights admin_set_profile could check.
create function public.service_set_profile(target_user uuid, new_role text, unit_code text default null,
  new_display_name text default null) returns void
language plpgsql volatile security definer set search_path = '' as $$
declare
  unit uuid;
begin
  if coalesce(auth.role(), '') <> 'service_role' then
    raise exception using errcode = '42501', message = 'only the service role sets profiles this way';
  end if;
  if new_role is null or new_role not in ('admin', 'planner', 'district_official', 'investigator', 'leader') then
    perform private.raise_invalid(format('unknown role "%s"', coalesce(new_role, 'null')),
      'role must be one of admin, planner, district_official, investigator, leader');
  end if;
  if not exists (select 1 from auth.users u where u.id = target_user) then
    raise exception using errcode = 'PT404', message = format('no user %s', target_user);
  end if;
  if unit_code is not null then
    select u.id into unit from public.admin_units u where u.code = unit_code;
    if unit is null then
      perform private.raise_invalid(format('unknown admin_unit "%s"', unit_code));
    end if;
  end if;
  if (new_role = 'district_official') <> (unit is not null) then
    perform private.raise_invalid('a district official needs an admin unit, and only a district official has one');
  end if;
  insert into public.profiles (user_id, role, admin_unit_id, display_name)
  values (target_user, new_role, unit, coalesce(new_display_name, new_role))
  on conflict (user_id) do update set role = excluded.role, admin_unit_id = excluded.admin_unit_id,
    display_name = coalesce(new_display_name, public.profiles.display_name);
  perform private.audit('service_set_profile', 'profiles', jsonb_build_object('user', target_user, 'role', new_role));
end
$$;
revoke execute on function public.service_set_profile(uuid, text, text, text) from public, anon, authenticated;
grant execute on function public.service_set_profile(uuid, text, text, text) to service_role;

-- Privileges SECURITY.md does not grant -----------------------------------------------------------------
revoke truncate, references, trigger on all tables in schema public from anon, authenticated;
alter default privileges in schema public revoke truncate, references, trigger on tables from anon, authenticated;

-- Whether the database holds generated demo data, for the DEMO label on every page (also before
-- sign-in, and on a Supabase project whose demo data `npm run demo` wrote).
create function public.holds_demo_data() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.app_settings where key = 'demo_data')
$$;
revoke execute on function public.holds_demo_data() from public;
grant execute on function public.holds_demo_data() to anon, authenticated, service_role;

-- API functions that decide nothing by role (reference lists, my_profile) check the session first,
-- so a signed-out token is refused by every function even where the pre-request is not registered.
do $$
declare
  f record;
  def text;
  checked text;
begin
  for f in
    select p.oid, l.lanname from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
    where n.nspname = 'public' and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
      and p.proname <> 'check_request' and p.prosrc !~ 'app_role|app_unit|check_request'
      and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
  loop
    def := pg_get_functiondef(f.oid);
    checked := case f.lanname
      -- An SQL function returns its last statement's value: the check goes first.
      when 'sql' then regexp_replace(def, 'AS \$function\$', E'AS $function$\n  select public.check_request();')
      when 'plpgsql' then regexp_replace(def, '\nbegin\n', E'\nbegin\n  perform public.check_request();\n')
    end;
    if checked is null or checked = def then
      raise exception 'could not add the session check to %', f.oid::regprocedure;
    end if;
    execute checked;
  end loop;
end
$$;
