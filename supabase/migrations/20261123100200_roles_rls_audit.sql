-- Roles, row-level security and the audit trail.
-- RLS is the security boundary; the UI only mirrors it. The matrix is in docs/SECURITY.md.
-- Helpers live in schema private, which the HTTP API does not expose.

revoke all on schema private from public;
grant usage on schema private to authenticated, service_role;

-- The caller's application role, or null (anon, unknown or disabled, i.e. banned, user).
create function private.app_role() returns text
language sql stable security definer set search_path = '' as $$
  select p.role from public.profiles p join auth.users u on u.id = p.user_id
  where p.user_id = (select auth.uid()) and (u.banned_until is null or u.banned_until <= now())
$$;
comment on function private.app_role() is 'Application role of the calling user from public.profiles; null for anon or disabled (banned) users.';

-- The unit a district official is responsible for.
create function private.app_unit() returns uuid
language sql stable security definer set search_path = '' as $$
  select p.admin_unit_id from public.profiles p join auth.users u on u.id = p.user_id
  where p.user_id = (select auth.uid()) and (u.banned_until is null or u.banned_until <= now())
$$;

-- A unit and all of its descendants.
create function private.unit_descendants(root uuid) returns setof uuid
language sql stable security definer set search_path = '' as $$
  with recursive down as (
    select u.id from public.admin_units u where u.id = root
    union all
    select c.id from public.admin_units c join down d on c.parent_id = d.id
  )
  select id from down
$$;

