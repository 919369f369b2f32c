-- Privacy tiers for anything that leaves the system. Inside the app non-investigators see case
-- counts from suppression_k (3) up; reports, exports and briefings use export_k (11, as the Counter
-- Trafficking Data Collaborative publishes), for every role. Case figures are protected as a whole:
-- a small cell is suppressed (primary), and so are as many others as it takes that no published
-- total minus its published parts gives a suppressed cell back (complementary suppression).
-- Cases shown finer than a unit outside the app are snapped to fixed points inside their province.

insert into public.app_settings (key, value, description) values
  ('export_k', '11', 'Anything that leaves the system (reports, exports, briefings, embedded maps) shows case counts only from this many cases up.');

create function private.setting_k(setting text) returns integer
language sql stable security definer set search_path = '' as $$
  select (s.value #>> '{}')::int from public.app_settings s where s.key = setting
$$;

-- The thresholds in force, for every role: {suppression_k, export_k}.
create function public.privacy_thresholds() returns jsonb
language sql stable security definer set search_path = '' as $$
  select jsonb_build_object('suppression_k', private.setting_k('suppression_k'), 'export_k', private.setting_k('export_k'))
  where private.app_role() is not null
$$;

-- Thresholds (admins): 2 ≤ suppression_k ≤ export_k ≤ 100.
create function public.set_privacy_thresholds(screen_k integer, export_k integer) returns jsonb
language plpgsql volatile security definer set search_path = public as $$
begin
  if private.app_role() is distinct from 'admin' then
    raise exception using errcode = '42501', message = 'only admins set the privacy thresholds';
  end if;
  if screen_k is null or screen_k < 2 or screen_k > 100 then
    perform private.raise_invalid(format('suppression_k: %s is not between 2 and 100', coalesce(screen_k::text, 'empty')),
      null, 'below 2 a single case would be shown');
  end if;
  if export_k is null or export_k < screen_k or export_k > 100 then
    perform private.raise_invalid(format('export_k: %s must lie between suppression_k (%s) and 100', coalesce(export_k::text, 'empty'), screen_k),
      null, 'what leaves the system is never finer than what the app shows');
  end if;
  update app_settings set value = to_jsonb(screen_k) where key = 'suppression_k';
  update app_settings set value = to_jsonb(export_k) where key = 'export_k';
  perform private.audit('set_privacy_thresholds', 'app_settings', jsonb_build_object('suppression_k', screen_k, 'export_k', export_k));
  return jsonb_build_object('suppression_k', screen_k, 'export_k', export_k);
end
$$;

-- Complementary suppression -----------------------------------------------------------------------
-- cells: {id: count}; groups: [{total: id, parts: [id…]}] where total = sum of parts (a part may be
-- the total of another group: a tree of tables; a total may head several groups, e.g. victims by
-- sex and by age). Cells from 1 to k-1, and those in `also`, are suppressed (primary). A reader
-- knows each suppressed cell is at least its lower bound: 1, or for a suppressed total its
-- published parts plus the bounds of its suppressed ones. Then, until every group passes, in a
-- group with a published total and suppressed parts whose residual (the total minus the published
-- parts) is under k, or leaves no slack over the parts' lower bounds, or hides one part only, the
-- smallest published part (or, with none left, the total) is suppressed too; a suppressed total
-- whose parts are all published loses its smallest part. So no residual pins a suppressed cell
-- (each lies strictly between its bounds) and none is a count below k. Answers {id: count or null}.
create function private.protect_cells(cells jsonb, groups jsonb, k integer, also text[] default '{}')
returns jsonb
language plpgsql immutable set search_path = '' as $$
declare
  hidden text[] := array(select e.key from jsonb_each(cells) e
                         where (e.value #>> '{}')::bigint between 1 and k - 1 or e.key = any (also));
  lb jsonb;
  changed boolean := true;
  settled boolean;
  g jsonb;
  total text;
  parts text[];
  m int;
  r bigint;
  floor_sum bigint;
  bound bigint;
  pick text;
begin
  if k is null or k <= 1 then
    return cells;
  end if;
  while changed loop
    changed := false;
    -- Lower bounds a reader can work out, innermost groups first (repeat until they settle).
    lb := coalesce((select jsonb_object_agg(h, 1) from unnest(hidden) h), '{}'::jsonb);
    settled := false;
    while not settled loop
      settled := true;
      for g in select value from jsonb_array_elements(coalesce(groups, '[]'::jsonb)) loop
        continue when not (g ->> 'total') = any (hidden);
        select coalesce(sum(case when p = any (hidden) then (lb ->> p)::bigint else (cells ->> p)::bigint end), 0) into bound
        from jsonb_array_elements_text(g -> 'parts') p;
        if bound > (lb ->> (g ->> 'total'))::bigint then
          lb := lb || jsonb_build_object(g ->> 'total', bound);
          settled := false;
        end if;
      end loop;
    end loop;

    for g in select value from jsonb_array_elements(coalesce(groups, '[]'::jsonb)) loop
      total := g ->> 'total';
      parts := array(select jsonb_array_elements_text(g -> 'parts'));
      select count(*), coalesce(sum((cells ->> p)::bigint), 0), coalesce(sum((lb ->> p)::bigint), 0) into m, r, floor_sum
      from unnest(parts) p where p = any (hidden);
      if total = any (hidden) then
        continue when m > 0;
      elsif m = 0 or (m >= 2 and r >= k and r > floor_sum) then
        continue;
      end if;
      select p into pick from unnest(parts) p
      where not p = any (hidden) and (cells ->> p)::bigint > 0
      order by (cells ->> p)::bigint, p limit 1;
      if pick is null then
        continue when total = any (hidden);
        pick := total;
      end if;
      hidden := hidden || pick;
      changed := true;
      exit;  -- bounds change with every cell hidden
    end loop;
  end loop;
  return (select jsonb_object_agg(e.key, case when e.key = any (hidden) then null else e.value end) from jsonb_each(cells) e);
end
$$;

-- Report figures ------------------------------------------------------------------------------------
-- Everything a periodic report or a briefing chart shows of an area and period, with the caller's
-- rights: tier 'screen' (inside the app: exact for investigators, suppression_k for the others) or
-- 'export' (export_k for everyone). Case cells are protected together: cases by type (parts of all
-- cases), by month (parts of their type), victims by type, by sex and by age band (parts of all
-- victims; a type's victims are hidden with its cases). filters: {from, to, admin_unit, case_type[],
-- data: all|approved} — data 'approved' counts only approved site records (cases are recorded by
-- investigators and are not approved). Answers {tier, k, exact, data, outreach_by_form, figures,
-- cases_by_type, cases_by_month}.
create function public.report_figures(filters jsonb default '{}', tier text default 'screen') returns jsonb
language plpgsql stable security definer set search_path = public, extensions as $$
declare
  role text := private.app_role();
  f jsonb := coalesce(filters, '{}'::jsonb);
  from_day date;
  to_day date;
  unit uuid;
  types text[];
  approved_only boolean;
  exact boolean;
  k int;
  scope uuid[];
  c jsonb;
  groups jsonb;
  cp jsonb;
  vc jsonb;
  vp jsonb;
  also text[];
  sites jsonb;
begin
  if role is null then
    raise exception using errcode = '42501', message = 'sign in with an active role';
  end if;
  if tier is null or tier not in ('screen', 'export') then
    perform private.raise_invalid(format('unknown tier "%s"', coalesce(tier, 'null')), 'tier is "screen" (in the app) or "export"');
  end if;
  perform private.check_filter_keys('report_figures', f, array['from', 'to', 'admin_unit', 'case_type', 'data']);
  if coalesce(f ->> 'data', 'all') not in ('all', 'approved') then
    perform private.raise_invalid(format('data: "%s" is not "all" or "approved"', f ->> 'data'));
  end if;
  approved_only := coalesce(f ->> 'data', 'all') = 'approved';
  from_day := coalesce(private.filter_date(f, 'from'), date '2000-01-01');
  to_day := coalesce(private.filter_date(f, 'to'), date '2100-12-31');
  unit := private.filter_unit(f);
  types := private.filter_codes(f, 'case_type', array(select code from case_types));
  scope := case when unit is null then null else array(select private.unit_descendants(unit)) end;
  exact := tier = 'screen' and role = 'investigator';
  k := case when exact then 0 when tier = 'export' then private.setting_k('export_k') else private.setting_k('suppression_k') end;

  -- All counts as cells: N all cases, T:type, M:type:month; V all victims, VT:type, sex and age.
  with sel as (
    select x.case_type, to_char(x.occurred_on, 'YYYY-MM') as month, x.victims_female as fem, x.victims_male as mal,
      x.victims_under_16 as u16, x.victims_16_17 as a1617, x.victims_adult as adult
    from cases x
    where x.occurred_on between from_day and to_day and (scope is null or x.admin_unit_id = any (scope))
      and (types is null or x.case_type = any (types))
  ), cells as (
    select 'N' as id, count(*)::bigint as n from sel
    union all select 'V', coalesce(sum(fem + mal), 0) from sel
    union all select 'V:female', coalesce(sum(fem), 0) from sel
    union all select 'V:male', coalesce(sum(mal), 0) from sel
    union all select 'V:under_16', coalesce(sum(u16), 0) from sel
    union all select 'V:16_17', coalesce(sum(a1617), 0) from sel
    union all select 'V:adult', coalesce(sum(adult), 0) from sel
    union all select 'T:' || t.code, count(s.case_type) from case_types t left join sel s on s.case_type = t.code
      where types is null or t.code = any (types) group by t.code
    union all select 'VT:' || t.code, coalesce(sum(s.fem + s.mal), 0) from case_types t left join sel s on s.case_type = t.code
      where types is null or t.code = any (types) group by t.code
    union all select 'M:' || s.case_type || ':' || s.month, count(*) from sel s group by s.case_type, s.month
  )
  select jsonb_object_agg(id, n) into c from cells;

  -- Cases: all → types → months of a type.
  select jsonb_build_array(jsonb_build_object('total', 'N', 'parts', coalesce(jsonb_agg(key) filter (where key like 'T:%'), '[]'::jsonb)))
    || coalesce((select jsonb_agg(jsonb_build_object('total', t.key, 'parts',
         (select coalesce(jsonb_agg(m.key), '[]'::jsonb) from jsonb_each(c) m where m.key like 'M:' || substr(t.key, 3) || ':%')))
       from jsonb_each(c) t where t.key like 'T:%'), '[]'::jsonb)
  into groups from jsonb_each(c);
  cp := private.protect_cells((select jsonb_object_agg(key, value) from jsonb_each(c) where key ~ '^(N|T:|M:)'), groups, k);
  -- Victims: all → by type, by sex, by age band; hidden wherever their cases are.
  also := array(select 'V' || key from jsonb_each(cp) where key like 'T:%' and value = 'null'::jsonb);
  if cp -> 'N' = 'null'::jsonb then also := array_append(also, 'V'); end if;
  vc := (select jsonb_object_agg(key, value) from jsonb_each(c) where key like 'V%');
  vp := private.protect_cells(vc, jsonb_build_array(
      jsonb_build_object('total', 'V', 'parts', (select jsonb_agg(key) from jsonb_each(vc) where key like 'VT:%')),
      jsonb_build_object('total', 'V', 'parts', jsonb_build_array('V:female', 'V:male')),
      jsonb_build_object('total', 'V', 'parts', jsonb_build_array('V:under_16', 'V:16_17', 'V:adult'))), k, also);

  select jsonb_build_object(
    'outreach', (select count(*) from outreach_activities a where a.held_on between from_day and to_day
      and (scope is null or a.admin_unit_id = any (scope)) and (not approved_only or a.approval = 'approved')),
    'people_reached', (select coalesce(sum(a.people_reached), 0) from outreach_activities a where a.held_on between from_day and to_day
      and (scope is null or a.admin_unit_id = any (scope)) and (not approved_only or a.approval = 'approved')),
    'model_sites', (select count(*) from model_sites m where m.active and (scope is null or m.admin_unit_id = any (scope))
      and (not approved_only or m.approval = 'approved')),
    'workers', (select coalesce(sum(h.workers), 0) from boarding_houses h where (scope is null or h.admin_unit_id = any (scope))
      and (not approved_only or h.approval = 'approved')),
    'unapproved', (select count(*) from outreach_activities a where a.held_on between from_day and to_day
        and (scope is null or a.admin_unit_id = any (scope)) and a.approval <> 'approved')
      + (select count(*) from model_sites m where (scope is null or m.admin_unit_id = any (scope)) and m.approval <> 'approved')
      + (select count(*) from boarding_houses h where (scope is null or h.admin_unit_id = any (scope)) and h.approval <> 'approved'))
  into sites;

  return jsonb_build_object('tier', tier, 'k', k, 'exact', exact, 'data', case when approved_only then 'approved' else 'all' end,
    'outreach_by_form', (
      select coalesce(jsonb_agg(jsonb_build_object('form', o.form, 'activities', o.n, 'people_reached', o.people) order by o.form), '[]'::jsonb)
      from (select a.form, count(*)::int as n, sum(a.people_reached)::bigint as people from outreach_activities a
            where a.held_on between from_day and to_day and (scope is null or a.admin_unit_id = any (scope))
              and (not approved_only or a.approval = 'approved')
            group by a.form) o),
    'figures', jsonb_build_object('cases', cp -> 'N', 'victims', vp -> 'V', 'victims_female', vp -> 'V:female',
      'victims_male', vp -> 'V:male', 'victims_under_16', vp -> 'V:under_16', 'victims_16_17', vp -> 'V:16_17',
      'victims_adult', vp -> 'V:adult') || (sites - 'unapproved'),
    'unapproved_records', sites -> 'unapproved',
    'cases_by_type', (
      select coalesce(jsonb_agg(jsonb_build_object('case_type', substr(t.key, 3), 'cases', t.value, 'victims', vp -> ('VT:' || substr(t.key, 3)))
        order by t.key), '[]'::jsonb)
      from jsonb_each(cp) t where t.key like 'T:%' and (c ->> t.key)::bigint > 0),
    'cases_by_month', (
      select coalesce(jsonb_agg(jsonb_build_object('month', split_part(m.key, ':', 3), 'case_type', split_part(m.key, ':', 2), 'cases', m.value)
        order by split_part(m.key, ':', 3), split_part(m.key, ':', 2)), '[]'::jsonb)
      from jsonb_each(cp) m where m.key like 'M:%'));
end
$$;
comment on function public.report_figures(jsonb, text) is
  'Figures of an area and period for reports and briefings, case cells protected (primary and complementary suppression) at the screen or export threshold.';

-- Briefing charts and cards leave the room they are made in: always the export tier.
create or replace function public.briefing_series(series text, filters jsonb default '{}') returns jsonb
language plpgsql stable security invoker set search_path = public as $$
declare
  r jsonb;
begin
  if series is null or series not in ('cases_by_month', 'cases_by_type', 'outreach_by_form', 'figures') then
    perform private.raise_invalid(format('unknown series "%s"', coalesce(series, 'null')), 'series is cases_by_month, cases_by_type, outreach_by_form or figures');
  end if;
  r := public.report_figures(filters, 'export');
  return jsonb_build_object('series', series, 'k', r -> 'k', 'exact', false, 'tier', 'export', 'data', r -> series);
end
$$;
comment on function public.briefing_series(text, jsonb) is
  'Monthly cases by type, cases by type, outreach by form, or key figures of an area and period, at the export threshold (briefings are shown and sent outside the app).';

-- Cases for export: counts of the area, of each unit one level below it ("~": cases placed in the
-- area itself) and of each such unit and type, at export_k for every role, protected as a tree
-- (area → units → types of a unit; victims: area → units, hidden wherever the unit's cases are).
-- filters: {from, to, admin_unit, case_type[]}. Answers {k, rows: [{row: total|unit|unit_type, unit
-- (code; "~" for the area itself), name, case_type (unit_type rows), cases, victims (not on
-- unit_type rows)}]}.
create function public.export_case_table(filters jsonb default '{}') returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  from_day date;
  to_day date;
  unit uuid;
  types text[];
  k int := private.setting_k('export_k');
  c jsonb;
  victim_cells jsonb;
  groups jsonb;
  cp jsonb;
  vp jsonb;
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'sign in with an active role';
  end if;
  perform private.check_filter_keys('export_case_table', f, array['from', 'to', 'admin_unit', 'case_type']);
  from_day := coalesce(private.filter_date(f, 'from'), date '2000-01-01');
  to_day := coalesce(private.filter_date(f, 'to'), date '2100-12-31');
  unit := private.filter_unit(f);
  types := private.filter_codes(f, 'case_type', array(select code from case_types));

  with recursive below as (
    -- Each unit under the area, with the unit one level below the area that holds it.
    select u.id, u.code as top from admin_units u
    where case when unit is null then u.level = 'province' else u.parent_id = unit end
    union all
    select u.id, b.top from admin_units u join below b on u.parent_id = b.id
  ), x as (
    select coalesce(b.top, '~') as top, c.case_type, c.victims_female + c.victims_male as victims
    from cases c left join below b on b.id = c.admin_unit_id
    where c.occurred_on between from_day and to_day and (types is null or c.case_type = any (types))
      and (unit is null or c.admin_unit_id = unit or b.id is not null)
  ), cells as (
    select 'A' as id, count(*)::bigint as n, coalesce(sum(victims), 0)::bigint as v from x
    union all select 'U:' || top, count(*), sum(victims) from x group by top
    union all select 'UT:' || top || '|' || case_type, count(*), null from x group by top, case_type
  )
  select jsonb_object_agg(id, n), jsonb_object_agg(id, v) filter (where id not like 'UT:%') into c, victim_cells from cells;
  groups := jsonb_build_array(jsonb_build_object('total', 'A', 'parts', (select coalesce(jsonb_agg(key), '[]'::jsonb) from jsonb_each(c) where key like 'U:%')))
    || coalesce((select jsonb_agg(jsonb_build_object('total', u.key, 'parts',
         (select jsonb_agg(t.key) from jsonb_each(c) t where t.key like 'UT:' || substr(u.key, 3) || '|%')))
       from jsonb_each(c) u where u.key like 'U:%'), '[]'::jsonb);
  cp := private.protect_cells(c, groups, k);
  vp := private.protect_cells(victim_cells, jsonb_build_array(groups -> 0), k, array(select key from jsonb_each(cp) where key not like 'UT:%' and value = 'null'::jsonb));
  return jsonb_build_object('k', k, 'rows', (
    select coalesce(jsonb_agg(jsonb_build_object('row', r.kind, 'unit', r.code, 'name', coalesce(u.name, ''),
        'case_type', r.case_type, 'cases', x.value, 'victims', vp -> x.key)
      order by r.kind <> 'total', r.code, r.case_type nulls first), '[]'::jsonb)
    from jsonb_each(cp) x
      cross join lateral (select case when x.key = 'A' then 'total' when x.key like 'U:%' then 'unit' else 'unit_type' end as kind,
        case when x.key = 'A' then coalesce((select code from admin_units where id = unit), '')
             else split_part(substr(x.key, strpos(x.key, ':') + 1), '|', 1) end as code,
        nullif(split_part(x.key, '|', 2), '') as case_type) r
      left join admin_units u on u.code = r.code));
end
$$;
comment on function public.export_case_table(jsonb) is
  'Case counts of an area, of each unit below it and of each unit and type, for export: export_k, complementary suppression.';

-- Snapped points -----------------------------------------------------------------------------------
-- Cases where a map must show them finer than a unit to someone who may not see exact places (a
-- briefing map): each case is moved to the anonymous point of its grid cell within its province —
-- the cell's centre when it lies in the province, else a point on the part of the cell inside the
-- province — so no point crosses a province (or national) border; points with fewer than min_count
-- cases are left out. Features {count, victims, province} at Points.
create function private.case_snapped(
  envelope extensions.geometry, date_from date, date_to date, types text[], unit uuid, cell_deg double precision, min_count integer
) returns jsonb
language sql stable security definer set search_path = public, extensions as $$
  with recursive province_of as (
    select u.id, u.id as province_id from admin_units u where u.level = 'province'
    union all
    select u.id, p.province_id from admin_units u join province_of p on u.parent_id = p.id
  ), counts as (
    select p.province_id, floor(st_x(c.geom) / cell_deg) as gx, floor(st_y(c.geom) / cell_deg) as gy,
      count(*) as n, sum(c.victims_female + c.victims_male) as victims
    from cases c join province_of p on p.id = c.admin_unit_id
    where (envelope is null or c.geom && envelope)
      and (date_from is null or c.occurred_on >= date_from) and (date_to is null or c.occurred_on <= date_to)
      and (types is null or c.case_type = any (types))
      and (unit is null or c.admin_unit_id in (select private.unit_descendants(unit)))
    group by 1, 2, 3
    having count(*) >= min_count
  ), placed as (
    select k.*, v.code, v.name,
      case when st_contains(v.geom, st_setsrid(st_makepoint((k.gx + 0.5) * cell_deg, (k.gy + 0.5) * cell_deg), 4326))
        then st_setsrid(st_makepoint((k.gx + 0.5) * cell_deg, (k.gy + 0.5) * cell_deg), 4326)
        else coalesce(st_pointonsurface(nullif(st_intersection(v.geom,
          st_makeenvelope(k.gx * cell_deg, k.gy * cell_deg, (k.gx + 1) * cell_deg, (k.gy + 1) * cell_deg, 4326)), 'GEOMETRYCOLLECTION EMPTY'::geometry)),
          st_pointonsurface(v.geom)) end as point
    from counts k join admin_units v on v.id = k.province_id
  )
  select jsonb_build_object('type', 'FeatureCollection', 'aggregate', 'snapped', 'suppression_k', min_count,
    'features', coalesce(jsonb_agg(jsonb_build_object('type', 'Feature',
      'geometry', st_asgeojson(p.point, 5)::jsonb,
      'properties', jsonb_build_object('count', p.n, 'victims', p.victims, 'province', p.code, 'name', p.name))
      order by p.n desc), '[]'::jsonb))
  from placed p where not st_isempty(p.point)
$$;

-- Cases for a map that leaves the app (a briefing slide, a shared embed): snapped points at
-- export_k for every role, investigators included. Answers the FeatureCollection with mode
-- 'aggregate' and total, as map_layer does.
create function public.export_case_points(bbox double precision[], zoom double precision, filters jsonb default '{}') returns jsonb
language plpgsql stable security invoker set search_path = public, extensions as $$
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  result jsonb;
begin
  perform private.require_app_role();
  perform private.check_filter_keys('export_case_points', f, array['admin_unit', 'from', 'to', 'case_type']);
  if zoom is null or zoom = 'NaN' or zoom < 0 or zoom > 24 then
    perform private.raise_invalid('zoom must be a number between 0 and 24', format('got %s', coalesce(zoom::text, 'null')));
  end if;
  result := private.case_snapped(private.bbox_envelope(bbox), private.filter_date(f, 'from'), private.filter_date(f, 'to'),
    private.filter_codes(f, 'case_type', array(select x.code from case_types x)), private.filter_unit(f),
    least(2, greatest(0.05, private.cell_deg(zoom))), private.setting_k('export_k'));
  return result || jsonb_build_object('mode', 'aggregate', 'tier', 'export',
    'total', (select coalesce(sum((e -> 'properties' ->> 'count')::bigint), 0) from jsonb_array_elements(result -> 'features') e));
end
$$;

-- Figures per unit for a map that leaves the app: as unit_indicators, case counts and victims
-- below export_k left out for every role.
create function public.export_unit_indicators(level text default 'province', filters jsonb default '{}') returns jsonb
language plpgsql stable security invoker set search_path = public as $$
declare
  r jsonb := public.unit_indicators(level, filters);
  k int := private.setting_k('export_k');
begin
  return r || jsonb_build_object('suppression_k', k, 'exact', false, 'tier', 'export', 'units', (
    select coalesce(jsonb_agg(case when coalesce((u ->> 'cases')::int, 0) >= k then u
                                   else u || jsonb_build_object('cases', null, 'victims', null) end), '[]'::jsonb)
    from jsonb_array_elements(r -> 'units') u));
end
$$;

grant execute on function private.setting_k(text), private.protect_cells(jsonb, jsonb, integer, text[]),
  private.case_snapped(extensions.geometry, date, date, text[], uuid, double precision, integer) to authenticated, service_role;
revoke execute on function public.privacy_thresholds() from public, anon;
grant execute on function public.privacy_thresholds() to authenticated, service_role;
revoke execute on function public.set_privacy_thresholds(integer, integer), public.report_figures(jsonb, text),
  public.export_case_table(jsonb), public.export_case_points(double precision[], double precision, jsonb),
  public.export_unit_indicators(text, jsonb) from public, anon;
grant execute on function public.set_privacy_thresholds(integer, integer), public.report_figures(jsonb, text),
  public.export_case_table(jsonb), public.export_case_points(double precision[], double precision, jsonb),
  public.export_unit_indicators(text, jsonb) to authenticated, service_role;

-- Exports record their thresholds ----------------------------------------------------------------------
create or replace function public.log_export(record_kind text, export_format text, row_count integer, details jsonb default '{}'::jsonb) returns void
language plpgsql volatile security definer set search_path = public as $$
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'sign in with an active role to export';
  end if;
  perform private.audit('export', record_kind, coalesce(details, '{}'::jsonb)
    || jsonb_build_object('format', export_format, 'rows', row_count,
         'suppression_k', private.setting_k('suppression_k'), 'export_k', private.setting_k('export_k')));
end
$$;
