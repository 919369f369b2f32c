-- Publish, then query (shared/ARCHITECTURE.md). Every case figure a non-investigator receives is a
-- sum of cells of one protected publication per tier (screen: suppression_k, export: export_k),
-- never a count over raw rows cut by a request's box, dates or types. So whatever a user asks, and
-- however many questions they combine, they learn linear combinations of published cells — and the
-- publication itself is protected as one linked table.
--
-- Fixed dimensions:
--   space  the country ('VN'); provinces ('P:<code>'); the units directly below a province
--          ('U:<code>', districts or communes) and the province's own remainder ('R:<code>', cases
--          placed in the province but in none of its units); a ladder of grid cells of 0.8°, 0.4°,
--          0.2°, 0.1° and 0.05° with a fixed origin, cut by province ('G<level>:<province>:<gx>:<gy>',
--          level 0 = 0.8°), each nested in the one above and level 0 in its province.
--   time   all time ('all'), years ('Y2025'), quarters ('Q2025-3': the peak campaign 1/7–30/9 is Q3) and,
--          for the country, provinces and units, months ('M2025-07'). A free period is snapped
--          to whole buckets.
--   class  cases: all types ('*') and each type; victims (country, provinces and units): all ('V'),
--          by sex ('F', 'M'), by age band ('U16', 'A1617', 'AD') and by case type ('T:<type>').
-- Protection: cells of 1 … k-1 are suppressed (primary); victims wherever their cases are; then, until
-- every group (a total and its parts along one dimension: space, time or class) passes, a group whose
-- published total leaves a suppressed part alone, or a residual (total minus published parts) under
-- k or made of ones, loses its smallest published part (or its total), and a suppressed total whose
-- parts are all published loses its smallest part. Groups of all three dimensions are checked
-- together, so a hidden cell cannot be recovered along any of them; tests/helpers/disclosure.ts
-- bounds every suppressed cell by linear programming over the linked table.
--
-- Refresh: every change to cases, units or thresholds bumps a data version (statement triggers); the
-- first reader after a change rebuilds the publication under an advisory lock (or an admin calls
-- refresh_case_publication()). Readers never see raw rows.

create table private.case_pub_state (
  singleton boolean primary key default true check (singleton),
  data_version bigint not null default 1,
  built_version bigint,
  built_at timestamptz,
  build_ms integer,
  screen_k integer,
  export_k integer,
  stats jsonb
);
insert into private.case_pub_state default values;

-- Space nodes of the publication: their parent and which hierarchy joins them to it.
create table private.case_pub_space (
  key text primary key,
  level text not null check (level in ('country', 'province', 'unit', 'rest', 'G0', 'G1', 'G2', 'G3', 'G4')),
  parent text,
  -- 'province' (country → provinces), 'unit' (province → units and remainder), 'grid' (province → G0 → … → G4)
  tag text,
  province_id uuid,
  unit_id uuid,
  gx integer,
  gy integer,
  cell_deg double precision,
  geom extensions.geometry(Geometry, 4326),
  point extensions.geometry(Point, 4326)
);
create index case_pub_space_level_idx on private.case_pub_space (level);
create index case_pub_space_geom_idx on private.case_pub_space using gist (geom);

create table private.case_pub_time (
  key text primary key,
  level text not null check (level in ('all', 'year', 'quarter', 'month')),
  parent text,
  from_day date,
  to_day date
);

-- Cells: cube 'C' (cases by space, time, type) and 'V' (victims by space, time, class).
create table private.case_pub_cell (
  cube char(1) not null,
  s text not null,
  t text not null,
  c text not null,
  n bigint not null,
  hidden_screen boolean not null default false,
  hidden_export boolean not null default false,
  primary key (cube, s, t, c)
);

-- Parents along the class dimension, with the group a class belongs to (victims have three
-- breakdowns of one total).
create table private.case_pub_class (
  cube char(1) not null,
  key text not null,
  parent text,
  tag text,
  primary key (cube, key)
);

revoke all on private.case_pub_state, private.case_pub_space, private.case_pub_time, private.case_pub_cell,
  private.case_pub_class from public, anon, authenticated;

-- Data version ------------------------------------------------------------------------------------
create function private.case_pub_touch() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update private.case_pub_state set data_version = data_version + 1;
  return null;
end
$$;

create trigger cases_publication_touch after insert or update or delete or truncate on public.cases
  for each statement execute function private.case_pub_touch();
create trigger admin_units_publication_touch after insert or update or delete or truncate on public.admin_units
  for each statement execute function private.case_pub_touch();
create trigger case_types_publication_touch after insert or update or delete on public.case_types
  for each statement execute function private.case_pub_touch();

-- Protection ---------------------------------------------------------------------------------------
-- Marks the suppressed cells of one tier in pg_temp.pub_work (cube, s, t, c, n, h): primary below k,
-- then complementary until every group of every dimension passes. Returns the rounds it took.
create function private.case_pub_protect(k integer) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  rounds integer := 0;
  picked integer;
