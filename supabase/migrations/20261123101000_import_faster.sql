-- Faster import checks. A 100,000-row import spent 1.7 s finding rows outside the caller's units
-- (the unit check ran per row) and, once the table held as many houses nearby, 65 s on duplicates:
-- the name comparison called functions that set search_path (never inlined) six times per pair of
-- candidates, and the search box was four times the 50 m circle. Names are now folded once per
-- row, compared as keys, and candidates found in a box just over 50 m.

-- Folded name without spaces or punctuation ("Dãy trọ số 1" → "daytroso1"). No SET clause, so it is
-- inlined where it is used; it calls only built-in functions (Unicode decomposition instead of a
-- 134-letter translate: 5 µs a name instead of 13).
create or replace function private.name_key(value text) returns text
language sql immutable parallel safe as $$
  -- Decomposed (NFD), the vowel and tone marks are separate characters the class drops.
  select regexp_replace(lower(translate(normalize(coalesce(value, ''), nfd), 'đĐ', 'dd')), '[^a-z0-9]', '', 'g')
$$;

-- Two name keys alike: equal, or one containing the other when both have six characters or more
-- and the same numbers ("daytroso1" and "daytroso12" are two places).
create function private.similar_keys(a text, b text) returns boolean
language sql immutable parallel safe as $$
  select a = b
    or (length(a) >= 6 and length(b) >= 6 and (strpos(a, b) > 0 or strpos(b, a) > 0)
        and array(select m[1] from regexp_matches(a, '(\d+)', 'g') as m) = array(select m[1] from regexp_matches(b, '(\d+)', 'g') as m))
$$;

create or replace function private.similar_names(a text, b text) returns boolean
language sql immutable parallel safe as $$
  select private.similar_keys(private.name_key(a), private.name_key(b))
$$;

-- The name key of each boarding house and model site, kept with the row: the duplicate check
-- compares keys instead of folding every stored candidate's name again (a second 100,000-row import
-- into as many houses nearby spent 7 s doing that).
alter table public.boarding_houses add column match_key text generated always as (private.name_key(label)) stored;
alter table public.model_sites add column match_key text generated always as (private.name_key(name)) stored;

-- The finest unit of each point: communes and districts first, provinces only for points left
-- (each point meets one polygon instead of two; no sort of both).
create or replace function private.import_locate() returns void
language plpgsql volatile security definer set search_path = public, extensions as $$
begin
  update pg_temp.import_rows r set unit = f.id
  from (
    select distinct on (t.i) t.i, u.id
    from pg_temp.import_rows t join admin_units u on u.geom && t.pt and u.level <> 'province' and st_intersects(u.geom, t.pt)
    order by t.i, case u.level when 'commune' then 0 else 1 end
  ) f
  where f.i = r.i;
  update pg_temp.import_rows r set unit = u.id
  from admin_units u
  where r.unit is null and u.level = 'province' and u.geom && r.pt and st_intersects(u.geom, r.pt);
end
$$;

-- Duplicates of stored records: candidates in a box of 0.0005° (≥ 50 m everywhere in Vietnam),
-- then the names' keys (stored with the rows; an imported name is folded only where it has a stored
-- neighbour), then the exact distance.
create or replace function private.import_duplicates(import_kind text)
returns table (i int, col text, val text, reason text)
language plpgsql stable security definer set search_path = public, extensions as $$
begin
  if import_kind = 'boarding_houses' then
    return query
    select distinct on (r.i) r.i, 'label'::text, r.rec ->> 'label',
      format('duplicates the boarding house "%s" already stored within 50 m', h.label)
    from pg_temp.import_rows r
    join lateral (
      select b.label from boarding_houses b
      where b.geom && st_expand(r.pt, 0.0005) and private.similar_keys(b.match_key, private.name_key(r.rec ->> 'label'))
        and st_dwithin(b.geom::geography, r.pt::geography, 50)
      limit 1
    ) h on true
    order by r.i;
  elsif import_kind = 'model_sites' then
    return query
    select distinct on (r.i) r.i, 'name'::text, r.rec ->> 'name',
      format('duplicates the model site "%s" already stored within 50 m', m.name)
    from pg_temp.import_rows r
    join lateral (
      select s.name from model_sites s
      where s.geom && st_expand(r.pt, 0.0005) and s.kind = r.rec ->> 'kind' and private.similar_keys(s.match_key, private.name_key(r.rec ->> 'name'))
        and st_dwithin(s.geom::geography, r.pt::geography, 50)
      limit 1
    ) m on true
    order by r.i;
  elsif import_kind = 'outreach' then
    return query
    select distinct on (r.i) r.i, 'held_on'::text, r.rec ->> 'held_on',
      'the same activity (form, day, place within 50 m) is already stored'::text
    from pg_temp.import_rows r join outreach_activities o on o.geom && st_expand(r.pt, 0.0005)
    where o.form = r.rec ->> 'form' and o.held_on = (r.rec ->> 'held_on')::date
      and st_dwithin(o.geom::geography, r.pt::geography, 50)
    order by r.i;
  end if;
