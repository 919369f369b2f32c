-- Where a site's point came from (issue 23): officials enter boarding houses, outreach and model
-- sites at border posts, some from the phone's GPS, some by a tap on the map, some by typing
-- coordinates, some knowing only the commune. Each point now says which, with the GPS accuracy in
-- metres, so reviewers see how far to trust it and analyses leave commune-only points out of grids
-- finer than a commune. Rows stored before this (and imported files) hold typed coordinates.

do $$
declare
  t text;
begin
  foreach t in array array['boarding_houses', 'outreach_activities', 'model_sites'] loop
    execute format($f$
      alter table public.%1$I
        add column location_source text not null default 'typed'
          constraint %1$s_location_source_check check (location_source in ('gps', 'map', 'typed', 'commune')),
        add column location_accuracy_m numeric
          constraint %1$s_location_accuracy_check check (
            location_accuracy_m is null or (location_source = 'gps' and location_accuracy_m > 0 and location_accuracy_m <= 100000))
    $f$, t);
  end loop;
end
$$;

comment on column public.boarding_houses.location_source is
  'Where the point came from: gps (device position, accuracy in location_accuracy_m), map (placed on the map), typed (coordinates typed or imported), commune (the commune centre only).';

create or replace function private.record_fields(record_kind text) returns text[]
language sql immutable set search_path = '' as $$
  select case record_kind
    when 'industrial_zones' then array['name', 'workers']
    when 'boarding_houses' then array['label', 'workers', 'rooms', 'industrial_zone_id', 'location_source', 'location_accuracy_m']
    when 'outreach' then array['form', 'held_on', 'people_reached', 'materials', 'organiser', 'campaign_id', 'location_source', 'location_accuracy_m']
    when 'model_sites' then array['kind', 'name', 'opened_on', 'active', 'location_source', 'location_accuracy_m']
    when 'cases' then array['case_type', 'occurred_on', 'location_precision', 'victims_female', 'victims_male',
      'victims_under_16', 'victims_16_17', 'victims_adult', 'destination_country', 'status']
  end
$$;

-- The values checked as before, and the two new ones: a known source, and an accuracy in metres only
-- for a GPS position (the table's checks hold the same, this names the field).
create or replace function private.check_record_values(record_kind text, fields jsonb, here text) returns void
language plpgsql immutable set search_path = '' as $$
declare
  k text;
  v jsonb;
begin
  if jsonb_typeof(fields) is distinct from 'object' then
    perform private.raise_invalid(here || ' must be an object');
  end if;
  for k, v in select e.key, e.value from jsonb_each(fields) e where e.key = any (private.record_fields(record_kind)) loop
    continue when jsonb_typeof(v) = 'null';
    if k in ('held_on', 'opened_on', 'occurred_on') then
      if jsonb_typeof(v) <> 'string' or not private.is_date(v #>> '{}') then
        perform private.raise_invalid(format('%s.%s: a real date written YYYY-MM-DD', here, k), format('got %s', left(v::text, 40)));
      end if;
    elsif k in ('workers', 'rooms', 'people_reached', 'materials', 'victims_female', 'victims_male', 'victims_under_16', 'victims_16_17', 'victims_adult') then
      if jsonb_typeof(v) <> 'number' or (v #>> '{}')::numeric < 0 or (v #>> '{}')::numeric <> trunc((v #>> '{}')::numeric)
         or (v #>> '{}')::numeric > 2147483647 then
        perform private.raise_invalid(format('%s.%s: a whole number, 0 or more', here, k), format('got %s', left(v::text, 40)));
      end if;
    elsif k = 'active' then
      if jsonb_typeof(v) <> 'boolean' then
        perform private.raise_invalid(format('%s.%s: true or false', here, k), format('got %s', left(v::text, 40)));
      end if;
    elsif k = 'location_source' then
      if jsonb_typeof(v) <> 'string' or v #>> '{}' not in ('gps', 'map', 'typed', 'commune') then
        perform private.raise_invalid(format('%s.%s: gps, map, typed or commune', here, k), format('got %s', left(v::text, 40)));
      end if;
    elsif k = 'location_accuracy_m' then
      if jsonb_typeof(v) <> 'number' or (v #>> '{}')::numeric <= 0 or (v #>> '{}')::numeric > 100000 then
        perform private.raise_invalid(format('%s.%s: metres, more than 0 and at most 100000', here, k), format('got %s', left(v::text, 40)));
      end if;
      if fields ->> 'location_source' is distinct from 'gps' then
        perform private.raise_invalid(format('%s.%s: an accuracy belongs to a GPS position only', here, k),
          format('location_source is %s', coalesce(fields ->> 'location_source', 'not given')));
      end if;
    elsif jsonb_typeof(v) <> 'string' then
      perform private.raise_invalid(format('%s.%s: text', here, k), format('got a %s', jsonb_typeof(v)));
    end if;
  end loop;
end
$$;

-- Site layers carry where each point came from (popups, reviewers, analyses): the reader is kept
-- (with its settings) under a new name and this one adds the two properties by id.
alter function private.layer_geojson_sites(text, double precision[], jsonb) rename to layer_geojson_sites_read;

create function private.layer_geojson_sites(layer text, bbox double precision[] default null, filters jsonb default '{}'::jsonb)
returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  result jsonb := private.layer_geojson_sites_read(layer, bbox, filters);
  tbl text := case layer when 'boarding_houses' then 'boarding_houses' when 'outreach' then 'outreach_activities'
    when 'model_sites' then 'model_sites' end;
  located jsonb;
begin
  if tbl is null or jsonb_array_length(result -> 'features') = 0 then
    return result;
  end if;
  execute format($q$
    select coalesce(jsonb_agg(jsonb_set(f, '{properties}', (f -> 'properties') || jsonb_build_object(
      'location_source', t.location_source, 'location_accuracy_m', t.location_accuracy_m)) order by n), '[]'::jsonb)
    from jsonb_array_elements($1) with ordinality a (f, n) left join public.%I t on t.id = (f ->> 'id')::uuid
  $q$, tbl) into located using result -> 'features';
  return jsonb_set(result, '{features}', located);
end
$$;
alter function private.layer_geojson_sites(text, double precision[], jsonb) set plan_cache_mode = force_custom_plan;
revoke execute on function private.layer_geojson_sites(text, double precision[], jsonb) from public, anon;
grant execute on function private.layer_geojson_sites(text, double precision[], jsonb) to authenticated, service_role;