begin
  update pg_temp.pub_work set h = (n < k);
  -- Victims are hidden wherever their cases are: V with all types, T:<type> with that type.
  update pg_temp.pub_work v set h = true
  from pg_temp.pub_work c
  where v.cube = 'V' and c.cube = 'C' and c.h and v.s = c.s and v.t = c.t
    and ((v.c = 'V' and c.c = '*') or v.c = 'T:' || c.c);
  -- The groups of this tier's run. A group whose total and parts are all suppressed can never fail
  -- again (cells are only ever suppressed, never published back) and adds nothing to a reader's
  -- bounds: it is dropped, so each round looks only at groups still in play.
  create temp table pub_live on commit drop as select * from pg_temp.pub_members;
  create index on pub_live (cube, gs, gt, gc, tag);
  loop
    rounds := rounds + 1;
    delete from pg_temp.pub_live l
    using (select m.cube, m.gs, m.gt, m.gc, m.tag
           from pg_temp.pub_live m join pg_temp.pub_work w on w.cube = m.cube and w.s = m.s and w.t = m.t and w.c = m.c
           group by 1, 2, 3, 4, 5 having bool_and(w.h)) dead
      join pg_temp.pub_work p on p.cube = dead.cube and p.s = dead.gs and p.t = dead.gt and p.c = dead.gc and p.h
    where l.cube = dead.cube and l.gs = dead.gs and l.gt = dead.gt and l.gc = dead.gc and l.tag = dead.tag;
    -- What a reader can prove a suppressed cell holds at least: nothing (a suppressed cell may be
    -- empty: zeros are never told apart from small counts), or for a suppressed total the sum of its
    -- published parts, along whichever dimension says most.
    update pg_temp.pub_work set lb = case when h then 0 else n end where lb is distinct from case when h then 0 else n end;
    with sums as (
      select m.cube, m.gs, m.gt, m.gc, sum(w.n) as floor_sum
      from pg_temp.pub_live m join pg_temp.pub_work w on w.cube = m.cube and w.s = m.s and w.t = m.t and w.c = m.c
      where not w.h
      group by m.cube, m.gs, m.gt, m.gc, m.tag
    ), best as (
      select cube, gs, gt, gc, max(floor_sum) as floor_sum from sums group by 1, 2, 3, 4
    )
    update pg_temp.pub_work w set lb = b.floor_sum
    from best b
    where w.h and w.cube = b.cube and w.s = b.gs and w.t = b.gt and w.c = b.gc and b.floor_sum > w.lb;

    with groups as (
      select m.cube, m.gs, m.gt, m.gc, m.tag,
        count(*) filter (where w.h) as hidden_parts,
        coalesce(sum(w.n) filter (where w.h), 0) as residual,
        coalesce(sum(w.lb) filter (where w.h), 0) as floor_sum,
        count(*) filter (where not w.h) as published_parts
      from pg_temp.pub_live m join pg_temp.pub_work w on w.cube = m.cube and w.s = m.s and w.t = m.t and w.c = m.c
      group by 1, 2, 3, 4, 5
    ), failing as (
      select g.*, p.h as total_hidden
      from groups g join pg_temp.pub_work p on p.cube = g.cube and p.s = g.gs and p.t = g.gt and p.c = g.gc
      where (not p.h and g.hidden_parts >= 1 and (g.hidden_parts = 1 or g.residual < k or g.residual <= g.floor_sum))
         or (p.h and g.hidden_parts < 2 and g.published_parts > 0)
    ), pick as (
      -- The smallest published part of each failing group; with none, its total.
      select distinct on (f.cube, f.gs, f.gt, f.gc, f.tag) f.cube, f.gs, f.gt, f.gc, f.tag, f.total_hidden, w.s, w.t, w.c
      from failing f
        left join pg_temp.pub_live m on m.cube = f.cube and m.gs = f.gs and m.gt = f.gt and m.gc = f.gc and m.tag = f.tag
        left join pg_temp.pub_work w on w.cube = m.cube and w.s = m.s and w.t = m.t and w.c = m.c and not w.h and w.n > 0
      order by f.cube, f.gs, f.gt, f.gc, f.tag, w.n nulls last, w.s, w.t, w.c
    ), targets as (
      select p.cube, p.s, p.t, p.c from pick p where p.s is not null
      union
      select p.cube, p.gs, p.gt, p.gc from pick p where p.s is null and not p.total_hidden
    )
    update pg_temp.pub_work w set h = true
    from targets x
    where w.cube = x.cube and w.s = x.s and w.t = x.t and w.c = x.c and not w.h;
    get diagnostics picked = row_count;
    exit when picked = 0 or rounds >= 1000;
  end loop;
  drop table pub_live;
  if picked > 0 then
    raise exception 'case publication: protection did not settle after % rounds', rounds;
  end if;
  return rounds;
end
$$;

-- The space nodes a case of a province, unit (null: none) and 0.05° cell (gx, gy) counts in.
create function private.case_pub_space_keys(province_code text, unit_code text, province_has_units boolean, gx integer, gy integer)
returns table (key text, is_unit boolean)
language sql immutable set search_path = '' as $$
  select v.key, v.is_unit from (values
    ('VN', true),
    ('P:' || province_code, true),
    (case when unit_code is not null then 'U:' || unit_code when province_has_units then 'R:' || province_code end, true),
    ('G0:' || province_code || ':' || floor(gx / 16.0)::int || ':' || floor(gy / 16.0)::int, false),
    ('G1:' || province_code || ':' || floor(gx / 8.0)::int || ':' || floor(gy / 8.0)::int, false),
    ('G2:' || province_code || ':' || floor(gx / 4.0)::int || ':' || floor(gy / 4.0)::int, false),
    ('G3:' || province_code || ':' || floor(gx / 2.0)::int || ':' || floor(gy / 2.0)::int, false),
    ('G4:' || province_code || ':' || gx || ':' || gy, false)) as v(key, is_unit)
  where v.key is not null
$$;

-- Build --------------------------------------------------------------------------------------------
create function private.build_case_publication() returns jsonb
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
  drop table pub_members, pub_work, pub_fine, pub_units;
  return (select to_jsonb(s) - 'singleton' from private.case_pub_state s);
end
$$;

-- Is the publication built from the data and thresholds in force?
create function private.case_pub_current() returns boolean
language sql stable security definer set search_path = '' as $$
  select s.built_version is not distinct from s.data_version and s.screen_k = private.setting_k('suppression_k')
     and s.export_k = private.setting_k('export_k')
  from private.case_pub_state s
$$;

-- The publication, current: rebuilt first if cases, units or thresholds changed since it was made.
-- One builder at a time; the others wait for it and then find it current.
create function private.ensure_case_publication() returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if private.case_pub_current() then
    return;
  end if;
  perform pg_advisory_xact_lock(hashtext('hotspot-atlas/case-publication'));
  if not private.case_pub_current() then
    perform private.build_case_publication();
  end if;
end
$$;

-- Thresholds changing also invalidate it (ensure compares them); admins may rebuild at any time.
create function public.refresh_case_publication() returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
begin
  if private.app_role() is distinct from 'admin' and coalesce(auth.role(), '') <> 'service_role' then
    raise exception using errcode = '42501', message = 'only admins rebuild the case publication';
  end if;
  perform pg_advisory_xact_lock(hashtext('hotspot-atlas/case-publication'));
  perform private.audit('refresh_case_publication', 'cases', '{}'::jsonb);
  return private.build_case_publication();
end
$$;

-- What the publication is: version, when built, thresholds, and per space level how many cells and
-- cases (all time, all types) are suppressed at each tier. Every role may read it.
create function public.case_publication_info() returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
begin
  perform private.require_app_role();
  perform private.ensure_case_publication();
  return (select jsonb_build_object('version', s.built_version, 'built_at', s.built_at, 'build_ms', s.build_ms,
    'suppression_k', s.screen_k, 'export_k', s.export_k, 'levels', s.stats,
    'grid_deg', jsonb_build_array(0.8, 0.4, 0.2, 0.1, 0.05),
    'time_buckets', jsonb_build_array('all', 'year', 'quarter', 'month (country, provinces, districts)'))
    from private.case_pub_state s);
end
$$;

