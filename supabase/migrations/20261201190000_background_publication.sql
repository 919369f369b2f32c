-- The case publication is rebuilt beside the one readers use, never in their way (issue 21, item 1).
--
-- Before: the first reader after a change rebuilt the publication inside its own request, and the
-- build began by truncating the published tables (an ACCESS EXCLUSIVE lock): every map, indicator and
-- report waited for it — 8 minutes at 1M cases on PostgreSQL, longer than the readers' timeout on
-- PGlite at 100k.
--
-- Now the build is two steps. compute_case_publication() works the new publication out into
-- temporary tables (pg_temp.pub_next_space, _time, _cell, _class) from one snapshot of the cases;
-- install_case_publication() replaces the published rows with them by DELETE and INSERT in one
-- short transaction — readers keep reading the previous publication (MVCC) until it commits, and
-- are never locked out. The server's publisher (src/lib/server/embedded/publisher.ts) runs the build in the
-- background whenever the data version moves: on PostgreSQL on a connection of its own, on PGlite
-- in a worker thread's own database, copying the result back in one transaction.
--
-- While a publisher is alive (its heartbeat is under 30 s old) and a build takes long (2 s or more),
-- a reader of a stale publication is answered from the last one built instead of building it: the answers are those of a complete,
-- protected publication, one data version behind, and case_publication_info() says so. Nothing
-- older is ever served when the thresholds changed (a raised k takes effect at once: the reader
-- builds, as before), when no publication exists yet, or when no publisher is alive (SQL tests,
-- Supabase without the app's server, a publisher that died): then the reader builds inline under
-- the advisory lock, as before.

create table private.case_pub_publisher (
  singleton boolean primary key default true check (singleton),
  seen_at timestamptz not null,
  -- When the running build started, and from which data version (null: not building).
  building_since timestamptz,
  building_version bigint
);
revoke all on private.case_pub_publisher from public, anon, authenticated;

-- Compute ------------------------------------------------------------------------------------------
-- The build of 20261201170000_corridors.sql up to the protected cells, into temporary tables, with
-- the cases read once. Returns what install needs: the data version and thresholds it was made
-- from, its time and its statistics.
create function private.compute_case_publication() returns jsonb
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
  -- The version first, then the cases in one statement (one snapshot): a change committed between
  -- the two is counted and makes the version look older than it is, never newer, so the publisher
  -- simply builds again. Every count below comes from this one copy, so the cube, the victims and
  -- the corridors always add up to the same totals, however many writers commit meanwhile.
  select data_version into built_from from private.case_pub_state;
  create temp table pub_cases on commit drop as
  select c.admin_unit_id, c.geom, c.occurred_on, c.case_type, c.victims_female, c.victims_male, c.victims_under_16,
    c.victims_16_17, c.victims_adult, c.crossing_id, c.destination_country
  from cases c;
  create temp table pub_next_space (like private.case_pub_space including defaults) on commit drop;
  create temp table pub_next_time (like private.case_pub_time including defaults) on commit drop;
  create temp table pub_next_cell (like private.case_pub_cell including defaults) on commit drop;
  create temp table pub_next_class (like private.case_pub_class including defaults) on commit drop;

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
  from pub_cases c join pub_units u on u.id = c.admin_unit_id
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
  from pub_cases c join pub_units u on u.id = c.admin_unit_id
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
  insert into pub_next_time (key, level, parent, from_day, to_day)
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
  update pub_next_time set to_day = (from_day + case level when 'year' then interval '1 year'
    when 'quarter' then interval '3 months' else interval '1 month' end)::date - 1 where level <> 'all';

  insert into pub_next_class (cube, key, parent, tag)
  select 'C', '*', null, null union all
  select 'C', t.code, '*', 'type' from case_types t union all
  select distinct 'C', w.c, '*', 'crossing' from pub_work w where w.cube = 'C' and w.c like 'G:%' union all
  select distinct 'C', w.c, 'G:' || split_part(w.c, ':', 2), 'corridor' from pub_work w where w.cube = 'C' and w.c like 'X:%' union all
  select 'V', 'V', null, null union all
  select 'V', x.key, 'V', x.tag from (values ('F', 'sex'), ('M', 'sex'), ('U16', 'age'), ('A1617', 'age'), ('AD', 'age')) as x(key, tag) union all
  select 'V', 'T:' || t.code, 'V', 'type' from case_types t;

  insert into pub_next_space (key, level, parent, tag, province_id, unit_id, gx, gy, cell_deg, geom, point)
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
  update pub_next_space s set province_id = p.id,
    geom = case when s.level in ('province', 'rest') then p.geom
                when s.level like 'G%' then st_intersection(p.geom, st_makeenvelope(s.gx * s.cell_deg, s.gy * s.cell_deg,
                  (s.gx + 1) * s.cell_deg, (s.gy + 1) * s.cell_deg, 4326)) end
  from admin_units p
  where p.level = 'province' and p.code = case when s.level like 'G%' then split_part(s.key, ':', 2) else substr(s.key, 3) end
    and s.level <> 'unit';
  update pub_next_space s set unit_id = x.id, province_id = u.province_id, geom = x.geom
  from admin_units x join pub_units u on u.id = x.id
  where s.level = 'unit' and x.code = substr(s.key, 3);
  update pub_next_space s set geom = (select st_union(p.geom) from admin_units p where p.level = 'province') where s.level = 'country';
  -- A grid cell whose cases lie outside their province's outline keeps the cell's square clipped to nothing: use the province.
  update pub_next_space s set geom = p.geom from admin_units p
  where s.level like 'G%' and p.id = s.province_id and (s.geom is null or st_isempty(s.geom) or st_dimension(s.geom) < 2);
  -- The anonymous point of a cell: the square's centre when it lies in the province, else a point on its part inside.
  update pub_next_space s set point = case
      when s.level like 'G%' and st_contains(s.geom, st_setsrid(st_makepoint((s.gx + 0.5) * s.cell_deg, (s.gy + 0.5) * s.cell_deg), 4326))
        then st_setsrid(st_makepoint((s.gx + 0.5) * s.cell_deg, (s.gy + 0.5) * s.cell_deg), 4326)
      else st_pointonsurface(s.geom) end;

  create unique index on pub_next_space (key);
  analyze pub_next_space;

  -- Every cell as a part of its group along each dimension: (group total) ← part.
  create temp table pub_members on commit drop as
  select w.cube, sp.parent as gs, w.t as gt, w.c as gc, 's:' || sp.tag as tag, w.s, w.t, w.c
  from pub_work w join pub_next_space sp on sp.key = w.s where sp.parent is not null
  union all
  select w.cube, w.s, tm.parent, w.c, 't', w.s, w.t, w.c
  from pub_work w join pub_next_time tm on tm.key = w.t where tm.parent is not null
  union all
  select w.cube, w.s, w.t, cl.parent, 'c:' || cl.tag, w.s, w.t, w.c
  from pub_work w join pub_next_class cl on cl.cube = w.cube and cl.key = w.c where cl.parent is not null;
  create index on pub_members (cube, gs, gt, gc, tag);
  analyze pub_members;

  -- Protect each tier.
  rounds_screen := private.case_pub_protect(k_screen);
  insert into pub_next_cell (cube, s, t, c, n, hidden_screen) select w.cube, w.s, w.t, w.c, w.n, w.h from pub_work w;
  rounds_export := private.case_pub_protect(k_export);
  create unique index on pub_next_cell (cube, s, t, c);
  update pub_next_cell p set hidden_export = w.h from pub_work w
  where p.cube = w.cube and p.s = w.s and p.t = w.t and p.c = w.c;

  -- What suppression costs the maps: cases (all time, all types) in suppressed cells, per level.
  select jsonb_object_agg(x.level, jsonb_build_object('cells', x.cells, 'cases', x.cases,
      'hidden_cells_screen', x.hs, 'hidden_cases_screen', x.cs, 'hidden_cells_export', x.he, 'hidden_cases_export', x.ce))
  into level_stats
  from (select s.level, count(*) as cells, sum(c.n) as cases,
          count(*) filter (where c.hidden_screen) as hs, coalesce(sum(c.n) filter (where c.hidden_screen), 0) as cs,
          count(*) filter (where c.hidden_export) as he, coalesce(sum(c.n) filter (where c.hidden_export), 0) as ce
        from pub_next_cell c join pub_next_space s on s.key = c.s
        where c.cube = 'C' and c.t = 'all' and c.c = '*' group by s.level) x;

  drop table pub_members, pub_work, pub_fine, pub_corridor, pub_units, pub_cases;
  return jsonb_build_object('data_version', built_from, 'screen_k', k_screen, 'export_k', k_export,
    'build_ms', (extract(epoch from clock_timestamp() - started) * 1000)::int,
    'stats', coalesce(level_stats, '{}'::jsonb) || jsonb_build_object('rounds_screen', rounds_screen, 'rounds_export', rounds_export,
      'cells', (select count(*) from pub_next_cell)));
end
$$;
-- Install ------------------------------------------------------------------------------------------
-- Replaces the publication with the one computed into pg_temp.pub_next_* (by compute, or copied in
-- from a worker's database). DELETE, not TRUNCATE: readers are never locked out and see the old
-- rows until this commits. Returns the publication's state, or null when the result was computed
-- under thresholds no longer in force (discarded: the publisher computes again). A result older
-- than the one installed is discarded too.
create function private.install_case_publication(info jsonb) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  installed bigint;
  discarded boolean;
begin
  perform 'PRAGMA:DISABLE:CHECK';
  perform pg_advisory_xact_lock(hashtext('hotspot-atlas/case-publication'));
  select s.built_version into installed from private.case_pub_state s;
  discarded := (info ->> 'screen_k')::int is distinct from private.setting_k('suppression_k')
    or (info ->> 'export_k')::int is distinct from private.setting_k('export_k');
  if not discarded and (installed is null or installed <= (info ->> 'data_version')::bigint or not private.case_pub_current()) then
    delete from private.case_pub_cell;
    delete from private.case_pub_space;
    delete from private.case_pub_time;
    delete from private.case_pub_class;
    insert into private.case_pub_time select * from pg_temp.pub_next_time;
    insert into private.case_pub_class select * from pg_temp.pub_next_class;
    insert into private.case_pub_space select * from pg_temp.pub_next_space;
    insert into private.case_pub_cell select * from pg_temp.pub_next_cell;
    update private.case_pub_state set built_version = (info ->> 'data_version')::bigint, built_at = now(),
      build_ms = (info ->> 'build_ms')::int, screen_k = (info ->> 'screen_k')::int, export_k = (info ->> 'export_k')::int,
      stats = info -> 'stats';
    analyze private.case_pub_cell;
    analyze private.case_pub_space;
  end if;
  drop table pg_temp.pub_next_space, pg_temp.pub_next_time, pg_temp.pub_next_cell, pg_temp.pub_next_class;
  return case when not discarded then (select to_jsonb(s) - 'singleton' from private.case_pub_state s) end;
end
$$;

-- The whole build in one transaction, as the readers' inline fallback and the admin's refresh call it.
create or replace function private.build_case_publication() returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
begin
  return private.install_case_publication(private.compute_case_publication());
end
$$;

-- Publisher ----------------------------------------------------------------------------------------
-- The publisher's heartbeat (every few seconds) and what it should do: whether the publication is
-- current and which data version a build would start from.
create function private.case_pub_beat(building_version bigint default null) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
begin
  insert into private.case_pub_publisher as p (singleton, seen_at, building_since, building_version)
  values (true, clock_timestamp(), case when building_version is not null then clock_timestamp() end, building_version)
  on conflict (singleton) do update set seen_at = excluded.seen_at,
    building_since = case when excluded.building_version is null then null
                          when p.building_version is not distinct from excluded.building_version then p.building_since
                          else excluded.building_since end,
    building_version = excluded.building_version;
  return (select jsonb_build_object('current', private.case_pub_current(), 'data_version', s.data_version, 'built_version', s.built_version)
          from private.case_pub_state s);
end
$$;

-- A publisher stopping says so, so that readers build inline at once rather than after 30 s.
create function private.case_pub_gone() returns void
language sql volatile security definer set search_path = '' as $$
  delete from private.case_pub_publisher
$$;

-- The publisher's build on PostgreSQL: under the lock, unless someone made it current meanwhile.
create function private.publish_case_publication() returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
begin
  perform pg_advisory_xact_lock(hashtext('hotspot-atlas/case-publication'));
  if private.case_pub_current() then
    return (select to_jsonb(s) - 'singleton' from private.case_pub_state s);
  end if;
  return private.build_case_publication();
end
$$;

-- May a stale publication be served? Only a complete one, built under the thresholds in force,
-- while a publisher is alive to replace it, and only when building it takes long (2 s or more the
-- last time): a short build is still the reader's, so that small data is never stale at all.
create function private.case_pub_servable() returns boolean
language sql stable security definer set search_path = '' as $$
  select s.built_version is not null and s.screen_k = private.setting_k('suppression_k')
     and s.export_k = private.setting_k('export_k') and coalesce(s.build_ms, 0) >= 2000
     and exists (select 1 from private.case_pub_publisher p where p.seen_at > clock_timestamp() - interval '30 seconds')
  from private.case_pub_state s
$$;

-- The publication readers answer from: current, or the last one built while a publisher rebuilds it.
create or replace function private.ensure_case_publication() returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if private.case_pub_current() or private.case_pub_servable() then
    return;
  end if;
  perform pg_advisory_xact_lock(hashtext('hotspot-atlas/case-publication'));
  if not private.case_pub_current() then
    perform private.build_case_publication();
  end if;
end
$$;

-- What the publication is, now also whether it is current and, if not, that a newer one is being made.
create or replace function public.case_publication_info() returns jsonb
language plpgsql volatile security definer set search_path = '' set statement_timeout = '2min' as $$
begin
  perform private.require_app_role();
  perform private.ensure_case_publication();
  return (select jsonb_build_object('version', s.built_version, 'built_at', s.built_at, 'build_ms', s.build_ms,
    'suppression_k', s.screen_k, 'export_k', s.export_k, 'levels', s.stats,
    'grid_deg', jsonb_build_array(0.8, 0.4, 0.2, 0.1, 0.05),
    'time_buckets', jsonb_build_array('all', 'year', 'quarter', 'month (country, provinces, districts)'),
    'data_version', s.data_version, 'current', private.case_pub_current(),
    'publisher', (select jsonb_build_object('seen_at', p.seen_at, 'building_since', p.building_since) from private.case_pub_publisher p))
    from private.case_pub_state s);
end
$$;

revoke execute on function private.compute_case_publication(), private.install_case_publication(jsonb), private.case_pub_beat(bigint),
  private.case_pub_gone(), private.publish_case_publication(), private.case_pub_servable()
  from public, anon, authenticated;