end
$$;

create or replace function public.import_records(kind text, records jsonb, dry_run boolean default false) returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  role text := private.app_role();
  problems jsonb;
  outside uuid[];
  me uuid := auth.uid();
  n int := 0;
begin
  if role is null or role not in ('admin', 'district_official') then
    raise exception using errcode = '42501', message = 'only district officials and admins import site data';
  end if;
  if kind is null or kind not in ('boarding_houses', 'outreach', 'model_sites') then
    perform private.raise_invalid(format('unknown kind "%s"', coalesce(kind, 'null')), 'kind is boarding_houses, outreach or model_sites');
  end if;
  if jsonb_typeof(records) is distinct from 'array' or jsonb_array_length(records) = 0 then
    perform private.raise_invalid('records must be a non-empty array');
  end if;
  if jsonb_array_length(records) > 200000 then
    perform private.raise_invalid('at most 200,000 records per import');
  end if;

  create temporary table if not exists pg_temp.import_rows (
    i int, rec jsonb, pt geometry(Point, 4326), unit uuid
  ) on commit drop;
  truncate pg_temp.import_rows;
  insert into pg_temp.import_rows (i, rec, pt)
  select (e.ord - 1)::int, e.value, st_setsrid(st_makepoint((e.value ->> 'lon')::float8, (e.value ->> 'lat')::float8), 4326)
  from jsonb_array_elements(records) with ordinality as e(value, ord);
  perform private.import_locate();
  -- The units of the file the caller may not edit, each checked once.
  -- (Materialised: otherwise the planner pushes the check below the distinct, once per row.)
  with found as materialized (select distinct t.unit from pg_temp.import_rows t where t.unit is not null)
  select array(select f.unit from found f where not private.can_edit_unit(f.unit)) into outside;
  -- Statistics for the checks below: without them the planner takes the rows for one and scans.
  analyze pg_temp.import_rows;

  select coalesce(jsonb_agg(p order by (p ->> 'index')::int), '[]'::jsonb) into problems from (
    select jsonb_build_object('index', r.i, 'column', 'lon/lat', 'value', concat(r.rec ->> 'lon', ', ', r.rec ->> 'lat'),
      'reason', 'the point lies in no administrative unit') as p
    from pg_temp.import_rows r where r.unit is null
    union all
    select jsonb_build_object('index', r.i, 'column', 'lon/lat', 'value', concat(r.rec ->> 'lon', ', ', r.rec ->> 'lat'),
      'reason', format('the point lies in %s, outside your unit %s', u.name, coalesce(mine.name, '—')))
    from pg_temp.import_rows r join admin_units u on u.id = r.unit
      left join admin_units mine on mine.id = private.app_unit()
    where cardinality(outside) > 0 and r.unit = any (outside)
    union all
    select jsonb_build_object('index', d.i, 'column', d.col, 'value', d.val, 'reason', d.reason)
    from private.import_duplicates(import_records.kind) d
  ) found;

  if jsonb_array_length(problems) > 0 or dry_run then
    return jsonb_build_object('problems', problems, 'inserted', 0, 'dry_run', dry_run, 'records', jsonb_array_length(records));
  end if;

  case kind
  when 'boarding_houses' then
    insert into boarding_houses (label, workers, rooms, admin_unit_id, geom, created_by, updated_by)
    select r.rec ->> 'label', (r.rec ->> 'workers')::int, coalesce((r.rec ->> 'rooms')::int, 0), r.unit, r.pt, me, me
    from pg_temp.import_rows r order by r.i;
  when 'outreach' then
    insert into outreach_activities (form, held_on, people_reached, materials, organiser, admin_unit_id, geom, created_by, updated_by)
    select r.rec ->> 'form', (r.rec ->> 'held_on')::date, (r.rec ->> 'people_reached')::int,
      coalesce((r.rec ->> 'materials')::int, 0), r.rec ->> 'organiser', r.unit, r.pt, me, me
    from pg_temp.import_rows r order by r.i;
  when 'model_sites' then
    insert into model_sites (kind, name, opened_on, active, admin_unit_id, geom, created_by, updated_by)
    select r.rec ->> 'kind', r.rec ->> 'name', (r.rec ->> 'opened_on')::date, coalesce((r.rec ->> 'active')::boolean, true), r.unit, r.pt, me, me
    from pg_temp.import_rows r order by r.i;
  end case;
  get diagnostics n = row_count;
  if n >= 1000 then
    perform private.import_analyze(kind);
  end if;
  perform private.audit('import', kind, jsonb_build_object('rows', n));
  return jsonb_build_object('problems', '[]'::jsonb, 'inserted', n, 'dry_run', false, 'records', jsonb_array_length(records));
