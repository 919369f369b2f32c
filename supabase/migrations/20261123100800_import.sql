-- Importing site data (boarding houses, outreach activities, model sites) from officials' files.
-- The app reads and checks the file (formats, columns, values); this function does what only the
-- database can: find each point's administrative unit, refuse points outside the caller's own unit,
-- and find duplicates of records already stored. All or nothing: with any problem nothing is written;
-- without, every record is inserted in one statement of the caller's transaction, under RLS.

-- Folded text without spaces or punctuation, to compare names ("Dãy trọ số 1" ~ "day tro so 1").
create function private.name_key(value text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select regexp_replace(private.fold(coalesce(value, '')), '[^a-z0-9]', '', 'g')
$$;

-- Names alike: equal once folded, or one containing the other when both have six characters or
-- more — with the same numbers ("Dãy trọ số 1" and "Dãy trọ số 12" are two places).
create function private.similar_names(a text, b text) returns boolean
language sql immutable parallel safe set search_path = '' as $$
  select private.name_key(a) = private.name_key(b)
    or (array(select m[1] from regexp_matches(private.name_key(a), '(\d+)', 'g') as m)
          = array(select m[1] from regexp_matches(private.name_key(b), '(\d+)', 'g') as m)
        and length(private.name_key(a)) >= 6 and length(private.name_key(b)) >= 6
        and (strpos(private.name_key(a), private.name_key(b)) > 0 or strpos(private.name_key(b), private.name_key(a)) > 0))
$$;

-- The finest administrative unit holding each point of the import, found with the spatial index
-- (definer: under RLS the planner may not use it). Units are readable by every role.
create function private.import_locate() returns void
language plpgsql volatile security definer set search_path = public, extensions as $$
begin
  update pg_temp.import_rows r set unit = f.id
  from (
    select distinct on (t.i) t.i, u.id
    from pg_temp.import_rows t join admin_units u on u.geom && t.pt and st_intersects(u.geom, t.pt)
    order by t.i, case u.level when 'commune' then 0 when 'district' then 1 else 2 end
  ) f
  where f.i = r.i;
end
$$;

-- Fresh planner statistics for a table after a large import (PGlite has no autovacuum; without them
-- the next import's checks expect the old row count and scan instead of using the index).
create function private.import_analyze(import_kind text) returns void
language plpgsql volatile security definer set search_path = public as $$
begin
  case import_kind
  when 'boarding_houses' then analyze public.boarding_houses;
  when 'outreach' then analyze public.outreach_activities;
  when 'model_sites' then analyze public.model_sites;
  end case;
end
$$;

-- Records of the import (pg_temp.import_rows) that duplicate stored ones: boarding houses and model
-- sites within 50 m with a similar name, outreach of the same form and day within 50 m. Definer, so
-- the spatial index serves the search (under RLS the planner may not use it: && is not leakproof);
-- it returns only what every role may read anyway (site names), never case data.
create function private.import_duplicates(import_kind text)
returns table (i int, col text, val text, reason text)
language plpgsql stable security definer set search_path = public, extensions as $$
begin
  if import_kind = 'boarding_houses' then
    return query
    select distinct on (r.i) r.i, 'label'::text, r.rec ->> 'label',
      format('duplicates the boarding house "%s" already stored within 50 m', h.label)
    from pg_temp.import_rows r join boarding_houses h on h.geom && st_expand(r.pt, 0.001)
    where st_distance(h.geom::geography, r.pt::geography) <= 50 and private.similar_names(h.label, r.rec ->> 'label')
    order by r.i;
  elsif import_kind = 'model_sites' then
    return query
    select distinct on (r.i) r.i, 'name'::text, r.rec ->> 'name',
      format('duplicates the model site "%s" already stored within 50 m', m.name)
    from pg_temp.import_rows r join model_sites m on m.geom && st_expand(r.pt, 0.001)
    where m.kind = r.rec ->> 'kind' and st_distance(m.geom::geography, r.pt::geography) <= 50
      and private.similar_names(m.name, r.rec ->> 'name')
    order by r.i;
  elsif import_kind = 'outreach' then
    return query
    select distinct on (r.i) r.i, 'held_on'::text, r.rec ->> 'held_on',
      'the same activity (form, day, place within 50 m) is already stored'::text
    from pg_temp.import_rows r join outreach_activities o on o.geom && st_expand(r.pt, 0.001)
    where o.form = r.rec ->> 'form' and o.held_on = (r.rec ->> 'held_on')::date
      and st_distance(o.geom::geography, r.pt::geography) <= 50
    order by r.i;
  end if;
end
$$;

-- records: [{lon, lat, label, workers, rooms} | {lon, lat, form, held_on, people_reached, materials,
-- organiser} | {lon, lat, kind, name, opened_on, active}], checked by the app. Returns
-- {problems: [{index, column, value, reason}], inserted, dry_run}; index is the record's position.
create function public.import_records(kind text, records jsonb, dry_run boolean default false) returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  role text := private.app_role();
  problems jsonb;
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
  create index if not exists import_rows_pt on pg_temp.import_rows using gist (pt);
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
    where r.unit in (select x.unit from (select distinct t.unit from pg_temp.import_rows t where t.unit is not null) x
                     where not private.can_edit_unit(x.unit))
    union all
    select jsonb_build_object('index', d.i, 'column', d.col, 'value', d.val, 'reason', d.reason)
    from private.import_duplicates(import_records.kind) d
  ) found;

  if jsonb_array_length(problems) > 0 or dry_run then
    return jsonb_build_object('problems', problems, 'inserted', 0, 'dry_run', dry_run, 'records', jsonb_array_length(records));
  end if;

  case kind
  when 'boarding_houses' then
    insert into boarding_houses (label, workers, rooms, admin_unit_id, geom)
    select r.rec ->> 'label', (r.rec ->> 'workers')::int, coalesce((r.rec ->> 'rooms')::int, 0), r.unit, r.pt
    from pg_temp.import_rows r order by r.i;
  when 'outreach' then
    insert into outreach_activities (form, held_on, people_reached, materials, organiser, admin_unit_id, geom)
    select r.rec ->> 'form', (r.rec ->> 'held_on')::date, (r.rec ->> 'people_reached')::int,
      coalesce((r.rec ->> 'materials')::int, 0), r.rec ->> 'organiser', r.unit, r.pt
    from pg_temp.import_rows r order by r.i;
  when 'model_sites' then
    insert into model_sites (kind, name, opened_on, active, admin_unit_id, geom)
    select r.rec ->> 'kind', r.rec ->> 'name', (r.rec ->> 'opened_on')::date, coalesce((r.rec ->> 'active')::boolean, true), r.unit, r.pt
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

comment on function public.import_records(text, jsonb, boolean) is
  'Imports checked site records all-or-nothing: unit by point-in-polygon, the caller''s own unit only, no duplicates of stored records (50 m, similar name). Returns the problems or the number inserted.';

revoke execute on function public.import_records(text, jsonb, boolean) from public, anon;
grant execute on function public.import_records(text, jsonb, boolean) to authenticated, service_role;
grant execute on function private.name_key(text), private.similar_names(text, text), private.import_duplicates(text), private.import_locate(), private.import_analyze(text) to authenticated, service_role;
revoke execute on function private.import_duplicates(text), private.import_locate(), private.import_analyze(text) from public;
