-- Border corridors (issue 22, item 6): where a case crossed the border (a gate, an informal
-- crossing or a trail) and where it led, as flows origin unit → crossing → destination country.
--
-- cases.crossing_id names the border feature (gate, crossing or trail) a case crossed, when known.
-- The case publication gains two breakdowns of its all-types cell (cube C, class dimension):
-- by crossing ('G:<crossing id>', '-' unknown) and, under each crossing, by destination
-- ('X:<crossing id>:<country>', '-' none or unknown), for the country, provinces and the units
-- below them, all time, years and quarters. They are protected with every other cell (same groups,
-- same rounds), so a corridor below k is hidden and no difference of shown corridors, types or
-- totals gives it back. Non-investigators read flows from it (corridor_flows); investigators, on
-- screen, count their cases exactly.

alter table public.cases add column crossing_id uuid references public.border_features (id) on delete set null;
comment on column public.cases.crossing_id is
  'The border gate, informal crossing or trail the case crossed, when known (null: unknown or not across a land border).';
create index cases_crossing_idx on public.cases (crossing_id) where crossing_id is not null;

-- Only a gate, a crossing or a trail: a border line is not a place to cross.
create function private.check_case_crossing() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if new.crossing_id is not null and not exists (
    select 1 from public.border_features b where b.id = new.crossing_id and b.kind in ('gate', 'crossing', 'trail')) then
    raise exception using errcode = '23503', message = 'cases.crossing_id: a border gate, informal crossing or trail',
      detail = format('no gate, crossing or trail has id %s', new.crossing_id);
  end if;
  return new;
end
$$;
create trigger cases_crossing_check before insert or update of crossing_id on public.cases
  for each row execute function private.check_case_crossing();
revoke execute on function private.check_case_crossing() from public, anon, authenticated;

-- Where a flow to a country is drawn: its capital (another country: none).
alter table public.destination_countries add column lon double precision check (lon between -180 and 180),
  add column lat double precision check (lat between -90 and 90);
update public.destination_countries d set lon = x.lon, lat = x.lat
from (values ('CN', 116.40, 39.90), ('KH', 104.92, 11.56), ('LA', 102.63, 17.97), ('MM', 96.13, 19.75),
  ('TH', 100.50, 13.75), ('MY', 101.69, 3.14), ('KR', 126.98, 37.57), ('TW', 121.56, 25.03), ('JP', 139.69, 35.69)) as x(code, lon, lat)
where d.code = x.code;
comment on column public.destination_countries.lon is 'Where flows to this country end on a map (its capital); null: not drawn.';

-- The case form names the crossing.
create or replace function private.record_fields(record_kind text) returns text[]
language sql immutable set search_path = '' as $$
  select case record_kind
    when 'industrial_zones' then array['name', 'workers']
    when 'boarding_houses' then array['label', 'workers', 'rooms', 'industrial_zone_id', 'location_source', 'location_accuracy_m']
    when 'outreach' then array['form', 'held_on', 'people_reached', 'materials', 'organiser', 'campaign_id', 'location_source', 'location_accuracy_m']
    when 'model_sites' then array['kind', 'name', 'opened_on', 'active', 'location_source', 'location_accuracy_m']
    when 'cases' then array['case_type', 'occurred_on', 'location_precision', 'victims_female', 'victims_male',
      'victims_under_16', 'victims_16_17', 'victims_adult', 'destination_country', 'crossing_id', 'status']
  end
$$;

-- The values checked as before; a crossing is the id of a gate, crossing or trail, said by field.
alter function private.check_record_values(text, jsonb, text) rename to check_record_values_fields;
create function private.check_record_values(record_kind text, fields jsonb, here text) returns void
language plpgsql stable security definer set search_path = '' as $$
declare
  v jsonb := case when jsonb_typeof(fields) = 'object' then fields -> 'crossing_id' end;
