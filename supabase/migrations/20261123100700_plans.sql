-- Deployment plans: where k patrol or propaganda teams go during a campaign, as decided on the
-- planner page, with the parameters and the solver's figures. The chosen sites become rows of
-- deployments (one per site, with its weeks), so what was planned can later be compared with what
-- was done. Planners and admins write plans; every role may read them (leaders present them).

create table public.plans (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  team_type text not null check (team_type in ('patrol', 'propaganda')),
  starts_on date not null check (starts_on between date '2000-01-01' and date '2100-12-31'),
  ends_on date not null check (ends_on between date '2000-01-01' and date '2100-12-31'),
  admin_unit_id uuid references public.admin_units (id),
  -- k, radius_km, teams, method, pinned and forbidden candidates, filters of the analysis.
  params jsonb not null check (jsonb_typeof(params) = 'object'),
  -- covered, total, share, optimal, gap, seconds, marginal values of extra teams.
  figures jsonb not null check (jsonb_typeof(figures) = 'object'),
  created_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  is_demo boolean not null default false,
  check (ends_on >= starts_on)
);
comment on table public.plans is 'Peak-campaign deployment plans: parameters and solver figures; their sites are rows of deployments.';

alter table public.deployments add column plan_id uuid references public.plans (id) on delete cascade;
create index deployments_plan_idx on public.deployments (plan_id);

alter table public.plans enable row level security;
revoke all on public.plans from anon;
grant select, insert, update, delete on public.plans to authenticated;
create policy plans_select_any_role on public.plans for select to authenticated
  using ((select private.app_role()) is not null);
create policy plans_insert_planner on public.plans for insert to authenticated
  with check ((select private.app_role()) in ('admin', 'planner'));
create policy plans_update_planner on public.plans for update to authenticated
  using ((select private.app_role()) in ('admin', 'planner'))
  with check ((select private.app_role()) in ('admin', 'planner'));
create policy plans_delete_planner on public.plans for delete to authenticated
  using ((select private.app_role()) in ('admin', 'planner'));

create trigger plans_audit_insert after insert on public.plans referencing new table as new_rows
  for each statement execute function private.audit_writes();
create trigger plans_audit_update after update on public.plans referencing new table as new_rows
  for each statement execute function private.audit_writes();
create trigger plans_audit_delete after delete on public.plans referencing old table as old_rows
  for each statement execute function private.audit_writes();