-- Readers -----------------------------------------------------------------------------------------
-- A period as whole published buckets: from snapped to the start of its month (quarter without
-- months), to to the end of its month (quarter); then the fewest aligned buckets (years, quarters,
-- months) that cover it; all time when it covers every year with cases. Answers the bucket keys and
-- the period they cover (null ends: open).
create function private.case_pub_period(date_from date, date_to date, with_months boolean,
  out keys text[], out snapped_from date, out snapped_to date)
language plpgsql stable security definer set search_path = '' as $$
declare
  first_year int;
  last_year int;
  d date;
  stop date;
begin
  select min(extract(year from from_day))::int, max(extract(year from from_day))::int into first_year, last_year
  from private.case_pub_time where level = 'year';
  snapped_from := case when date_from is null then null when with_months then date_trunc('month', date_from)::date
                       else date_trunc('quarter', date_from)::date end;
  snapped_to := case when date_to is null then null when with_months then (date_trunc('month', date_to) + interval '1 month')::date - 1
                     else (date_trunc('quarter', date_to) + interval '3 months')::date - 1 end;
  if first_year is null then
    keys := '{}';
    return;
  end if;
  d := greatest(coalesce(snapped_from, make_date(first_year, 1, 1)), make_date(first_year, 1, 1));
  stop := least(coalesce(snapped_to, make_date(last_year, 12, 31)), make_date(last_year, 12, 31));
  if d = make_date(first_year, 1, 1) and stop = make_date(last_year, 12, 31) then
    keys := array['all'];
    return;
  end if;
  keys := '{}';
  while d <= stop loop
    if extract(month from d) = 1 and (d + interval '1 year')::date - 1 <= stop then
      keys := keys || ('Y' || extract(year from d));
      d := (d + interval '1 year')::date;
    elsif extract(month from d) in (1, 4, 7, 10) and (d + interval '3 months')::date - 1 <= stop then
      keys := keys || ('Q' || extract(year from d) || '-' || extract(quarter from d));
      d := (d + interval '3 months')::date;
    else
      keys := keys || ('M' || extract(year from d) || '-' || lpad(extract(month from d)::text, 2, '0'));
      d := (d + interval '1 month')::date;
    end if;
  end loop;
end
$$;

-- Class keys of a type selection: '*' for all types (or every type listed), else the types.
create function private.case_pub_types(types text[]) returns text[]
language sql stable security definer set search_path = '' as $$
  select case when types is null or not exists (select 1 from public.case_types t where t.code <> all (types)) then array['*']
              else array(select distinct unnest(types)) end
$$;

-- The tier's k, and whether the caller reads the exact table instead (investigators on screen).
create function private.case_pub_tier(tier text) returns text
language plpgsql stable set search_path = '' as $$
begin
  if tier is null or tier not in ('screen', 'export') then
    perform private.raise_invalid(format('unknown tier "%s"', coalesce(tier, 'null')), 'tier is "screen" (in the app) or "export"');
  end if;
  return tier;
end
$$;

-- Published sums over buckets and classes for the given space nodes: null unless every cell of the
-- sum is published. An empty cell is never stored and reads as suppressed, so no answer tells a
-- reader where there are no cases (which would let sums pin the small cells beside them).
create function private.case_pub_sum(tier text, cube char(1), spaces text[], time_keys text[], classes text[])
returns table (s text, n bigint)
language sql stable security definer set search_path = '' as $$
  select x.s, case when count(c.n) = coalesce(cardinality(time_keys), 0) * coalesce(cardinality(classes), 0) and count(c.n) > 0
                    and not bool_or(case when tier = 'export' then c.hidden_export else c.hidden_screen end)
                   then sum(c.n) end
  from unnest(spaces) as x(s)
    left join private.case_pub_cell c on c.cube = case_pub_sum.cube and c.s = x.s and c.t = any (time_keys) and c.c = any (classes)
  group by x.s
$$;

-- Published case counts of the space nodes of one level in a view: the level is 'unit' (the finest
-- administrative units published: units below provinces, remainders, provinces without units),
-- 'province', or a grid level G0–G4. A box selects whole cells (those it touches); an area filter
-- selects the cells of that area (grid cells of its province touching it). Answers the cells shown
-- (suppressed ones with n null) with their geometry and anonymous point.
create function private.case_pub_view(tier text, space_level text, envelope extensions.geometry, area uuid,
  date_from date, date_to date, types text[])
returns table (key text, level text, n bigint, victims bigint, code text, name text, gx integer, gy integer,
  cell_deg double precision, geom extensions.geometry, point extensions.geometry, period_from date, period_to date)
language plpgsql volatile security definer set search_path = '' as $$
declare
  grid boolean := space_level like 'G%';
  period record;
  classes text[] := private.case_pub_types(types);
  area_province uuid;
  area_geom extensions.geometry;
  spaces text[];
begin
  perform private.ensure_case_publication();
  select * into period from private.case_pub_period(date_from, date_to, not grid);
  if area is not null then
    select coalesce(a.province_id, area), u.geom into area_province, area_geom
    from public.admin_units u
      left join lateral (select s.province_id from private.case_pub_space s where s.unit_id = u.id limit 1) a on true
    where u.id = area;
    if area_province is not null and not exists (select 1 from public.admin_units p where p.id = area_province and p.level = 'province') then
      select p.id into area_province from public.admin_units p
      where p.level = 'province' and area in (select private.unit_descendants(p.id));
    end if;
  end if;
  select array_agg(s.key) into spaces
  from private.case_pub_space s
  where case when space_level = 'unit' then s.level in ('unit', 'rest')
               or (s.level = 'province' and not exists (select 1 from private.case_pub_space x where x.parent = s.key and x.tag = 'unit'))
             else s.level = space_level end
    and (envelope is null or s.geom operator(extensions.&&) envelope)
    and (area is null or s.province_id = area_province and (s.level in ('province', 'rest') and area = area_province
         or s.unit_id is not null and s.unit_id in (select private.unit_descendants(area))
         or s.level like 'G%' and extensions.st_intersects(s.geom, area_geom)));
  return query
  select s.key, s.level, c.n, case when not grid and c.n is not null then v.n end,
    coalesce(u.code, p.code), coalesce(u.name, p.name), s.gx, s.gy, s.cell_deg, s.geom, s.point,
    period.snapped_from, period.snapped_to
  from private.case_pub_sum(tier, 'C', coalesce(spaces, '{}'), period.keys, classes) c
    join private.case_pub_space s on s.key = c.s
    left join private.case_pub_sum(tier, 'V', coalesce(spaces, '{}'), period.keys,
      case when classes = array['*'] then array['V'] else array(select 'T:' || x from unnest(classes) x) end) v on v.s = c.s
    left join public.admin_units u on u.id = s.unit_id
    left join public.admin_units p on p.id = s.province_id;