begin
  perform private.check_record_values_fields(record_kind, fields, here);
  if record_kind <> 'cases' or v is null or jsonb_typeof(v) = 'null' then
    return;
  end if;
  if v #>> '{}' !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    perform private.raise_invalid(format('%s.crossing_id: the id of a border gate, crossing or trail', here), format('got %s', left(v::text, 40)));
  end if;
  if not exists (select 1 from public.border_features b where b.id = (v #>> '{}')::uuid and b.kind in ('gate', 'crossing', 'trail')) then
    perform private.raise_invalid(format('%s.crossing_id: no border gate, crossing or trail has this id', here), format('got %s', v #>> '{}'));
  end if;
end
$$;
revoke execute on function private.check_record_values_fields(text, jsonb, text), private.check_record_values(text, jsonb, text) from public, anon;
grant execute on function private.check_record_values_fields(text, jsonb, text), private.check_record_values(text, jsonb, text) to authenticated, service_role;

create or replace function public.record_vocabularies() returns jsonb
language sql stable security invoker set search_path = public as $$
  select public.check_request();
  select jsonb_build_object(
    'form', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from outreach_forms),
    'kind', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from model_site_kinds),
    'case_type', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from case_types),
    'destination_country', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from destination_countries),
    'crossing', (select coalesce(jsonb_agg(jsonb_build_object('code', b.id, 'vi', x.label, 'en', x.label) order by b.country_code, b.kind, b.name, b.id), '[]'::jsonb)
                 from border_features b
                   cross join lateral (select coalesce(b.name, b.kind) || ' (' || b.country_code || ')' as label) x
                 where b.kind in ('gate', 'crossing', 'trail')))
$$;

-- Publication ------------------------------------------------------------------------------------
-- The build as before, with the corridor cells and their classes. Restated whole.
create or replace function private.build_case_publication() returns jsonb
language plpgsql volatile security definer set search_path = public, extensions as $$
declare
  started timestamptz := clock_timestamp();
  built_from bigint;
  k_screen integer := private.setting_k('suppression_k');
  k_export integer := private.setting_k('export_k');
  rounds_screen integer;
  rounds_export integer;
  level_stats jsonb;
