-- Briefings: ordered slides a leader presents to a steering committee. A slide keeps what to show,
-- not a picture of it — a map or planner view (its URL query: layers, filters, extent, analysis),
-- a chart, key figures or a plan's deployments — so it is drawn live, with the rights of whoever
-- opens it (a leader sees case aggregates where an investigator would see points). Planners and
-- admins write briefings; every role may open and present them.

create table public.briefings (
  id uuid primary key default gen_random_uuid(),
  title text not null check (length(btrim(title)) between 1 and 200),
  notes text not null default '' check (length(notes) <= 4000),
  -- [{id, kind: map|chart|figures|deployments, title, notes, page?, query?, chart?, filters?, plan_id?}]
  slides jsonb not null default '[]'::jsonb check (jsonb_typeof(slides) = 'array'),
  created_by uuid default auth.uid(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  is_demo boolean not null default false
);
comment on table public.briefings is 'Hotspot briefings: ordered live slides (map views, charts, key figures, deployments) with notes.';

alter table public.briefings enable row level security;
revoke all on public.briefings from anon;
grant select, insert, update, delete on public.briefings to authenticated;
create policy briefings_select_any_role on public.briefings for select to authenticated
  using ((select private.app_role()) is not null);
create policy briefings_insert_planner on public.briefings for insert to authenticated
  with check ((select private.app_role()) in ('admin', 'planner'));
create policy briefings_update_planner on public.briefings for update to authenticated
  using ((select private.app_role()) in ('admin', 'planner'))
  with check ((select private.app_role()) in ('admin', 'planner'));
create policy briefings_delete_planner on public.briefings for delete to authenticated
  using ((select private.app_role()) in ('admin', 'planner'));

create trigger briefings_audit_insert after insert on public.briefings referencing new table as new_rows
  for each statement execute function private.audit_writes();
create trigger briefings_audit_update after update on public.briefings referencing new table as new_rows
  for each statement execute function private.audit_writes();
create trigger briefings_audit_delete after delete on public.briefings referencing old table as old_rows
  for each statement execute function private.audit_writes();

-- Checks one slide; raises 22023 naming it (slides[2].chart …).
create function private.check_slide(slide jsonb, slide_index int) returns void
language plpgsql immutable set search_path = '' as $$
declare
  here text := format('slides[%s]', slide_index);
begin
  if jsonb_typeof(slide) is distinct from 'object' then
    perform private.raise_invalid(here || ' must be an object');
  end if;
  if coalesce(slide ->> 'kind', '') not in ('map', 'chart', 'figures', 'deployments') then
    perform private.raise_invalid(here || '.kind must be map, chart, figures or deployments');
  end if;
  if length(coalesce(slide ->> 'title', '')) > 200 or length(coalesce(slide ->> 'notes', '')) > 4000 then
    perform private.raise_invalid(here || ': title up to 200 and notes up to 4000 characters');
  end if;
  case slide ->> 'kind'
  when 'map' then
    if coalesce(slide ->> 'page', '') not in ('map', 'plan') or length(coalesce(slide ->> 'query', '')) > 4000
       or coalesce(slide ->> 'query', '') !~ '^[A-Za-z0-9_.,~%=&:+-]*$' then
      perform private.raise_invalid(here || ': a map slide has page (map or plan) and the query of its view');
    end if;
  when 'chart' then
    if coalesce(slide ->> 'chart', '') not in ('cases_by_month', 'outreach_by_form', 'coverage', 'hotspot_classes') then
      perform private.raise_invalid(here || '.chart must be cases_by_month, outreach_by_form, coverage or hotspot_classes');
    end if;
    if slide ->> 'chart' = 'coverage' and coalesce(slide ->> 'plan_id', '') !~ '^[0-9a-f-]{36}$' then
      perform private.raise_invalid(here || ': a coverage chart compares a saved plan (plan_id) with what was achieved');
    end if;
  when 'deployments' then
    if coalesce(slide ->> 'plan_id', '') !~ '^[0-9a-f-]{36}$' then
      perform private.raise_invalid(here || '.plan_id must name a saved plan');
    end if;
  else
    null;
  end case;
  if slide ? 'filters' and jsonb_typeof(slide -> 'filters') <> 'object' then
    perform private.raise_invalid(here || '.filters must be an object');
  end if;
end
$$;

-- Creates (no id) or updates a briefing {id?, title, notes, slides}; returns its id. Writes are
-- for planners and admins (RLS); a briefing another role tries to change answers 42501.
create function public.save_briefing(briefing jsonb) returns uuid
language plpgsql volatile security invoker set search_path = public as $$
declare
  b jsonb := coalesce(briefing, 'null'::jsonb);
  saved uuid;
  i int := 0;
  slide jsonb;
begin
  if private.app_role() is null or private.app_role() not in ('admin', 'planner') then
    raise exception using errcode = '42501', message = 'only planners and admins make briefings; leaders open and present them';
  end if;
  if jsonb_typeof(b) <> 'object' then
    perform private.raise_invalid('briefing must be an object');
  end if;
  if length(btrim(coalesce(b ->> 'title', ''))) = 0 then
    perform private.raise_invalid('title is required');
  end if;
  if jsonb_typeof(coalesce(b -> 'slides', '[]'::jsonb)) <> 'array' or jsonb_array_length(coalesce(b -> 'slides', '[]'::jsonb)) > 100 then
    perform private.raise_invalid('slides must be an array of at most 100 slides');
  end if;
  for slide in select * from jsonb_array_elements(coalesce(b -> 'slides', '[]'::jsonb)) loop
    perform private.check_slide(slide, i);
    i := i + 1;
  end loop;
  if b ? 'id' and b ->> 'id' is not null then
    update briefings set title = btrim(b ->> 'title'), notes = coalesce(b ->> 'notes', ''),
      slides = coalesce(b -> 'slides', '[]'::jsonb), updated_at = now()
    where id = (b ->> 'id')::uuid returning id into saved;
    if saved is null then
      raise exception using errcode = 'P0002', message = 'no such briefing';
    end if;
  else
    insert into briefings (title, notes, slides) values (btrim(b ->> 'title'), coalesce(b ->> 'notes', ''), coalesce(b -> 'slides', '[]'::jsonb))
    returning id into saved;
  end if;
  return saved;
end
$$;

-- Figures of a province or district (or the country) over a period, for charts and key-figure
-- cards, with the caller's rights: case counts below suppression_k are null (suppressed) for
-- everyone but investigators. series: cases_by_month [{month, case_type, cases}], cases_by_type
-- [{case_type, cases, victims}], outreach_by_form
-- [{form, activities, people_reached}], figures {cases, victims, victims_female, victims_male,
-- victims_under_16, victims_16_17, victims_adult, outreach, people_reached, model_sites, workers}.
-- filters: {from, to, admin_unit, case_type[]}. Answers {series, k, exact, data}.
create function public.briefing_series(series text, filters jsonb default '{}') returns jsonb
language plpgsql stable security definer set search_path = public, extensions as $$
declare
  role text := private.app_role();
  f jsonb := coalesce(filters, '{}'::jsonb);
  from_day date;
  to_day date;
  unit uuid;
  types text[];
  k int := (select (s.value #>> '{}')::int from app_settings s where s.key = 'suppression_k');
  exact boolean := role = 'investigator';
  scope uuid[];
  data jsonb;
begin
  if role is null then
    raise exception using errcode = '42501', message = 'sign in with an active role';
  end if;
  perform private.check_filter_keys('briefing_series', f, array['from', 'to', 'admin_unit', 'case_type']);
  from_day := coalesce(private.filter_date(f, 'from'), date '2000-01-01');
  to_day := coalesce(private.filter_date(f, 'to'), date '2100-12-31');
  unit := private.filter_unit(f);
  types := private.filter_codes(f, 'case_type', array(select code from case_types));
  scope := case when unit is null then null else array(select private.unit_descendants(unit)) end;

  if series = 'cases_by_month' then
    select coalesce(jsonb_agg(jsonb_build_object('month', m, 'case_type', t,
        'cases', case when exact or n >= k then n end) order by m, t), '[]'::jsonb) into data
    from (
      select to_char(c.occurred_on, 'YYYY-MM') as m, c.case_type as t, count(*)::int as n
      from cases c
      where c.occurred_on between from_day and to_day and (scope is null or c.admin_unit_id = any (scope))
        and (types is null or c.case_type = any (types))
      group by 1, 2
    ) g;
  elsif series = 'cases_by_type' then
    select coalesce(jsonb_agg(jsonb_build_object('case_type', g.t, 'cases', case when exact or g.n >= k then g.n end,
        'victims', case when exact or g.n >= k then g.v end) order by g.t), '[]'::jsonb) into data
    from (
      select c.case_type as t, count(*)::int as n, sum(c.victims_female + c.victims_male)::int as v
      from cases c
      where c.occurred_on between from_day and to_day and (scope is null or c.admin_unit_id = any (scope))
        and (types is null or c.case_type = any (types))
      group by 1
    ) g;
  elsif series = 'outreach_by_form' then
    select coalesce(jsonb_agg(jsonb_build_object('form', o.form, 'activities', o.n, 'people_reached', o.people) order by o.form), '[]'::jsonb) into data
    from (
      select a.form, count(*)::int as n, sum(a.people_reached)::bigint as people
      from outreach_activities a
      where a.held_on between from_day and to_day and (scope is null or a.admin_unit_id = any (scope))
      group by a.form
    ) o;
  elsif series = 'figures' then
    select jsonb_build_object(
      'cases', case when exact or c.n >= k then c.n end,
      'victims', case when exact or c.n >= k then c.victims end,
      'victims_female', case when exact or c.n >= k then c.female end,
      'victims_male', case when exact or c.n >= k then c.male end,
      'victims_under_16', case when exact or c.n >= k then c.under_16 end,
      'victims_16_17', case when exact or c.n >= k then c.age_16_17 end,
      'victims_adult', case when exact or c.n >= k then c.adult end,
      'outreach', (select count(*) from outreach_activities a where a.held_on between from_day and to_day and (scope is null or a.admin_unit_id = any (scope))),
      'people_reached', (select coalesce(sum(a.people_reached), 0) from outreach_activities a where a.held_on between from_day and to_day and (scope is null or a.admin_unit_id = any (scope))),
      'model_sites', (select count(*) from model_sites m where m.active and (scope is null or m.admin_unit_id = any (scope))),
      'workers', (select coalesce(sum(h.workers), 0) from boarding_houses h where scope is null or h.admin_unit_id = any (scope))) into data
    from (
      select count(*)::int as n, coalesce(sum(c.victims_female + c.victims_male), 0)::int as victims,
        coalesce(sum(c.victims_female), 0)::int as female, coalesce(sum(c.victims_male), 0)::int as male,
        coalesce(sum(c.victims_under_16), 0)::int as under_16, coalesce(sum(c.victims_16_17), 0)::int as age_16_17,
        coalesce(sum(c.victims_adult), 0)::int as adult
      from cases c
      where c.occurred_on between from_day and to_day and (scope is null or c.admin_unit_id = any (scope))
        and (types is null or c.case_type = any (types))
    ) c;
  else
    perform private.raise_invalid(format('unknown series "%s"', coalesce(series, 'null')), 'series is cases_by_month, cases_by_type, outreach_by_form or figures');
  end if;
  return jsonb_build_object('series', series, 'k', k, 'exact', exact, 'data', data);
end
$$;

comment on function public.save_briefing(jsonb) is 'Creates or updates a briefing and its slides (planners and admins).';
comment on function public.briefing_series(text, jsonb) is 'Monthly cases by type, outreach by form, or key figures of an area and period; case counts below k suppressed for non-investigators.';
revoke execute on function public.save_briefing(jsonb), public.briefing_series(text, jsonb) from public, anon;
grant execute on function public.save_briefing(jsonb), public.briefing_series(text, jsonb) to authenticated, service_role;
grant execute on function private.check_slide(jsonb, int) to authenticated, service_role;

-- Briefings every role may open, newest change first: [{id, title, slides (count), updated_at, by}].
create function public.list_briefings() returns jsonb
language sql stable security invoker set search_path = public as $$
  select coalesce(jsonb_agg(jsonb_build_object('id', b.id, 'title', b.title, 'slides', jsonb_array_length(b.slides),
      'updated_at', b.updated_at, 'is_demo', b.is_demo) order by b.updated_at desc), '[]'::jsonb)
  from briefings b
$$;

-- One briefing with its slides, or null.
create function public.get_briefing(briefing_id uuid) returns jsonb
language sql stable security invoker set search_path = public as $$
  select jsonb_build_object('id', b.id, 'title', b.title, 'notes', b.notes, 'slides', b.slides, 'updated_at', b.updated_at, 'is_demo', b.is_demo)
  from briefings b where b.id = briefing_id
$$;

-- Deletes a briefing (planners and admins).
create function public.delete_briefing(briefing_id uuid) returns void
language plpgsql volatile security invoker set search_path = public as $$
begin
  if private.app_role() is null or private.app_role() not in ('admin', 'planner') then
    raise exception using errcode = '42501', message = 'only planners and admins delete briefings';
  end if;
  delete from briefings where id = briefing_id;
end
$$;

revoke execute on function public.list_briefings(), public.get_briefing(uuid), public.delete_briefing(uuid) from public, anon;
grant execute on function public.list_briefings(), public.get_briefing(uuid), public.delete_briefing(uuid) to authenticated, service_role;