end
$$;

-- The grid level of the ladder nearest to a wanted cell size (in degrees).
create function private.case_pub_grid_level(cell_deg double precision) returns text
language sql immutable set search_path = '' as $$
  select 'G' || least(4, greatest(0, round(ln(0.8 / greatest(cell_deg, 1e-6)) / ln(2))::int))
$$;

grant execute on function private.ensure_case_publication(), private.case_pub_period(date, date, boolean),
  private.case_pub_types(text[]), private.case_pub_tier(text), private.case_pub_sum(text, char, text[], text[], text[]),
  private.case_pub_view(text, text, extensions.geometry, uuid, date, date, text[]), private.case_pub_grid_level(double precision)
  to authenticated, service_role;
revoke execute on function private.build_case_publication(), private.case_pub_protect(integer), private.case_pub_touch(),
  private.case_pub_current()
  from public, anon, authenticated;
revoke execute on function public.refresh_case_publication(), public.case_publication_info() from public, anon;
grant execute on function public.refresh_case_publication(), public.case_publication_info() to authenticated, service_role;

-- Every non-investigator reader of cases reads the publication --------------------------------------

-- The earlier readers stay for what they did right: layer_geojson's site layers and exact points
-- (now behind the wrapper below), the exact unit counts of investigators.
alter function public.layer_geojson(text, double precision[], jsonb) rename to layer_geojson_sites;
alter function public.layer_geojson_sites(text, double precision[], jsonb) set schema private;
drop function private.case_aggregates(extensions.geometry, date, date, text[], uuid, text, double precision);
drop function private.case_snapped(extensions.geometry, date, date, text[], uuid, double precision, integer);

-- Case aggregates of a view (layer_geojson, map_layer): investigators on screen get exact counts
-- (audited); everyone else, and every export, the publication's cells of the tier: grid cells of
-- the ladder level nearest the wanted size, or the finest published units. A box selects whole
-- cells; suppressed and empty cells are left out alike. Features carry count, victims (units),
-- admin_unit, name, cell [gx, gy] (grid) and the answer the period the buckets cover.
create or replace function private.case_aggregates(
  envelope extensions.geometry, date_from date, date_to date, types text[], unit uuid,
  mode text, cell_deg double precision, tier text default 'screen'
) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  k int;
  result jsonb;
  level text := case when mode = 'grid' then private.case_pub_grid_level(cell_deg) else 'unit' end;
  period_from date;
  period_to date;
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'permission denied for case aggregates';
  end if;
  perform private.case_pub_tier(tier);
  if private.app_role() = 'investigator' and tier = 'screen' then
    -- Exact counts on the cell the investigator asked for.
    with selected as (
      select c.admin_unit_id, c.geom, c.victims_female + c.victims_male as victims
      from public.cases c
      where (envelope is null or c.geom operator(extensions.&&) envelope)
        and (date_from is null or c.occurred_on >= date_from) and (date_to is null or c.occurred_on <= date_to)
        and (types is null or c.case_type = any (types))
        and (unit is null or c.admin_unit_id in (select private.unit_descendants(unit)))
    ), groups as (
      select s.admin_unit_id as unit_id, null::double precision as gx, null::double precision as gy, count(*) as n, sum(s.victims) as victims
      from selected s where mode = 'admin_unit' group by s.admin_unit_id
      union all
      select null, floor(extensions.st_x(s.geom) / cell_deg), floor(extensions.st_y(s.geom) / cell_deg), count(*), sum(s.victims)
      from selected s where mode = 'grid' group by 2, 3
    )
    select jsonb_build_object('type', 'FeatureCollection', 'aggregate', mode, 'suppression_k', 0, 'exact', true, 'tier', tier,
      'cell_deg', case when mode = 'grid' then cell_deg end,
      'features', coalesce(jsonb_agg(jsonb_build_object('type', 'Feature',
        'geometry', extensions.st_asgeojson(coalesce(u.geom, extensions.st_makeenvelope(g.gx * cell_deg, g.gy * cell_deg,
            (g.gx + 1) * cell_deg, (g.gy + 1) * cell_deg, 4326)), 5)::jsonb,
        'properties', jsonb_build_object('count', g.n, 'victims', g.victims, 'admin_unit', u.code, 'name', u.name,
          'cell', case when mode = 'grid' then jsonb_build_array(g.gx, g.gy) end)) order by g.n desc), '[]'::jsonb))
    into result
    from groups g left join public.admin_units u on u.id = g.unit_id;
    perform private.audit('read_exact_cases', 'cases', jsonb_build_object('aggregate', mode, 'rows',
      (select coalesce(sum((f -> 'properties' ->> 'count')::bigint), 0) from jsonb_array_elements(result -> 'features') f)));
    return result;
  end if;

  k := private.setting_k(case when tier = 'export' then 'export_k' else 'suppression_k' end);
  select jsonb_agg(jsonb_build_object('type', 'Feature',
      'geometry', extensions.st_asgeojson(v.geom, 5)::jsonb,
      'properties', jsonb_build_object('count', v.n, 'victims', v.victims, 'admin_unit', v.code, 'name', v.name,
        'cell', case when v.gx is not null then jsonb_build_array(v.gx, v.gy) end)) order by v.n desc, v.key),
    min(v.period_from), min(v.period_to)
  into result, period_from, period_to
  from private.case_pub_view(tier, level, envelope, unit, date_from, date_to, types) v
  where v.n is not null;
  perform private.note_publication_read(tier, level);
  return jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(result, '[]'::jsonb),
    'aggregate', mode, 'suppression_k', k, 'exact', false, 'tier', tier,
    'cell_deg', case when level like 'G%' then 0.8 / power(2, substr(level, 2)::int) end,
    'period', (select jsonb_build_object('from', p.snapped_from, 'to', p.snapped_to)
               from private.case_pub_period(date_from, date_to, level not like 'G%') p));
end
$$;

-- Defence in depth: how many aggregate answers each user asks for, per minute. Admins see bursts.
create table private.publication_reads (
  user_id uuid not null,
  minute timestamptz not null,
  reads integer not null default 0,
  primary key (user_id, minute)
);
revoke all on private.publication_reads from public, anon, authenticated;

create function private.note_publication_read(tier text, level text) returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if auth.uid() is null then
    return;
  end if;
  insert into private.publication_reads (user_id, minute, reads) values (auth.uid(), date_trunc('minute', now()), 1)
  on conflict (user_id, minute) do update set reads = private.publication_reads.reads + 1;
end
$$;