begin
  -- Its temporary tables are made from queries, which plpgsql_check cannot follow (as before: the
  -- publication tests check it).
  perform 'PRAGMA:DISABLE:CHECK';
  select data_version into built_from from private.case_pub_state;
  truncate private.case_pub_cell, private.case_pub_space, private.case_pub_time, private.case_pub_class;

  -- Each unit with its province and its unit directly below the province (null: the province itself).
  create temp table pub_units on commit drop as
  with recursive anc as (
    select u.id, u.id as province_id, null::uuid as unit_id from admin_units u where u.level = 'province'
    union all
    select u.id, a.province_id, coalesce(a.unit_id, u.id) from admin_units u join anc a on u.parent_id = a.id
  )
  select a.id, a.province_id, p.code as province_code, a.unit_id, x.code as unit_code,
    exists (select 1 from admin_units c where c.parent_id = a.province_id) as province_has_units
  from anc a join admin_units p on p.id = a.province_id left join admin_units x on x.id = a.unit_id;

  -- Cases at the finest resolution published anywhere: 0.05° cell, unit, month, type.
  create temp table pub_fine on commit drop as
  select u.province_code, u.unit_code, u.province_has_units,
    floor(st_x(c.geom) * 20)::int as gx, floor(st_y(c.geom) * 20)::int as gy,
    extract(year from c.occurred_on)::int as y, extract(quarter from c.occurred_on)::int as q,
    extract(month from c.occurred_on)::int as mo, c.case_type,
    count(*)::bigint as n, sum(c.victims_female + c.victims_male)::bigint as v,
    sum(c.victims_female)::bigint as vf, sum(c.victims_male)::bigint as vm, sum(c.victims_under_16)::bigint as vu16,
    sum(c.victims_16_17)::bigint as v1617, sum(c.victims_adult)::bigint as vad
  from cases c join pub_units u on u.id = c.admin_unit_id
  group by 1, 2, 3, 4, 5, 6, 7, 8, 9;

  -- Space keys of a fine row: units (which carry months) and grid cells (which do not).
  create temp table pub_work (cube char(1), s text, t text, c text, n bigint, h boolean) on commit drop;
  insert into pub_work (cube, s, t, c, n, h)
  select 'C', sk.key, tk.key, ty.key, sum(f.n), false
  from pub_fine f
    cross join lateral private.case_pub_space_keys(f.province_code, f.unit_code, f.province_has_units, f.gx, f.gy) sk
    cross join lateral (values ('all'), ('Y' || f.y), ('Q' || f.y || '-' || f.q),
      (case when sk.is_unit then 'M' || f.y || '-' || lpad(f.mo::text, 2, '0') end)) as tk(key)
    cross join lateral (values ('*'), (f.case_type)) as ty(key)
  where tk.key is not null
  group by 2, 3, 4;

  insert into pub_work (cube, s, t, c, n, h)
  select 'V', sk.key, tk.key, cl.key, sum(cl.n), false
  from pub_fine f
    cross join lateral private.case_pub_space_keys(f.province_code, f.unit_code, f.province_has_units, f.gx, f.gy) sk
    cross join lateral (values ('all'), ('Y' || f.y), ('Q' || f.y || '-' || f.q), ('M' || f.y || '-' || lpad(f.mo::text, 2, '0'))) as tk(key)
    cross join lateral (values ('V', f.v), ('F', f.vf), ('M', f.vm), ('U16', f.vu16), ('A1617', f.v1617), ('AD', f.vad),
      ('T:' || f.case_type, f.v)) as cl(key, n)
  where sk.is_unit
  group by 2, 3, 4;
  -- Corridors: cases by crossing ('G:<crossing>') and by crossing and destination
  -- ('X:<crossing>:<country>'), '-' where unknown, so each breakdown adds up to the type total '*'.
  -- Country, provinces and units; all time, years and quarters (no months: too few cases per cell).
  create temp table pub_corridor on commit drop as
  select u.province_code, u.unit_code, u.province_has_units,
    extract(year from c.occurred_on)::int as y, extract(quarter from c.occurred_on)::int as q,
    coalesce(c.crossing_id::text, '-') as crossing, coalesce(c.destination_country, '-') as destination, count(*)::bigint as n
  from cases c join pub_units u on u.id = c.admin_unit_id
  group by 1, 2, 3, 4, 5, 6, 7;
  insert into pub_work (cube, s, t, c, n, h)
  select 'C', sk.key, tk.key, cl.key, sum(f.n), false
  from pub_corridor f
    cross join lateral private.case_pub_space_keys(f.province_code, f.unit_code, f.province_has_units, 0, 0) sk
    cross join lateral (values ('all'), ('Y' || f.y), ('Q' || f.y || '-' || f.q)) as tk(key)
    cross join lateral (values ('G:' || f.crossing), ('X:' || f.crossing || ':' || f.destination)) as cl(key)
  where sk.is_unit
  group by 2, 3, 4;
  -- A cube with no victims in a cell says nothing there; zero cells are published as absent.
  delete from pub_work where n = 0;
  alter table pub_work add column lb bigint;
  create unique index on pub_work (cube, s, t, c);
  analyze pub_work;

  -- Dimensions.
  insert into private.case_pub_time (key, level, parent, from_day, to_day)
  select distinct w.t,
    case when w.t = 'all' then 'all' when w.t like 'Y%' then 'year' when w.t like 'Q%' then 'quarter' else 'month' end,
    case when w.t = 'all' then null
         when w.t like 'Y%' then 'all'
         when w.t like 'Q%' then 'Y' || split_part(substr(w.t, 2), '-', 1)
         else 'Q' || split_part(substr(w.t, 2), '-', 1) || '-' || ((split_part(w.t, '-', 2)::int + 2) / 3) end,
    case when w.t = 'all' then null
         when w.t like 'Y%' then make_date(substr(w.t, 2)::int, 1, 1)
         when w.t like 'Q%' then make_date(split_part(substr(w.t, 2), '-', 1)::int, split_part(w.t, '-', 2)::int * 3 - 2, 1)
         else make_date(split_part(substr(w.t, 2), '-', 1)::int, split_part(w.t, '-', 2)::int, 1) end,
    null::date
  from pub_work w;
  update private.case_pub_time set to_day = (from_day + case level when 'year' then interval '1 year'
    when 'quarter' then interval '3 months' else interval '1 month' end)::date - 1 where level <> 'all';

  insert into private.case_pub_class (cube, key, parent, tag)
  select 'C', '*', null, null union all
  select 'C', t.code, '*', 'type' from case_types t union all
  select distinct 'C', w.c, '*', 'crossing' from pub_work w where w.cube = 'C' and w.c like 'G:%' union all
  select distinct 'C', w.c, 'G:' || split_part(w.c, ':', 2), 'corridor' from pub_work w where w.cube = 'C' and w.c like 'X:%' union all
  select 'V', 'V', null, null union all
  select 'V', x.key, 'V', x.tag from (values ('F', 'sex'), ('M', 'sex'), ('U16', 'age'), ('A1617', 'age'), ('AD', 'age')) as x(key, tag) union all
  select 'V', 'T:' || t.code, 'V', 'type' from case_types t;

  insert into private.case_pub_space (key, level, parent, tag, province_id, unit_id, gx, gy, cell_deg, geom, point)
  select k.key,
    case when k.key = 'VN' then 'country' when k.key like 'P:%' then 'province' when k.key like 'U:%' then 'unit'
         when k.key like 'R:%' then 'rest' else split_part(k.key, ':', 1) end,
    case when k.key = 'VN' then null when k.key like 'P:%' then 'VN'
         when k.key like 'U:%' then 'P:' || u.province_code
         when k.key like 'R:%' then 'P:' || substr(k.key, 3)
         when k.key like 'G0:%' then 'P:' || split_part(k.key, ':', 2)
         else 'G' || (substr(split_part(k.key, ':', 1), 2)::int - 1) || ':' || split_part(k.key, ':', 2) || ':'
           || floor(split_part(k.key, ':', 3)::int / 2.0)::int || ':' || floor(split_part(k.key, ':', 4)::int / 2.0)::int end,
    case when k.key = 'VN' then null when k.key like 'P:%' then 'province' when k.key ~ '^[UR]:' then 'unit' else 'grid' end,
    null, null,
    case when k.key like 'G%' then split_part(k.key, ':', 3)::int end,
    case when k.key like 'G%' then split_part(k.key, ':', 4)::int end,
    case when k.key like 'G%' then 0.8 / power(2, substr(split_part(k.key, ':', 1), 2)::int) end,
    null, null
  from (select distinct w.s as key from pub_work w) k
    left join pub_units u on k.key like 'U:%' and u.id = u.unit_id and u.unit_code = substr(k.key, 3);
  -- Provinces, units and their geometry; grid cells are their square within the province.
  update private.case_pub_space s set province_id = p.id,
    geom = case when s.level in ('province', 'rest') then p.geom
                when s.level like 'G%' then st_intersection(p.geom, st_makeenvelope(s.gx * s.cell_deg, s.gy * s.cell_deg,
                  (s.gx + 1) * s.cell_deg, (s.gy + 1) * s.cell_deg, 4326)) end
  from admin_units p
  where p.level = 'province' and p.code = case when s.level like 'G%' then split_part(s.key, ':', 2) else substr(s.key, 3) end
    and s.level <> 'unit';
  update private.case_pub_space s set unit_id = x.id, province_id = u.province_id, geom = x.geom
  from admin_units x join pub_units u on u.id = x.id
  where s.level = 'unit' and x.code = substr(s.key, 3);
  update private.case_pub_space s set geom = (select st_union(p.geom) from admin_units p where p.level = 'province') where s.level = 'country';
  -- A grid cell whose cases lie outside their province's outline keeps the cell's square clipped to nothing: use the province.
  update private.case_pub_space s set geom = p.geom from admin_units p
  where s.level like 'G%' and p.id = s.province_id and (s.geom is null or st_isempty(s.geom) or st_dimension(s.geom) < 2);
  -- The anonymous point of a cell: the square's centre when it lies in the province, else a point on its part inside.
  update private.case_pub_space s set point = case
      when s.level like 'G%' and st_contains(s.geom, st_setsrid(st_makepoint((s.gx + 0.5) * s.cell_deg, (s.gy + 0.5) * s.cell_deg), 4326))
        then st_setsrid(st_makepoint((s.gx + 0.5) * s.cell_deg, (s.gy + 0.5) * s.cell_deg), 4326)
      else st_pointonsurface(s.geom) end;

  -- Every cell as a part of its group along each dimension: (group total) ← part.
  create temp table pub_members on commit drop as
  select w.cube, sp.parent as gs, w.t as gt, w.c as gc, 's:' || sp.tag as tag, w.s, w.t, w.c
  from pub_work w join private.case_pub_space sp on sp.key = w.s where sp.parent is not null
  union all
  select w.cube, w.s, tm.parent, w.c, 't', w.s, w.t, w.c
  from pub_work w join private.case_pub_time tm on tm.key = w.t where tm.parent is not null
  union all
  select w.cube, w.s, w.t, cl.parent, 'c:' || cl.tag, w.s, w.t, w.c
  from pub_work w join private.case_pub_class cl on cl.cube = w.cube and cl.key = w.c where cl.parent is not null;
  create index on pub_members (cube, gs, gt, gc, tag);
  analyze pub_members;

  -- Protect each tier.
  rounds_screen := private.case_pub_protect(k_screen);
  insert into private.case_pub_cell (cube, s, t, c, n, hidden_screen) select w.cube, w.s, w.t, w.c, w.n, w.h from pub_work w;
  rounds_export := private.case_pub_protect(k_export);
  update private.case_pub_cell p set hidden_export = w.h from pub_work w
  where p.cube = w.cube and p.s = w.s and p.t = w.t and p.c = w.c;
  analyze private.case_pub_cell;
  analyze private.case_pub_space;

  -- What suppression costs the maps: cases (all time, all types) in suppressed cells, per level.
  select jsonb_object_agg(x.level, jsonb_build_object('cells', x.cells, 'cases', x.cases,
      'hidden_cells_screen', x.hs, 'hidden_cases_screen', x.cs, 'hidden_cells_export', x.he, 'hidden_cases_export', x.ce))
  into level_stats
  from (select s.level, count(*) as cells, sum(c.n) as cases,
          count(*) filter (where c.hidden_screen) as hs, coalesce(sum(c.n) filter (where c.hidden_screen), 0) as cs,
          count(*) filter (where c.hidden_export) as he, coalesce(sum(c.n) filter (where c.hidden_export), 0) as ce
        from private.case_pub_cell c join private.case_pub_space s on s.key = c.s
        where c.cube = 'C' and c.t = 'all' and c.c = '*' group by s.level) x;

  update private.case_pub_state set built_version = built_from, built_at = now(),
    build_ms = (extract(epoch from clock_timestamp() - started) * 1000)::int, screen_k = k_screen, export_k = k_export,
    stats = coalesce(level_stats, '{}'::jsonb) || jsonb_build_object('rounds_screen', rounds_screen, 'rounds_export', rounds_export,
      'cells', (select count(*) from private.case_pub_cell));
  drop table pub_members, pub_work, pub_fine, pub_corridor, pub_units;
  return (select to_jsonb(s) - 'singleton' from private.case_pub_state s);
