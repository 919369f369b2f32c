-- Saved deployment plans take the client's id, as records and briefings do: the planner page makes it
-- once per solved plan, so a double-clicked "Save plan" or a retry after a lost reply stores one plan
-- (it stored two). The function is save_plan of 20261123100700_plans.sql with the id added.

create or replace function public.save_plan(plan jsonb) returns uuid
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
  perform private.check_filter_keys('plan', p, array['id', 'name', 'team_type', 'starts_on', 'ends_on', 'admin_unit', 'params', 'figures', 'sites']);
  -- A plan saved with the client's id a second time (a double submit, a retry after a lost reply) is
  -- the plan already saved: its saves run one after the other and the repeat adds nothing.
  if p ? 'id' then
    if jsonb_typeof(p -> 'id') <> 'string' or p ->> 'id' !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      perform private.raise_invalid('plan.id must be a UUID made by the client');
    end if;
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('plan:' || (p ->> 'id'), 0));
    if exists (select 1 from plans where id = (p ->> 'id')::uuid) then
      return (p ->> 'id')::uuid;
    end if;
  end if;
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

  insert into plans (id, name, team_type, starts_on, ends_on, admin_unit_id, params, figures)
  values (coalesce((p ->> 'id')::uuid, gen_random_uuid()), btrim(p ->> 'name'), p ->> 'team_type', first_day, last_day, unit, p -> 'params', p -> 'figures')
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

-- How a deployment went is set against the status the planner saw: two planners changing one
-- deployment at once no longer silently keep the last one (the second is told what it became).
-- Setting the status it already has is a repeat, not a conflict.
drop function public.set_deployment_status(uuid, text);
create function public.set_deployment_status(deployment_id uuid, new_status text, seen_status text default null) returns void
language plpgsql volatile security invoker set search_path = public as $$
declare
  now_status text;
begin
  if private.app_role() is distinct from 'planner' and private.app_role() is distinct from 'admin' then
    raise exception using errcode = '42501', message = 'only planners and admins change deployments';
  end if;
  if new_status is null or new_status not in ('planned', 'active', 'done', 'cancelled') then
    perform private.raise_invalid(format('unknown status "%s"', coalesce(new_status, 'null')), 'status is planned, active, done or cancelled');
  end if;
  select d.status into now_status from deployments d where d.id = set_deployment_status.deployment_id for update;
  if not found then
    perform private.raise_invalid(format('no deployment %s', deployment_id));
  end if;
  if now_status = new_status then
    return;
  end if;
  if seen_status is not null and seen_status is distinct from now_status then
    raise exception using errcode = '40001', message = format('someone changed this deployment since you opened it: it is now %s', now_status),
      hint = 'look at it again and set the status you want';
  end if;
  update deployments d set status = new_status where d.id = set_deployment_status.deployment_id;
end
$$;
comment on function public.set_deployment_status(uuid, text, text) is
  'Records how a deployment went (planned, active, done, cancelled), against the status the planner saw (seen_status).';
revoke execute on function public.set_deployment_status(uuid, text, text) from public, anon;
grant execute on function public.set_deployment_status(uuid, text, text) to authenticated, service_role;