-- Users who asked for more than `per_minute` aggregate answers in a minute of the last `days`, for
-- the admin page: {user_id, email, role, minute, reads}.
create function public.admin_publication_bursts(per_minute integer default 120, days integer default 7) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
begin
  if private.app_role() is distinct from 'admin' then
    raise exception using errcode = '42501', message = 'only admins read query bursts';
  end if;
  return (select coalesce(jsonb_agg(jsonb_build_object('user_id', r.user_id, 'email', u.email, 'role', p.role,
      'minute', r.minute, 'reads', r.reads) order by r.reads desc, r.minute desc), '[]'::jsonb)
    from (select * from private.publication_reads x
          where x.reads > greatest(coalesce(per_minute, 120), 1) and x.minute > now() - make_interval(days => greatest(coalesce(days, 7), 1))
          order by x.reads desc limit 200) r
      left join auth.users u on u.id = r.user_id left join public.profiles p on p.user_id = r.user_id);
end
$$;

-- layer_geojson's cases aggregates take a tier (only ever stricter than the caller's own).
create or replace function public.layer_geojson(
  layer text,
  bbox double precision[] default null,
  filters jsonb default '{}'::jsonb
) returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  aggregate text;
  tier text;
begin
  if layer is distinct from 'cases' then
    return private.layer_geojson_sites(layer, bbox, f);
  end if;
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'this account has no role in Hotspot Atlas',
      hint = 'an admin assigns roles on the admin page';
  end if;
  perform private.check_filter_keys(layer, f, array['admin_unit', 'from', 'to', 'case_type', 'aggregate', 'cell_deg', 'tier']);
  tier := private.case_pub_tier(coalesce(private.filter_text(f, 'tier'), 'screen'));
  aggregate := coalesce((private.filter_codes(f, 'aggregate', array['admin_unit', 'grid', 'none']))[1],
    case when private.app_role() = 'investigator' and tier = 'screen' then 'none' else 'admin_unit' end);
  if aggregate = 'none' and (private.app_role() is distinct from 'investigator' or tier <> 'screen') then
    raise exception using errcode = '42501', message = 'exact case points are for investigators only',
      hint = 'use aggregate "admin_unit" or "grid"';
  end if;
  if aggregate = 'none' then
    return private.layer_geojson_sites(layer, bbox, f - 'tier');
  end if;
  if private.app_role() = 'investigator' and tier = 'export' then
    perform private.audit('export_tier_read', 'cases', jsonb_build_object('function', 'layer_geojson', 'aggregate', aggregate));
  end if;
  return private.case_aggregates(private.bbox_envelope(bbox), private.filter_date(f, 'from'), private.filter_date(f, 'to'),
    private.filter_codes(f, 'case_type', array(select x.code from case_types x)), private.filter_unit(f), aggregate,
    coalesce(private.filter_number(f, 'cell_deg', 0.01, 2), 0.1), tier);
end
$$;

-- Per-unit case counts for choropleths: exact for investigators on screen, else the publication's
-- unit cells of the tier (provinces; districts or communes directly below a province). Units of
-- other levels get null for everyone but investigators.
create function private.unit_case_counts(unit_level text, date_from date, date_to date, types text[], tier text)
returns table (unit_id uuid, cases bigint, victims bigint)
language plpgsql volatile security definer set search_path = '' as $$
begin
  if private.app_role() = 'investigator' and tier = 'screen' then
    return query select * from private.unit_case_counts(unit_level, date_from, date_to, types);
    return;
  end if;
  return query
  select u.id, v.n, v.victims
  from public.admin_units u
    left join private.case_pub_view(tier, case when unit_level = 'province' then 'province' else 'unit' end, null, null, date_from, date_to, types) v
      on v.code = u.code and v.level = case when unit_level = 'province' then 'province' else 'unit' end
  where u.level = unit_level;
end
$$;

create function private.unit_indicators(level text, filters jsonb, tier text)
returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  date_from date;
  date_to date;
  types text[];
  forms text[];
  exact boolean := private.app_role() = 'investigator' and tier = 'screen';
  k int := case when exact then 0 else private.setting_k(case when tier = 'export' then 'export_k' else 'suppression_k' end) end;
  result jsonb;
begin
  perform private.require_app_role();
  if level is null or level not in ('province', 'district', 'commune') then
    perform private.raise_invalid(format('unknown level "%s"', coalesce(level, 'null')), 'level is province, district or commune');
  end if;
  perform private.check_filter_keys('unit_indicators', f, array['from', 'to', 'case_type', 'form']);
  date_from := private.filter_date(f, 'from');
  date_to := private.filter_date(f, 'to');
  types := private.filter_codes(f, 'case_type', array(select x.code from case_types x));
  forms := private.filter_codes(f, 'form', array(select x.code from outreach_forms x));

  with recursive ancestry as (
    select u.id as unit_id, u.id as ancestor_id, u.parent_id from admin_units u
    union all
    select a.unit_id, p.id, p.parent_id from ancestry a join admin_units p on p.id = a.parent_id
  ),
  up as (
    select a.unit_id, a.ancestor_id from ancestry a join admin_units t on t.id = a.ancestor_id and t.level = unit_indicators.level
  ),
  houses as (
    select up.ancestor_id, count(*) as n, sum(h.workers) as workers
    from boarding_houses h join up on up.unit_id = h.admin_unit_id group by 1
  ),
  reach as (
    select up.ancestor_id, count(*) as n, sum(o.people_reached) as people
    from outreach_activities o join up on up.unit_id = o.admin_unit_id
    where (date_from is null or o.held_on >= date_from) and (date_to is null or o.held_on <= date_to)
      and (forms is null or o.form = any (forms))
    group by 1
  ),
  sites as (
    select up.ancestor_id, count(*) filter (where m.active) as n
    from model_sites m join up on up.unit_id = m.admin_unit_id group by 1
  )
  select jsonb_agg(jsonb_build_object(
      'code', u.code, 'name', u.name, 'population', u.population,
      'boarding_houses', coalesce(h.n, 0), 'workers', coalesce(h.workers, 0),
      'outreach', coalesce(r.n, 0), 'people_reached', coalesce(r.people, 0),
      'model_sites', coalesce(s.n, 0),
      'cases', cc.cases, 'victims', cc.victims) order by u.code)
  into result
  from admin_units u
    join private.unit_case_counts(unit_indicators.level, date_from, date_to, types, tier) cc on cc.unit_id = u.id
    left join houses h on h.ancestor_id = u.id
    left join reach r on r.ancestor_id = u.id
    left join sites s on s.ancestor_id = u.id
  where u.level = unit_indicators.level;

  if not exact then
    perform private.note_publication_read(tier, level);
  end if;
  if tier = 'export' then
    perform private.audit('export_tier_read', 'cases', jsonb_build_object('function', 'unit_indicators', 'level', level));
  end if;
  return jsonb_build_object('level', level, 'suppression_k', k, 'exact', exact, 'tier', tier, 'units', coalesce(result, '[]'::jsonb),
    'period', case when not exact then (select jsonb_build_object('from', p.snapped_from, 'to', p.snapped_to)
                                        from private.case_pub_period(date_from, date_to, true) p) end);