-- Saves a plan and its sites in one transaction (the rpc call's). The argument:
-- {name, team_type, starts_on, ends_on, admin_unit?, params{}, figures{},
--  sites: [{label, lon, lat, team, weeks: [{start, end}]}]}
-- Bad input raises 22023 naming the field (sites[3].lon, …); callers without the right get 42501
-- from RLS. Returns the plan's id.
create function public.save_plan(plan jsonb) returns uuid
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  p jsonb := coalesce(plan, 'null'::jsonb);
  plan_id uuid;
  unit uuid;
  site jsonb;
  i int := 0;
  lon double precision;
  lat double precision;
  first_day date;
  last_day date;
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'this account has no role in Hotspot Atlas';
  end if;
  if jsonb_typeof(p) <> 'object' then
    perform private.raise_invalid('plan must be a JSON object');
  end if;
  perform private.check_filter_keys('plan', p, array['name', 'team_type', 'starts_on', 'ends_on', 'admin_unit', 'params', 'figures', 'sites']);
  if coalesce(btrim(private.filter_text(p, 'name')), '') = '' then
    perform private.raise_invalid('plan.name is required');
  end if;
  if private.filter_text(p, 'team_type') is distinct from 'patrol' and private.filter_text(p, 'team_type') is distinct from 'propaganda' then
    perform private.raise_invalid('plan.team_type must be "patrol" or "propaganda"', format('got %s', p -> 'team_type'));
  end if;
  first_day := private.filter_date(p, 'starts_on');
  last_day := private.filter_date(p, 'ends_on');
  if first_day is null or last_day is null or last_day < first_day then
    perform private.raise_invalid('plan.starts_on and plan.ends_on are required, ends_on not before starts_on');
  end if;
  if jsonb_typeof(p -> 'params') is distinct from 'object' or jsonb_typeof(p -> 'figures') is distinct from 'object' then
    perform private.raise_invalid('plan.params and plan.figures must be JSON objects');
  end if;
  if jsonb_typeof(p -> 'sites') is distinct from 'array' or jsonb_array_length(p -> 'sites') = 0 then
    perform private.raise_invalid('plan.sites must be a non-empty array');
  end if;
  unit := private.filter_unit(jsonb_build_object('admin_unit', p -> 'admin_unit'));

  insert into plans (name, team_type, starts_on, ends_on, admin_unit_id, params, figures)
  values (btrim(p ->> 'name'), p ->> 'team_type', first_day, last_day, unit, p -> 'params', p -> 'figures')
  returning id into plan_id;

  for site in select * from jsonb_array_elements(p -> 'sites') loop
    if jsonb_typeof(site) <> 'object' then
      perform private.raise_invalid(format('plan.sites[%s] must be an object', i));
    end if;
    lon := private.filter_number(site, 'lon', -180, 180);
    lat := private.filter_number(site, 'lat', -90, 90);
    if lon is null or lat is null then
      perform private.raise_invalid(format('plan.sites[%s] needs lon and lat', i));
    end if;
    if coalesce(btrim(site ->> 'label'), '') = '' then
      perform private.raise_invalid(format('plan.sites[%s].label is required', i));
    end if;
    insert into deployments (plan_id, team_type, team_name, admin_unit_id, area, starts_on, ends_on, status, plan, created_by)
    values (plan_id, p ->> 'team_type',
      left(format('%s %s', case when p ->> 'team_type' = 'patrol' then 'Tổ tuần tra' else 'Đội tuyên truyền' end,
        coalesce(site ->> 'team', (i + 1)::text)), 200),
      unit, st_setsrid(st_makepoint(lon, lat), 4326), first_day, last_day, 'planned',
      jsonb_build_object('label', site ->> 'label', 'candidate', site -> 'candidate', 'weeks', coalesce(site -> 'weeks', '[]'::jsonb),
        'covered', site -> 'covered'),
      auth.uid());
    i := i + 1;
  end loop;
  return plan_id;
end
$$;

comment on function public.save_plan(jsonb) is
  'Saves a deployment plan and one deployment per chosen site in one transaction; planners and admins only (RLS).';

-- Records how a planned deployment went: planned, active, done or cancelled (planners and admins).
create function public.set_deployment_status(deployment_id uuid, new_status text) returns void
language plpgsql volatile security invoker set search_path = public as $$
begin
  if private.app_role() is distinct from 'planner' and private.app_role() is distinct from 'admin' then
    raise exception using errcode = '42501', message = 'only planners and admins change deployments';
  end if;
  if new_status is null or new_status not in ('planned', 'active', 'done', 'cancelled') then
    perform private.raise_invalid(format('unknown status "%s"', coalesce(new_status, 'null')), 'status is planned, active, done or cancelled');
  end if;
  update deployments d set status = new_status where d.id = set_deployment_status.deployment_id;
  if not found then
    perform private.raise_invalid(format('no deployment %s', deployment_id));
  end if;
end
$$;

-- Deletes a plan and its deployments (planners and admins).
create function public.delete_plan(plan_id uuid) returns void
language plpgsql volatile security invoker set search_path = public as $$
begin
  if private.app_role() is distinct from 'planner' and private.app_role() is distinct from 'admin' then
    raise exception using errcode = '42501', message = 'only planners and admins delete plans';
  end if;
  delete from plans p where p.id = delete_plan.plan_id;
  if not found then
    perform private.raise_invalid(format('no plan %s', plan_id));
  end if;
end
$$;

-- The plans a caller may read, newest first, with their sites.
create function public.list_plans() returns jsonb
language sql stable security invoker set search_path = public, extensions as $$
  select coalesce(jsonb_agg(jsonb_build_object(
      'id', p.id, 'name', p.name, 'team_type', p.team_type, 'starts_on', p.starts_on, 'ends_on', p.ends_on,
      'admin_unit', u.code, 'admin_unit_name', u.name, 'params', p.params, 'figures', p.figures,
      'created_at', p.created_at,
      'sites', (select coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'label', d.plan ->> 'label', 'team', d.team_name,
                 'lon', st_x(d.area), 'lat', st_y(d.area), 'weeks', d.plan -> 'weeks', 'status', d.status)
                 order by d.team_name), '[]'::jsonb)
               from deployments d where d.plan_id = p.id))
    order by p.created_at desc), '[]'::jsonb)
  from plans p
    left join admin_units u on u.id = p.admin_unit_id
$$;

-- How far a model site's influence reaches, by kind (km), for coverage; admins may change it.
alter table public.model_site_kinds add column reach_km numeric not null default 1 check (reach_km >= 0);
update public.model_site_kinds set reach_km = case code
  when 'peaceful_house' then 2 when 'tip_box' then 0.5 when 'hotline_point' then 1 when 'support_centre' then 5 else 1 end;

-- Reach in km of each outreach form and model-site kind, for coverage: {forms: {...}, sites: {...}}.
create function public.reach_km() returns jsonb
language sql stable security invoker set search_path = public as $$
  select jsonb_build_object(
    'forms', (select coalesce(jsonb_object_agg(f.code, f.reach_km), '{}'::jsonb) from outreach_forms f),
    'sites', (select coalesce(jsonb_object_agg(k.code, k.reach_km), '{}'::jsonb) from model_site_kinds k))
$$;

revoke execute on function public.save_plan(jsonb), public.delete_plan(uuid), public.set_deployment_status(uuid, text), public.list_plans(), public.reach_km() from public, anon;
grant execute on function public.save_plan(jsonb), public.delete_plan(uuid), public.set_deployment_status(uuid, text), public.list_plans(), public.reach_km() to authenticated, service_role;