end
$$;

grant execute on function private.similar_keys(text, text) to authenticated, service_role;

-- Official administrative boundaries (admins) ------------------------------------------------------
-- Unit names without their kind, with or without diacritics ("Huyện Bến Cầu", "TP. Tây Ninh",
-- "Tinh Tay Ninh" → bencau, tayninh, tayninh), to match a file's names with the stored ones.
create function private.unit_name_key(value text) returns text
language sql immutable parallel safe as $$
  select private.name_key(regexp_replace(
    regexp_replace(lower(translate(normalize(btrim(coalesce(value, '')), nfd), 'đĐ', 'dd')), '[\u0300-\u036f]', '', 'g'),
    '^(tinh|thanh pho|tp\.?|huyen|quan|thi xa|tx\.?|xa|phuong|thi tran|tt\.?)\s+', ''))
$$;

-- features: [{code, name, level, geometry (GeoJSON polygon or multipolygon, WGS 84)}], read from the
-- file by the app (level from the attribute's name: TEN_TINH a province…, or null). Each is matched
-- to a unit by code, else by name (of that level), its outline repaired when it crosses itself (and said so). Features matching no unit
-- are skipped and listed; an outline that is not in degrees or not a polygon, a name matching several
-- units, or two features for one unit write nothing. Without dry_run the matched units' outlines are
-- replaced in one statement. Answers {matched: [{index, code, name, by, repaired}], skipped: [{index,
-- code, name}], problems: [{index, column, value, reason}], updated}.
create function public.import_boundaries(features jsonb, dry_run boolean default true) returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  result jsonb;
  problems jsonb;
  n int := 0;
begin
  if private.app_role() is distinct from 'admin' then
    raise exception using errcode = '42501', message = 'only admins import administrative boundaries';
  end if;
  if jsonb_typeof(features) is distinct from 'array' or jsonb_array_length(features) = 0 then
    perform private.raise_invalid('features must be a non-empty array');
  end if;

  create temporary table if not exists pg_temp.boundary_rows (
    i int, code text, name text, level text, g geometry, valid boolean, unit_id uuid, unit_code text, unit_name text, by text, candidates int
  ) on commit drop;
  truncate pg_temp.boundary_rows;
  insert into pg_temp.boundary_rows (i, code, name, level, g)
  select (e.ord - 1)::int, nullif(btrim(e.value ->> 'code'), ''), nullif(btrim(e.value ->> 'name'), ''), e.value ->> 'level',
    case when jsonb_typeof(e.value -> 'geometry') = 'object' then st_setsrid(st_geomfromgeojson(e.value ->> 'geometry'), 4326) end
  from jsonb_array_elements(features) with ordinality as e(value, ord);
  update pg_temp.boundary_rows set valid = st_isvalid(g) where g is not null;

  -- By code first, then by name.
  update pg_temp.boundary_rows r set unit_id = u.id, unit_code = u.code, unit_name = u.name, by = 'code', candidates = 1
  from admin_units u where lower(u.code) = lower(r.code);
  update pg_temp.boundary_rows r set candidates = m.n, unit_id = case when m.n = 1 then m.id end,
    unit_code = case when m.n = 1 then m.code end, unit_name = case when m.n = 1 then m.name end, by = 'name'
  from (
    select b.i, count(*)::int as n, (array_agg(u.id))[1] as id, (array_agg(u.code))[1] as code, (array_agg(u.name))[1] as name
    from pg_temp.boundary_rows b join admin_units u on private.unit_name_key(u.name) = private.unit_name_key(b.name)
      and (b.level is null or u.level = b.level)
    where b.unit_id is null and b.name is not null
    group by b.i
  ) m where m.i = r.i;

  select coalesce(jsonb_agg(p order by (p ->> 'index')::int), '[]'::jsonb) into problems from (
    select jsonb_build_object('index', i, 'column', 'geometry', 'value', coalesce(name, code), 'reason', 'no outline (a polygon is needed)') as p
    from pg_temp.boundary_rows where g is null
    union all
    select jsonb_build_object('index', i, 'column', 'geometry', 'value', coalesce(name, code),
      'reason', format('the outline is a %s, not a polygon', lower(geometrytype(g))))
    from pg_temp.boundary_rows where g is not null and geometrytype(g) not in ('POLYGON', 'MULTIPOLYGON')
    union all
    select jsonb_build_object('index', i, 'column', 'geometry', 'value', coalesce(name, code),
      'reason', 'the coordinates are not longitude/latitude degrees in Vietnam (a projected file, e.g. VN-2000, needs its .prj)')
    from pg_temp.boundary_rows where g is not null and not (st_xmin(g) >= 100 and st_xmax(g) <= 118 and st_ymin(g) >= 5 and st_ymax(g) <= 25)
    union all
    select jsonb_build_object('index', i, 'column', 'name', 'value', name, 'reason', format('the name matches %s units: add their codes', candidates))
    from pg_temp.boundary_rows where candidates > 1
    union all
    select jsonb_build_object('index', b.i, 'column', 'code', 'value', coalesce(b.code, b.name),
      'reason', format('%s is also matched by row %s', b.unit_name, (select min(o.i) + 1 from pg_temp.boundary_rows o where o.unit_id = b.unit_id)))
    from pg_temp.boundary_rows b where b.unit_id is not null
      and b.i > (select min(o.i) from pg_temp.boundary_rows o where o.unit_id = b.unit_id)
  ) found;

  if jsonb_array_length(problems) = 0 and not dry_run then
    update admin_units u set geom = st_multi(st_collectionextract(st_makevalid(b.g), 3))
    from pg_temp.boundary_rows b where b.unit_id = u.id;
    get diagnostics n = row_count;
    perform private.audit('import_boundaries', 'admin_units', jsonb_build_object('rows', n));
  end if;

  select jsonb_build_object(
    'matched', coalesce((select jsonb_agg(jsonb_build_object('index', i, 'code', unit_code, 'name', unit_name, 'by', by, 'repaired', not valid,
        'geometry', st_asgeojson(st_multi(st_collectionextract(st_makevalid(g), 3)), 6)::jsonb) order by i)
      from pg_temp.boundary_rows where unit_id is not null and g is not null), '[]'::jsonb),
    'skipped', coalesce((select jsonb_agg(jsonb_build_object('index', i, 'code', code, 'name', name) order by i)
      from pg_temp.boundary_rows where unit_id is null and coalesce(candidates, 0) <= 1), '[]'::jsonb),
    'problems', problems,
    'updated', n) into result;
  return result;
end
$$;
comment on function public.import_boundaries(jsonb, boolean) is
  'Replaces units'' outlines with official boundaries matched by code or name (admins), all or nothing; a dry run reports only.';
revoke execute on function public.import_boundaries(jsonb, boolean) from public, anon;
grant execute on function public.import_boundaries(jsonb, boolean) to authenticated, service_role;
grant execute on function private.unit_name_key(text) to authenticated, service_role;