end
$$;

create or replace function public.unit_indicators(level text default 'province', filters jsonb default '{}'::jsonb)
returns jsonb
language sql volatile security invoker set search_path = '' as $$
  select private.unit_indicators(level, filters, 'screen')
$$;

create or replace function public.export_unit_indicators(level text default 'province', filters jsonb default '{}') returns jsonb
language sql volatile security invoker set search_path = '' as $$
  select private.unit_indicators(level, filters, 'export')
$$;

-- Maps that leave the app: the anonymous point of each published grid cell (its centre, or a point
-- of its part inside its province) of the ladder level for the zoom, export tier, every role.
create or replace function public.export_case_points(bbox double precision[], zoom double precision, filters jsonb default '{}') returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  level text;
  features jsonb;
  total bigint;
begin
  perform private.require_app_role();
  perform private.check_filter_keys('export_case_points', f, array['admin_unit', 'from', 'to', 'case_type']);
  if zoom is null or zoom = 'NaN' or zoom < 0 or zoom > 24 then
    perform private.raise_invalid('zoom must be a number between 0 and 24', format('got %s', coalesce(zoom::text, 'null')));
  end if;
  level := private.case_pub_grid_level(private.cell_deg(zoom));
  select jsonb_agg(jsonb_build_object('type', 'Feature', 'geometry', st_asgeojson(v.point, 5)::jsonb,
      'properties', jsonb_build_object('count', v.n, 'victims', null, 'province', v.code, 'name', v.name)) order by v.n desc, v.key),
    coalesce(sum(v.n), 0)
  into features, total
  from private.case_pub_view('export', level, private.bbox_envelope(bbox), private.filter_unit(f),
    private.filter_date(f, 'from'), private.filter_date(f, 'to'),
    private.filter_codes(f, 'case_type', array(select x.code from case_types x))) v
  where v.n is not null;
  perform private.audit('export_tier_read', 'cases', jsonb_build_object('function', 'export_case_points', 'zoom', zoom));
  perform private.note_publication_read('export', level);
  return jsonb_build_object('type', 'FeatureCollection', 'aggregate', 'snapped', 'suppression_k', private.setting_k('export_k'),
    'features', coalesce(features, '[]'::jsonb), 'mode', 'aggregate', 'tier', 'export', 'total', total,
    'cell_deg', 0.8 / power(2, substr(level, 2)::int));
end
$$;

-- Report figures: investigators on screen read the exact table (the earlier function, kept under
-- private); everyone else, and every export, the publication of the tier. The area is the
-- country, a province or a unit directly below one; the period whole months. Case types not in
-- the selection are not listed; every listed type and month is listed whether it has cases or not
-- (an empty cell and a suppressed one both read null: a reader never learns where there are none).
alter function public.report_figures(jsonb, text) rename to report_figures_exact;
alter function public.report_figures_exact(jsonb, text) set schema private;

create function public.report_figures(filters jsonb default '{}', tier text default 'screen') returns jsonb
language plpgsql volatile security definer set search_path = public, extensions as $$
declare
  role text := private.app_role();
  f jsonb := coalesce(filters, '{}'::jsonb);
  unit uuid;
  node text;
  types text[];
  classes text[];
  period record;
  k int;
  sites jsonb;
  first_month date;
  last_month date;
  v_classes text[];
begin
  if role is null then
    raise exception using errcode = '42501', message = 'sign in with an active role';
  end if;
  perform private.case_pub_tier(tier);
  if role = 'investigator' and tier = 'screen' then
    return private.report_figures_exact(filters, tier);
  end if;
  -- Sites and outreach are not about people: as the exact report gives them (it checks the filters too).
  sites := private.report_figures_exact(filters, 'export');
  unit := private.filter_unit(f);
  types := private.filter_codes(f, 'case_type', array(select code from case_types));
  if unit is null then
    node := 'VN';
  else
    select case when u.level = 'province' then 'P:' || u.code when p.level = 'province' then 'U:' || u.code end into node
    from admin_units u left join admin_units p on p.id = u.parent_id where u.id = unit;
    if node is null then
      perform private.raise_invalid('case figures cover the country, a province or a unit directly below a province',
        null, 'choose the province or the district that holds this unit');
    end if;
  end if;
  perform private.ensure_case_publication();
  k := private.setting_k(case when tier = 'export' then 'export_k' else 'suppression_k' end);
  select * into period from private.case_pub_period(private.filter_date(f, 'from'), private.filter_date(f, 'to'), true);
  classes := private.case_pub_types(types);
  v_classes := case when classes = array['*'] then array['V'] else array(select 'T:' || x from unnest(classes) x) end;
  select greatest(coalesce(period.snapped_from, min(t.from_day)), min(t.from_day)),
         least(coalesce(period.snapped_to, max(t.to_day)), max(t.to_day))
  into first_month, last_month from private.case_pub_time t where t.level = 'month';
  if tier = 'export' then
    perform private.audit('export_tier_read', 'cases', jsonb_build_object('function', 'report_figures', 'area', node));
  end if;
  perform private.note_publication_read(tier, 'report');

  return jsonb_build_object('tier', tier, 'k', k, 'exact', false, 'data', sites -> 'data',
    'period', jsonb_build_object('from', period.snapped_from, 'to', period.snapped_to),
    'outreach_by_form', sites -> 'outreach_by_form',
    'figures', (sites -> 'figures') || jsonb_build_object(
      'cases', (select n from private.case_pub_sum(tier, 'C', array[node], period.keys, classes)),
      'victims', (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, v_classes)),
      'victims_female', case when classes = array['*'] then (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['F'])) end,
      'victims_male', case when classes = array['*'] then (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['M'])) end,
      'victims_under_16', case when classes = array['*'] then (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['U16'])) end,
      'victims_16_17', case when classes = array['*'] then (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['A1617'])) end,
      'victims_adult', case when classes = array['*'] then (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['AD'])) end),
    'unapproved_records', sites -> 'unapproved_records',
    'cases_by_type', (
      select coalesce(jsonb_agg(jsonb_build_object('case_type', t.code,
          'cases', (select n from private.case_pub_sum(tier, 'C', array[node], period.keys, array[t.code])),
          'victims', (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['T:' || t.code])))
        order by t.code), '[]'::jsonb)
      from case_types t where types is null or t.code = any (types)),
    'cases_by_month', (
      select coalesce(jsonb_agg(jsonb_build_object('month', to_char(m.d, 'YYYY-MM'), 'case_type', t.code,
          'cases', (select case when c.n >= k and not (case when tier = 'export' then c.hidden_export else c.hidden_screen end) then c.n end
                    from private.case_pub_cell c where c.cube = 'C' and c.s = node and c.t = 'M' || to_char(m.d, 'YYYY-MM') and c.c = t.code))
        order by m.d, t.code), '[]'::jsonb)
      from generate_series(first_month, last_month, interval '1 month') m(d)
        cross join case_types t
      where (types is null or t.code = any (types)) and first_month is not null));