end
$$;


-- The country, province or unit directly below a province a filter names, as a publication node.
create function private.case_pub_area(unit uuid) returns text
language plpgsql stable security definer set search_path = '' as $$
declare
  node text;
begin
  if unit is null then
    return 'VN';
  end if;
  select case when u.level = 'province' then 'P:' || u.code when p.level = 'province' then 'U:' || u.code end into node
  from public.admin_units u left join public.admin_units p on p.id = u.parent_id where u.id = unit;
  if node is null then
    perform private.raise_invalid('case figures cover the country, a province or a unit directly below a province',
      null, 'choose the province or the district that holds this unit');
  end if;
  return node;
end
$$;

-- Each administrative unit with the publication's nodes it counts under: its province ('P:<code>')
-- and the unit directly below the province that holds it ('U:<code>'; the province's remainder
-- 'R:<code>' for a province's own places, or the province itself when it has no units).
create function private.unit_nodes() returns table (id uuid, province_key text, unit_key text)
language sql stable security definer set search_path = '' as $$
  with recursive anc as (
    select u.id, u.id as province_id, null::uuid as unit_id from public.admin_units u where u.level = 'province'
    union all
    select u.id, a.province_id, coalesce(a.unit_id, u.id) from public.admin_units u join anc a on u.parent_id = a.id
  )
  select a.id, 'P:' || p.code,
    case when x.code is not null then 'U:' || x.code
         when exists (select 1 from public.admin_units ch where ch.parent_id = p.id) then 'R:' || p.code
         else 'P:' || p.code end
  from anc a join public.admin_units p on p.id = a.province_id left join public.admin_units x on x.id = a.unit_id
$$;

-- A crossing's point on a map: the gate or crossing, or the border end of a trail.
create function private.crossing_point(geom extensions.geometry) returns extensions.geometry
language sql immutable set search_path = '' as $$
  select case extensions.geometrytype(geom)
    when 'POINT' then geom
    when 'LINESTRING' then extensions.st_startpoint(geom)
    when 'MULTILINESTRING' then extensions.st_startpoint(extensions.st_geometryn(geom, 1))
    else extensions.st_pointonsurface(geom) end
$$;

-- Flows origin → crossing → destination of one area and period: the publication's cells of the
-- tier for everyone but investigators on screen (who count their cases exactly, audited).
--   filters: {admin_unit, from, to}; the area is the country (origins: provinces), a province
--   (origins: its units and the cases placed in none) or a unit directly below a province.
-- Answers {tier, k, exact, period, area, total, flows [{origin, crossing, destination, cases}],
-- origin_crossings [{origin, crossing, cases}], corridors [{crossing, destination, cases}] (the
-- area's), crossings_total [{crossing, cases}] (the area's),
-- origins, crossings and destinations by key with names and points}. Only shown cells are listed:
-- a corridor below k is absent (as an empty one is), and every figure is a published cell.
-- Corridors are counted over all case types (the publication does not cut them by type).
create function public.corridor_flows(filters jsonb default '{}', tier text default 'screen') returns jsonb
language plpgsql volatile security definer set search_path = public, extensions set statement_timeout = '2min' as $$
declare
  role text := private.app_role();
  f jsonb := coalesce(filters, '{}'::jsonb);
  unit uuid;
  node text;
  date_from date;
  date_to date;
  period record;
  k int;
  cells jsonb;
  origin_keys text[];
begin
  if role is null then
    raise exception using errcode = '42501', message = 'sign in with an active role';
  end if;
  perform private.case_pub_tier(tier);
  unit := private.filter_unit(f);
  node := private.case_pub_area(unit);
  date_from := private.filter_date(f, 'from');
  date_to := private.filter_date(f, 'to');
  if date_from is not null and date_to is not null and date_from > date_to then
    perform private.raise_invalid('filters.from comes after filters.to', format('%s > %s', date_from, date_to));
  end if;

  if role = 'investigator' and tier = 'screen' then
    -- Exact: each case of the area and period under its origin node (keys as the publication's).
    with placed as (
      select c.crossing_id, c.destination_country, n.province_key, n.unit_key
      from cases c join private.unit_nodes() n on n.id = c.admin_unit_id
      where (date_from is null or c.occurred_on >= date_from) and (date_to is null or c.occurred_on <= date_to)
    ), in_area as (
      select case when node = 'VN' then province_key else unit_key end as origin,
        coalesce(crossing_id::text, '-') as crossing, coalesce(destination_country, '-') as destination
      from placed
      where node = 'VN' or node = province_key or node = unit_key
    )
    select jsonb_build_object(
      'total', (select count(*) from in_area),
      'flows', coalesce((select jsonb_agg(jsonb_build_object('origin', origin, 'crossing', crossing, 'destination', destination, 'cases', n)
                                          order by n desc, origin, crossing, destination)
                         from (select origin, crossing, destination, count(*) as n from in_area group by 1, 2, 3) g), '[]'::jsonb),
      'origin_crossings', coalesce((select jsonb_agg(jsonb_build_object('origin', origin, 'crossing', crossing, 'cases', n)
                                                     order by n desc, origin, crossing)
                                    from (select origin, crossing, count(*) as n from in_area group by 1, 2) g), '[]'::jsonb),
      'corridors', coalesce((select jsonb_agg(jsonb_build_object('crossing', crossing, 'destination', destination, 'cases', n)
                                              order by n desc, crossing, destination)
                             from (select crossing, destination, count(*) as n from in_area group by 1, 2) g), '[]'::jsonb),
      'crossings_total', coalesce((select jsonb_agg(jsonb_build_object('crossing', crossing, 'cases', n) order by n desc, crossing)
                                   from (select crossing, count(*) as n from in_area group by 1) g), '[]'::jsonb))
    into cells;
    perform private.audit('read_exact_cases', 'cases', jsonb_build_object('function', 'corridor_flows', 'area', node, 'rows', cells -> 'total'));
    return private.corridor_answer(cells, tier, null, true, node, date_from, date_to);
  end if;

  perform private.ensure_case_publication();
  k := private.setting_k(case when tier = 'export' then 'export_k' else 'suppression_k' end);
  select * into period from private.case_pub_period(date_from, date_to, false);
  select coalesce(array_agg(s.key), array[node]) into origin_keys
  from private.case_pub_space s where s.parent = node and s.tag in ('province', 'unit');
  if tier = 'export' then
    perform private.audit('export_tier_read', 'cases', jsonb_build_object('function', 'corridor_flows', 'area', node));
  end if;
  perform private.note_publication_read(tier, 'corridors');

  -- A sum over the period's buckets is shown only when every bucket's cell is (case_pub_sum's rule).
  with shown as (
    select c.s, c.c, sum(c.n) as n
    from private.case_pub_cell c
    where c.cube = 'C' and c.s = any (origin_keys || node) and c.t = any (period.keys) and (c.c like 'X:%' or c.c like 'G:%')
    group by c.s, c.c
    having count(*) = cardinality(period.keys)
       and not bool_or(case when tier = 'export' then c.hidden_export else c.hidden_screen end)
  )
  select jsonb_build_object(
    'total', (select n from private.case_pub_sum(tier, 'C', array[node], period.keys, array['*'])),
    'flows', coalesce((select jsonb_agg(jsonb_build_object('origin', s, 'crossing', split_part(c, ':', 2), 'destination', split_part(c, ':', 3), 'cases', n)
                                        order by n desc, s, c)
                       from shown where c like 'X:%' and s = any (origin_keys)), '[]'::jsonb),
    'origin_crossings', coalesce((select jsonb_agg(jsonb_build_object('origin', s, 'crossing', substr(c, 3), 'cases', n) order by n desc, s, c)
                                  from shown where c like 'G:%' and s = any (origin_keys)), '[]'::jsonb),
    'corridors', coalesce((select jsonb_agg(jsonb_build_object('crossing', split_part(c, ':', 2), 'destination', split_part(c, ':', 3), 'cases', n)
                                            order by n desc, c)
                           from shown where s = node and c like 'X:%'), '[]'::jsonb),
    'crossings_total', coalesce((select jsonb_agg(jsonb_build_object('crossing', substr(c, 3), 'cases', n) order by n desc, c)
                                 from shown where s = node and c like 'G:%'), '[]'::jsonb))
  into cells;
  return private.corridor_answer(cells, tier, k, false, node, period.snapped_from, period.snapped_to);
end
$$;

-- The answer's names and points for the keys its cells use.
create function private.corridor_answer(cells jsonb, tier text, k integer, exact boolean, node text, period_from date, period_to date)
returns jsonb
language sql stable security definer set search_path = public, extensions as $$
  with used as (
    select e ->> 'origin' as origin, e ->> 'crossing' as crossing, e ->> 'destination' as destination
    from jsonb_array_elements(cells -> 'flows') e
    union all
    select e ->> 'origin', e ->> 'crossing', null from jsonb_array_elements(cells -> 'origin_crossings') e
    union all
    select null, e ->> 'crossing', e ->> 'destination' from jsonb_array_elements(cells -> 'corridors') e
    union all
    select null, e ->> 'crossing', null from jsonb_array_elements(cells -> 'crossings_total') e
  ), origin_units as (
    select distinct o.origin, u.code, u.name, st_pointonsurface(u.geom) as point
    from used o join admin_units u on u.code = substr(o.origin, 3)
      and (o.origin like 'P:%' and u.level = 'province' or o.origin like 'R:%' and u.level = 'province'
           or o.origin like 'U:%' and u.level <> 'province')
  )
  select cells || jsonb_build_object('tier', tier, 'k', k, 'exact', exact,
    'area', (select jsonb_build_object('key', node, 'code', u.code, 'name', coalesce(u.name, 'Việt Nam'))
             from (select 1) one left join admin_units u on node <> 'VN' and u.code = substr(node, 3)),
    'period', jsonb_build_object('from', period_from, 'to', period_to),
    'origins', coalesce((select jsonb_object_agg(o.origin, jsonb_build_object('code', o.code, 'name', o.name, 'rest', o.origin like 'R:%',
                 'lon', round(st_x(o.point)::numeric, 5), 'lat', round(st_y(o.point)::numeric, 5))) from origin_units o), '{}'::jsonb),
    'crossings', coalesce((select jsonb_object_agg(b.id, jsonb_build_object('name', b.name, 'kind', b.kind, 'country', b.country_code,
                   'gate_class', b.gate_class, 'lon', round(st_x(private.crossing_point(b.geom))::numeric, 5),
                   'lat', round(st_y(private.crossing_point(b.geom))::numeric, 5)))
                 from border_features b where b.id::text in (select crossing from used)), '{}'::jsonb),
    'destinations', coalesce((select jsonb_object_agg(d.code, jsonb_build_object('vi', d.name_vi, 'en', d.name_en, 'lon', d.lon, 'lat', d.lat))
                    from destination_countries d where d.code in (select destination from used)), '{}'::jsonb))
$$;

revoke execute on function private.case_pub_area(uuid), private.crossing_point(extensions.geometry), private.unit_nodes(),
  private.corridor_answer(jsonb, text, integer, boolean, text, date, date) from public, anon;
grant execute on function private.case_pub_area(uuid), private.crossing_point(extensions.geometry), private.unit_nodes(),
  private.corridor_answer(jsonb, text, integer, boolean, text, date, date) to authenticated, service_role;
revoke execute on function public.corridor_flows(jsonb, text) from public, anon;
grant execute on function public.corridor_flows(jsonb, text) to authenticated, service_role;