-- True when the unit lies inside the calling district official's own unit.
create function private.unit_in_scope(unit uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  with recursive up as (
    select u.id, u.parent_id from public.admin_units u where u.id = unit
    union all
    select p.id, p.parent_id from public.admin_units p join up on p.id = up.parent_id
  )
  select exists (select 1 from up where up.id = private.app_unit())
$$;

-- May the caller write site data (zones, boarding houses, outreach, model sites) in this unit?
create function private.can_edit_unit(unit uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select case private.app_role()
    when 'admin' then true
    when 'district_official' then private.unit_in_scope(unit)
    else false
  end
$$;

create function private.audit(action text, target text, details jsonb) returns void
language sql volatile security definer set search_path = '' as $$
  insert into public.audit_log (actor, actor_role, action, target, details)
  values ((select auth.uid()), coalesce(private.app_role(), current_user), action, target, details)
$$;
comment on function private.audit(text, text, jsonb) is 'Appends to audit_log as the definer: callers cannot write the log directly.';

-- Statement-level audit of writes: one row per statement with the ids it touched (at most 1000).
create function private.audit_writes() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  ids jsonb;
  n bigint;
begin
  if tg_op = 'DELETE' then
    select count(*), jsonb_agg(id) filter (where rn <= 1000) into n, ids
    from (select coalesce(to_jsonb(o) -> 'id', to_jsonb(o) -> 'user_id') as id, row_number() over () as rn
          from old_rows o) t;
  else
    select count(*), jsonb_agg(id) filter (where rn <= 1000) into n, ids
    from (select coalesce(to_jsonb(r) -> 'id', to_jsonb(r) -> 'user_id') as id, row_number() over () as rn
          from new_rows r) t;
  end if;
  if n > 0 then
    perform private.audit(lower(tg_op), tg_table_name, jsonb_build_object('rows', n, 'ids', ids));
  end if;
  return null;
end
$$;

do $$
declare
  t text;
begin
  foreach t in array array['admin_units', 'border_features', 'industrial_zones', 'boarding_houses',
    'campaigns', 'outreach_activities', 'model_sites', 'cases', 'deployments', 'profiles', 'app_settings']
  loop
    if t <> 'app_settings' then
      execute format('create trigger %I after insert on public.%I referencing new table as new_rows
        for each statement execute function private.audit_writes()', t || '_audit_insert', t);
      execute format('create trigger %I after update on public.%I referencing new table as new_rows
        for each statement execute function private.audit_writes()', t || '_audit_update', t);
      execute format('create trigger %I after delete on public.%I referencing old table as old_rows
        for each statement execute function private.audit_writes()', t || '_audit_delete', t);
    end if;
  end loop;
end
$$;

-- Row-level security on every table. anon has no policy and no privilege anywhere.
alter table public.neighbour_countries enable row level security;
alter table public.case_types enable row level security;
alter table public.outreach_forms enable row level security;
alter table public.model_site_kinds enable row level security;
alter table public.app_settings enable row level security;
alter table public.admin_units enable row level security;
alter table public.border_features enable row level security;
alter table public.industrial_zones enable row level security;
alter table public.boarding_houses enable row level security;
alter table public.campaigns enable row level security;
alter table public.outreach_activities enable row level security;
alter table public.model_sites enable row level security;
alter table public.cases enable row level security;
alter table public.deployments enable row level security;
alter table public.profiles enable row level security;
alter table public.audit_log enable row level security;

revoke all on all tables in schema public from anon;
revoke all on all sequences in schema public from anon;
revoke all on all tables in schema public from authenticated;
grant select on all tables in schema public to authenticated;
grant insert, update, delete on public.admin_units, public.border_features, public.industrial_zones,
  public.boarding_houses, public.campaigns, public.outreach_activities, public.model_sites,
  public.cases, public.deployments, public.profiles, public.app_settings,
  public.neighbour_countries, public.case_types, public.outreach_forms, public.model_site_kinds
  to authenticated;

-- Any signed-in user with an active role reads the reference and site layers.
-- Admins maintain vocabularies, settings and administrative units.
do $$
declare
  t text;
begin
  foreach t in array array['neighbour_countries', 'case_types', 'outreach_forms', 'model_site_kinds',
    'app_settings', 'admin_units', 'border_features', 'industrial_zones', 'boarding_houses',
    'campaigns', 'outreach_activities', 'model_sites', 'deployments']
  loop
    execute format('create policy %I on public.%I for select to authenticated
      using ((select private.app_role()) is not null)', t || '_select_any_role', t);
  end loop;

  foreach t in array array['neighbour_countries', 'case_types', 'outreach_forms', 'model_site_kinds',
    'app_settings', 'admin_units']
  loop
    execute format('create policy %I on public.%I for insert to authenticated
      with check ((select private.app_role()) = ''admin'')', t || '_insert_admin', t);
    execute format('create policy %I on public.%I for update to authenticated
      using ((select private.app_role()) = ''admin'') with check ((select private.app_role()) = ''admin'')',
      t || '_update_admin', t);
    execute format('create policy %I on public.%I for delete to authenticated
      using ((select private.app_role()) = ''admin'')', t || '_delete_admin', t);
  end loop;

  -- Planners (border guard, police) maintain border features, campaigns and deployments.
  foreach t in array array['border_features', 'campaigns', 'deployments']
  loop
    execute format('create policy %I on public.%I for insert to authenticated
      with check ((select private.app_role()) in (''admin'', ''planner''))', t || '_insert_planner', t);
    execute format('create policy %I on public.%I for update to authenticated
      using ((select private.app_role()) in (''admin'', ''planner''))
      with check ((select private.app_role()) in (''admin'', ''planner''))', t || '_update_planner', t);
    execute format('create policy %I on public.%I for delete to authenticated
      using ((select private.app_role()) in (''admin'', ''planner''))', t || '_delete_planner', t);
  end loop;

  -- District officials keep the site data of their own unit; admins of all units.
  foreach t in array array['industrial_zones', 'boarding_houses', 'outreach_activities', 'model_sites']
  loop
    execute format('create policy %I on public.%I for insert to authenticated
      with check (private.can_edit_unit(admin_unit_id))', t || '_insert_own_unit', t);
    execute format('create policy %I on public.%I for update to authenticated
      using (private.can_edit_unit(admin_unit_id)) with check (private.can_edit_unit(admin_unit_id))',
      t || '_update_own_unit', t);
    execute format('create policy %I on public.%I for delete to authenticated
      using (private.can_edit_unit(admin_unit_id))', t || '_delete_own_unit', t);
  end loop;
end
$$;

-- Exact cases: investigators only. Everyone else reads cases through suppressed aggregates.
create policy cases_select_investigator on public.cases for select to authenticated
  using ((select private.app_role()) = 'investigator');
create policy cases_insert_investigator on public.cases for insert to authenticated
  with check ((select private.app_role()) = 'investigator');
create policy cases_update_investigator on public.cases for update to authenticated
  using ((select private.app_role()) = 'investigator')
  with check ((select private.app_role()) = 'investigator');

-- Profiles: each user reads their own; admins manage all.
create policy profiles_select_own on public.profiles for select to authenticated
  using (user_id = (select auth.uid()) or (select private.app_role()) = 'admin');
create policy profiles_insert_admin on public.profiles for insert to authenticated
  with check ((select private.app_role()) = 'admin');
create policy profiles_update_admin on public.profiles for update to authenticated
  using ((select private.app_role()) = 'admin') with check ((select private.app_role()) = 'admin');
create policy profiles_delete_admin on public.profiles for delete to authenticated
  using ((select private.app_role()) = 'admin');

-- The audit log: admins read it; nobody writes it except private.audit().
create policy audit_log_select_admin on public.audit_log for select to authenticated
  using ((select private.app_role()) = 'admin');

revoke execute on all functions in schema private from public, anon;
grant execute on function private.app_role(), private.app_unit(), private.unit_descendants(uuid),
  private.unit_in_scope(uuid), private.can_edit_unit(uuid) to authenticated, service_role;