end
$$;
comment on function public.report_figures(jsonb, text) is
  'Figures of an area and period for reports and briefings: for non-investigators and every export, case cells of the protected publication (whole months; null = suppressed or none).';

create or replace function public.briefing_series(series text, filters jsonb default '{}') returns jsonb
language plpgsql volatile security invoker set search_path = public as $$
declare
  r jsonb;
begin
  if series is null or series not in ('cases_by_month', 'cases_by_type', 'outreach_by_form', 'figures') then
    perform private.raise_invalid(format('unknown series "%s"', coalesce(series, 'null')), 'series is cases_by_month, cases_by_type, outreach_by_form or figures');
  end if;
  r := public.report_figures(filters, 'export');
  return jsonb_build_object('series', series, 'k', r -> 'k', 'exact', false, 'tier', 'export', 'period', r -> 'period', 'data', r -> series);
end
$$;

-- Cases for export from the export publication: the area (country, province or unit below a
-- province), each unit one level below it (for a province also "~": cases in none of its units)
-- and each such unit by type. Every unit is listed; null = suppressed or none.
create or replace function public.export_case_table(filters jsonb default '{}') returns jsonb
language plpgsql volatile security definer set search_path = public as $$
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  unit uuid;
  node text;
  area_code text;
  types text[];
  classes text[];
  v_classes text[];
  period record;
  k int := private.setting_k('export_k');
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'sign in with an active role';
  end if;
  perform private.check_filter_keys('export_case_table', f, array['from', 'to', 'admin_unit', 'case_type']);
  unit := private.filter_unit(f);
  types := private.filter_codes(f, 'case_type', array(select code from case_types));
  perform private.filter_date(f, 'from');
  perform private.filter_date(f, 'to');
  if unit is null then
    node := 'VN';
    area_code := '';
  else
    select case when u.level = 'province' then 'P:' || u.code when p.level = 'province' then 'U:' || u.code end, u.code into node, area_code
    from admin_units u left join admin_units p on p.id = u.parent_id where u.id = unit;
    if node is null then
      perform private.raise_invalid('case exports cover the country, a province or a unit directly below a province');
    end if;
  end if;
  perform private.ensure_case_publication();
  select * into period from private.case_pub_period(private.filter_date(f, 'from'), private.filter_date(f, 'to'), true);
  classes := private.case_pub_types(types);
  v_classes := case when classes = array['*'] then array['V'] else array(select 'T:' || x from unnest(classes) x) end;
  perform private.audit('export_tier_read', 'cases', jsonb_build_object('function', 'export_case_table', 'area', node));

  return jsonb_build_object('k', k, 'period', jsonb_build_object('from', period.snapped_from, 'to', period.snapped_to), 'rows', (
    with parts as (
      select 'P:' || u.code as key, u.code, u.name from admin_units u where node = 'VN' and u.level = 'province'
      union all
      select 'U:' || u.code, u.code, u.name from admin_units u where node like 'P:%' and u.parent_id = unit
      union all
      select 'R:' || substr(node, 3), '~', '' where node like 'P:%' and exists (select 1 from admin_units u where u.parent_id = unit)
    ), rows as (
      select 0 as ord, 'total' as kind, area_code as code, coalesce((select name from admin_units where id = unit), '') as name, null::text as case_type,
        (select n from private.case_pub_sum('export', 'C', array[node], period.keys, classes)) as cases,
        (select n from private.case_pub_sum('export', 'V', array[node], period.keys, v_classes)) as victims
      union all
      select 1, 'unit', p.code, p.name, null,
        (select n from private.case_pub_sum('export', 'C', array[p.key], period.keys, classes)),
        (select n from private.case_pub_sum('export', 'V', array[p.key], period.keys, v_classes))
      from parts p
      union all
      select 1, 'unit_type', p.code, p.name, t.code,
        (select n from private.case_pub_sum('export', 'C', array[p.key], period.keys, array[t.code])), null
      from parts p cross join case_types t where types is null or t.code = any (types)
    )
    select coalesce(jsonb_agg(jsonb_build_object('row', r.kind, 'unit', r.code, 'name', r.name, 'case_type', r.case_type,
        'cases', case when r.cases > 0 then r.cases end, 'victims', case when r.victims > 0 then r.victims end)
      order by r.ord, r.code, r.case_type nulls first), '[]'::jsonb)
    from rows r));
end
$$;

-- Exact case reads leave an audit row each: the records list, a record's history, deleted records.
alter function public.list_records(text, text, text, integer) rename to list_records_unaudited;
alter function public.list_records_unaudited(text, text, text, integer) set schema private;
alter function public.deleted_records(text, integer) rename to deleted_records_unaudited;
alter function public.deleted_records_unaudited(text, integer) set schema private;

create function public.list_records(record_kind text, q text default '', unit_code text default null, max_rows integer default 500)
returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  result jsonb := private.list_records_unaudited(record_kind, q, unit_code, max_rows);
begin
  if record_kind = 'cases' then
    perform private.audit('read_exact_cases', 'cases', jsonb_build_object('function', 'list_records',
      'rows', jsonb_array_length(result -> 'rows'), 'unit', unit_code, 'search', q <> ''));
  end if;
  return result;
end
$$;
comment on function public.list_records(text, text, text, integer) is 'Records of a kind the caller may read (own unit for district officials), newest change first; reads of cases are audited.';

create function private.record_history_unaudited(record_kind text, record_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  tbl text := private.record_table(record_kind);
  unit uuid;
  first jsonb;
  result jsonb;
  shown text[] := private.record_fields(record_kind) || array['geom', 'approval', 'review_comment'];
begin
  if tbl is null then
    perform private.raise_invalid(format('unknown kind "%s"', coalesce(record_kind, 'null')));
  end if;
  unit := coalesce((private.record_row(tbl, record_id) ->> 'admin_unit_id')::uuid,
    (select (a.before ->> 'admin_unit_id')::uuid from audit_rows a where a.target = tbl and a.record_id = record_history_unaudited.record_id
     and a.before is not null order by a.audit_id desc limit 1));
  if unit is null or not private.may_read_history(record_kind, unit) then
    raise exception using errcode = '42501', message = 'you may not read the history of this record';
  end if;
  first := coalesce((select a.before from audit_rows a where a.target = tbl and a.record_id = record_history_unaudited.record_id and a.before is not null
                     order by a.audit_id limit 1), private.record_row(tbl, record_id));
  select coalesce(jsonb_agg(jsonb_build_object(
      'at', l.at, 'actor', coalesce(p.display_name, l.actor_role), 'actor_role', l.actor_role, 'op', a.op,
      'version', coalesce((a.after ->> 'version')::int, (a.before ->> 'version')::int),
      'changes', coalesce((select jsonb_agg(jsonb_build_object('field', k, 'from', a.before -> k, 'to', a.after -> k) order by k)
                           from unnest(shown) k
                           where a.op in ('update', 'restore') and a.before is not null and (a.before -> k) is distinct from (a.after -> k)), '[]'::jsonb),
      'record', case when a.after is not null then private.record_view(a.after) end,
      'before', case when a.before is not null then private.record_view(a.before) end
    ) order by a.audit_id desc), '[]'::jsonb) into result
  from audit_rows a join audit_log l on l.id = a.audit_id left join profiles p on p.user_id = l.actor
  where a.target = tbl and a.record_id = record_history_unaudited.record_id;
  if first is not null then
    result := result || jsonb_build_array(jsonb_build_object(
      'at', first -> 'created_at', 'actor', (select coalesce(p.display_name, p.role) from profiles p where p.user_id = (first ->> 'created_by')::uuid),
      'actor_role', (select p.role from profiles p where p.user_id = (first ->> 'created_by')::uuid), 'op', 'insert', 'version', 1,
      'changes', '[]'::jsonb, 'record', case when (first ->> 'version')::int = 1 then private.record_view(first) end, 'before', null));
  end if;
  return result;
end
$$;
grant execute on function private.record_history_unaudited(text, uuid) to authenticated, service_role;

drop function public.record_history(text, uuid);
create function public.record_history(record_kind text, record_id uuid) returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  result jsonb := private.record_history_unaudited(record_kind, record_id);
begin
  if record_kind = 'cases' then
    perform private.audit('read_exact_cases', 'cases', jsonb_build_object('function', 'record_history', 'record', record_id,
      'versions', jsonb_array_length(result)));
  end if;
  return result;
end
$$;

create function public.deleted_records(record_kind text, max_rows integer default 50) returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  result jsonb := private.deleted_records_unaudited(record_kind, max_rows);
begin
  if record_kind = 'cases' then
    perform private.audit('read_exact_cases', 'cases', jsonb_build_object('function', 'deleted_records', 'rows', jsonb_array_length(result)));
  end if;
  return result;
end
$$;

-- Exports record what they were and their thresholds, in a fixed shape: the details a caller may
-- give are these keys with short scalar values; anything else is refused.
create or replace function public.log_export(record_kind text, export_format text, row_count integer, details jsonb default '{}'::jsonb) returns void
language plpgsql volatile security definer set search_path = public as $$
declare
  allowed text[] := array['unit', 'period', 'tier', 'k', 'data', 'approved', 'briefing', 'slide', 'slides', 'kind', 'q', 'types', 'from', 'to'];
  d jsonb := coalesce(details, '{}'::jsonb);
  bad text;
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'sign in with an active role to export';
  end if;
  if record_kind is null or record_kind !~ '^[a-z_]{1,40}$' then
    perform private.raise_invalid('record_kind: a short lower-case name');
  end if;
  if export_format is null or export_format not in ('csv', 'xlsx', 'geojson', 'pdf', 'docx', 'png') then
    perform private.raise_invalid(format('export_format: "%s" is not csv, xlsx, geojson, pdf, docx or png', coalesce(export_format, 'null')));
  end if;
  if row_count is null or row_count < 0 or row_count > 10000000 then
    perform private.raise_invalid('row_count: a number from 0 to 10,000,000');
  end if;
  if jsonb_typeof(d) <> 'object' then
    perform private.raise_invalid('details must be an object');
  end if;
  select e.key into bad from jsonb_each(d) e
  where not e.key = any (allowed)
     or jsonb_typeof(e.value) not in ('string', 'number', 'boolean', 'null')
     or length(e.value::text) > 200
  limit 1;
  if bad is not null then
    perform private.raise_invalid(format('details.%s is not recorded', bad),
      null, 'details takes ' || array_to_string(allowed, ', ') || ' with short text, number or true/false values');
  end if;
  perform private.audit('export', record_kind, d
    || jsonb_build_object('format', export_format, 'rows', row_count,
         'suppression_k', private.setting_k('suppression_k'), 'export_k', private.setting_k('export_k')));
end
$$;

-- A stored view says what to show, never with which rights: map slide queries may not carry
-- embed, tier or lang (the viewer's page sets them).
create or replace function private.check_slide(slide jsonb, slide_index int) returns void
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
    if ('&' || coalesce(slide ->> 'query', '')) ~* '&(embed|tier|lang|exact)(=|&|$)' then
      perform private.raise_invalid(here || ': a map slide''s query may not set embed, tier, lang or exact',
        null, 'the page that shows a slide decides how it is drawn');
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

revoke execute on function public.layer_geojson(text, double precision[], jsonb), public.report_figures(jsonb, text),
  public.list_records(text, text, text, integer), public.record_history(text, uuid), public.deleted_records(text, integer),
  public.admin_publication_bursts(integer, integer) from public, anon;
grant execute on function public.layer_geojson(text, double precision[], jsonb), public.report_figures(jsonb, text),
  public.list_records(text, text, text, integer), public.record_history(text, uuid), public.deleted_records(text, integer),
  public.admin_publication_bursts(integer, integer) to authenticated, service_role;
revoke execute on function private.case_aggregates(extensions.geometry, date, date, text[], uuid, text, double precision, text),
  private.unit_case_counts(text, date, date, text[], text), private.unit_indicators(text, jsonb, text),
  private.note_publication_read(text, text), private.case_pub_space_keys(text, text, boolean, integer, integer) from public, anon;
grant execute on function private.case_aggregates(extensions.geometry, date, date, text[], uuid, text, double precision, text),
  private.unit_case_counts(text, date, date, text[], text), private.unit_indicators(text, jsonb, text),
  private.note_publication_read(text, text) to authenticated, service_role;
