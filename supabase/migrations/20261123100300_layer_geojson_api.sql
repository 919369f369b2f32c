-- Data API for the map: layer_geojson(layer, bbox, filters) returns one GeoJSON
-- FeatureCollection per map layer. Called as supabase.rpc('layer_geojson', {...}).
-- Bad arguments raise SQLSTATE 22023 (invalid_parameter_value) with a message naming the
-- argument, which the HTTP layer answers with 400 and PostgREST's {code, message, details, hint}.

create function private.raise_invalid(message text, details text default null, hint text default null)
returns void language plpgsql immutable set search_path = '' as $$
begin
  raise exception using errcode = '22023', message = message,
    detail = coalesce(details, ''), hint = coalesce(hint, '');
end
$$;

-- [west, south, east, north] in degrees → envelope, or null for "everywhere".
create function private.bbox_envelope(bbox double precision[]) returns extensions.geometry
language plpgsql immutable set search_path = '' as $$
begin
  if bbox is null then
    return null;
  end if;
  if array_ndims(bbox) is distinct from 1 or cardinality(bbox) <> 4 or array_position(bbox, null) is not null then
    perform private.raise_invalid('bbox must be 4 numbers [west, south, east, north]',
      format('got %s', bbox::text), 'longitudes and latitudes in degrees (EPSG:4326)');
  end if;
  if bbox[1] = 'NaN' or bbox[2] = 'NaN' or bbox[3] = 'NaN' or bbox[4] = 'NaN'
     or bbox[1] < -180 or bbox[3] > 180 or bbox[2] < -90 or bbox[4] > 90 then
    perform private.raise_invalid('bbox is outside the world: longitudes must lie in [-180, 180] and latitudes in [-90, 90]',
      format('got %s', bbox::text));
  end if;
  if bbox[1] >= bbox[3] or bbox[2] >= bbox[4] then
    perform private.raise_invalid('bbox must have west < east and south < north',
      format('got %s', bbox::text), 'order is [west, south, east, north]');
  end if;
  return extensions.st_makeenvelope(bbox[1], bbox[2], bbox[3], bbox[4], 4326);
end
$$;

create function private.check_filter_keys(layer text, filters jsonb, allowed text[]) returns void
language plpgsql immutable set search_path = '' as $$
declare
  k text;
begin
  if filters is null then
    return;
  end if;
  if jsonb_typeof(filters) <> 'object' then
    perform private.raise_invalid('filters must be a JSON object', format('got %s', jsonb_typeof(filters)));
  end if;
  for k in select jsonb_object_keys(filters) loop
    if not k = any (allowed) then
      perform private.raise_invalid(format('unknown filter "%s" for layer "%s"', k, layer),
        format('layer "%s" accepts: %s', layer, array_to_string(allowed, ', ')));
    end if;
  end loop;
end
$$;

create function private.filter_text(filters jsonb, key text) returns text
language plpgsql immutable set search_path = '' as $$
begin
  if filters is null or not filters ? key or filters -> key = 'null'::jsonb then
    return null;
  end if;
  if jsonb_typeof(filters -> key) <> 'string' then
    perform private.raise_invalid(format('filters.%s must be a string', key), format('got %s', filters -> key));
  end if;
  return filters ->> key;
end
$$;

create function private.filter_date(filters jsonb, key text) returns date
language plpgsql immutable set search_path = '' as $$
declare
  v text := private.filter_text(filters, key);
begin
  if v is null then
    return null;
  end if;
  if v !~ '^\d{4}-\d{2}-\d{2}$' then
    perform private.raise_invalid(format('filters.%s must be a date YYYY-MM-DD', key), format('got "%s"', v));
  end if;
  return v::date;
exception
  when datetime_field_overflow or invalid_datetime_format then
    perform private.raise_invalid(format('filters.%s is not a valid date', key), format('got "%s"', v));
    return null;
end
$$;

create function private.filter_number(filters jsonb, key text, min_value double precision, max_value double precision)
returns double precision language plpgsql immutable set search_path = '' as $$
declare
  v double precision;
begin
  if filters is null or not filters ? key or filters -> key = 'null'::jsonb then
    return null;
  end if;
  if jsonb_typeof(filters -> key) <> 'number' then
    perform private.raise_invalid(format('filters.%s must be a number', key), format('got %s', filters -> key));
  end if;
  v := (filters ->> key)::double precision;
  if v < min_value or v > max_value then
    perform private.raise_invalid(format('filters.%s must lie between %s and %s', key, min_value, max_value),
      format('got %s', v));
  end if;
  return v;
end
$$;

-- A filter naming codes of a vocabulary: a string or an array of strings, each known.
create function private.filter_codes(filters jsonb, key text, known text[]) returns text[]
language plpgsql immutable set search_path = '' as $$
declare
  v jsonb;
  codes text[];
  c text;
begin
  if filters is null or not filters ? key or filters -> key = 'null'::jsonb then
    return null;
  end if;
  v := filters -> key;
  if jsonb_typeof(v) = 'string' then
    codes := array[v ->> 0];
  elsif jsonb_typeof(v) = 'array' and not exists (
      select 1 from jsonb_array_elements(v) e where jsonb_typeof(e) <> 'string') then
    select coalesce(array_agg(e), '{}') into codes from jsonb_array_elements_text(v) e;
  else
    perform private.raise_invalid(format('filters.%s must be a code or an array of codes', key), format('got %s', v));
  end if;
  foreach c in array codes loop
    if not c = any (known) then
      perform private.raise_invalid(format('unknown %s "%s"', key, c), format('known: %s', array_to_string(known, ', ')));
    end if;
  end loop;
  return codes;
end
$$;

create function private.filter_unit(filters jsonb) returns uuid
language plpgsql stable security definer set search_path = '' as $$
declare
  unit_code text := private.filter_text(filters, 'admin_unit');
  unit uuid;
begin
  if unit_code is null then
    return null;
  end if;
  select u.id into unit from public.admin_units u where u.code = unit_code;
  if unit is null then
    perform private.raise_invalid(format('unknown admin_unit "%s"', unit_code), 'admin_unit takes the code of an administrative unit');
  end if;
  return unit;
end
$$;

-- Case counts for callers who may not read exact cases: grouped per administrative unit or per
-- grid cell, groups with fewer than k cases left out. Runs as definer because RLS hides the rows
-- themselves from these callers; it returns nothing but counts above the threshold.
create function private.case_aggregates(
  envelope extensions.geometry, date_from date, date_to date, types text[], unit uuid,
  mode text, cell_deg double precision
) returns jsonb
language plpgsql stable security definer set search_path = '' as $$
declare
  k int := (select (s.value #>> '{}')::int from public.app_settings s where s.key = 'suppression_k');
  result jsonb;
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'permission denied for case aggregates';
  end if;
  with selected as (
    select c.admin_unit_id, c.geom, c.victims_female + c.victims_male as victims
    from public.cases c
    where (envelope is null or c.geom operator(extensions.&&) envelope)
      and (date_from is null or c.occurred_on >= date_from)
      and (date_to is null or c.occurred_on <= date_to)
      and (types is null or c.case_type = any (types))
      and (unit is null or c.admin_unit_id in (select private.unit_descendants(unit)))
  ),
  groups as (
    select s.admin_unit_id as unit_id, null::double precision as gx, null::double precision as gy,
           count(*) as n, sum(s.victims) as victims
    from selected s where mode = 'admin_unit' group by s.admin_unit_id
    union all
    select null, floor(extensions.st_x(s.geom) / cell_deg), floor(extensions.st_y(s.geom) / cell_deg),
           count(*), sum(s.victims)
    from selected s where mode = 'grid' group by 2, 3
  )
  select jsonb_build_object(
    'type', 'FeatureCollection',
    'features', coalesce(jsonb_agg(
      jsonb_build_object(
        'type', 'Feature',
        'geometry', extensions.st_asgeojson(
          coalesce(u.geom, extensions.st_makeenvelope(g.gx * cell_deg, g.gy * cell_deg,
            (g.gx + 1) * cell_deg, (g.gy + 1) * cell_deg, 4326)), 5)::jsonb,
        'properties', jsonb_build_object(
          'count', g.n,
          'victims', g.victims,
          'admin_unit', u.code,
          'name', u.name,
          'cell', case when mode = 'grid' then jsonb_build_array(g.gx, g.gy) end)
      ) order by g.n desc), '[]'::jsonb),
    'aggregate', mode,
    'suppression_k', k
  ) into result
  from groups g left join public.admin_units u on u.id = g.unit_id
  where g.n >= k;
  return result;
end
$$;

create function public.layer_geojson(
  layer text,
  bbox double precision[] default null,
  filters jsonb default '{}'::jsonb
) returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  envelope geometry := private.bbox_envelope(bbox);
  f jsonb := coalesce(filters, '{}'::jsonb);
  unit uuid;
  date_from date;
  date_to date;
  result jsonb;
  n int;
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'this account has no role in Hotspot Atlas',
      hint = 'an admin assigns roles on the admin page';
  end if;
  if layer is null or layer not in ('admin_units', 'border_lines', 'border_gates', 'industrial_zones',
      'boarding_houses', 'outreach', 'model_sites', 'cases') then
    perform private.raise_invalid(format('unknown layer "%s"', coalesce(layer, 'null')),
      'layer must be one of admin_units, border_lines, border_gates, industrial_zones, boarding_houses, outreach, model_sites, cases');
  end if;

  case layer
  when 'admin_units' then
    perform private.check_filter_keys(layer, f, array['admin_unit', 'level']);
    unit := private.filter_unit(f);
    select jsonb_agg(jsonb_build_object(
      'type', 'Feature', 'id', u.id,
      'geometry', st_asgeojson(u.geom, 5)::jsonb,
      'properties', jsonb_build_object('code', u.code, 'name', u.name, 'level', u.level,
        'parent', p.code, 'population', u.population, 'is_demo', u.is_demo)) order by u.code)
    into result
    from admin_units u left join admin_units p on p.id = u.parent_id
    where (envelope is null or u.geom && envelope)
      and (unit is null or u.id in (select private.unit_descendants(unit)))
      and u.level = any (coalesce(private.filter_codes(f, 'level', array['province', 'district', 'commune']), array[u.level]));

  when 'border_lines', 'border_gates' then
    perform private.check_filter_keys(layer, f, array['country', 'kind']);
    select jsonb_agg(jsonb_build_object(
      'type', 'Feature', 'id', b.id,
      'geometry', st_asgeojson(b.geom, 5)::jsonb,
      'properties', jsonb_build_object('kind', b.kind, 'country', b.country_code, 'name', b.name,
        'gate_class', b.gate_class, 'is_demo', b.is_demo)) order by b.kind, b.name)
    into result
    from border_features b
    where b.kind = any (case when layer = 'border_lines' then array['border_line', 'trail'] else array['gate', 'crossing'] end)
      and (envelope is null or b.geom && envelope)
      and b.country_code = any (coalesce(private.filter_codes(f, 'country',
        array(select c.code from neighbour_countries c)), array[b.country_code]))
      and b.kind = any (coalesce(private.filter_codes(f, 'kind',
        case when layer = 'border_lines' then array['border_line', 'trail'] else array['gate', 'crossing'] end),
        array[b.kind]));

  when 'industrial_zones' then
    perform private.check_filter_keys(layer, f, array['admin_unit']);
    unit := private.filter_unit(f);
    select jsonb_agg(jsonb_build_object(
      'type', 'Feature', 'id', z.id,
      'geometry', st_asgeojson(z.geom, 6)::jsonb,
      'properties', jsonb_build_object('name', z.name, 'workers', z.workers, 'admin_unit', u.code,
        'is_demo', z.is_demo)) order by z.name)
    into result
    from industrial_zones z join admin_units u on u.id = z.admin_unit_id
    where (envelope is null or z.geom && envelope)
      and (unit is null or z.admin_unit_id in (select private.unit_descendants(unit)));

  when 'boarding_houses' then
    perform private.check_filter_keys(layer, f, array['admin_unit', 'min_workers']);
    unit := private.filter_unit(f);
    select jsonb_agg(jsonb_build_object(
      'type', 'Feature', 'id', h.id,
      'geometry', st_asgeojson(h.geom, 6)::jsonb,
      'properties', jsonb_build_object('label', h.label, 'workers', h.workers, 'rooms', h.rooms,
        'admin_unit', u.code, 'industrial_zone', z.name, 'is_demo', h.is_demo)))
    into result
    from boarding_houses h
      join admin_units u on u.id = h.admin_unit_id
      left join industrial_zones z on z.id = h.industrial_zone_id
    where (envelope is null or h.geom && envelope)
      and (unit is null or h.admin_unit_id in (select private.unit_descendants(unit)))
      and h.workers >= coalesce(private.filter_number(f, 'min_workers', 0, 1e9), 0);

  when 'outreach' then
    perform private.check_filter_keys(layer, f, array['admin_unit', 'from', 'to', 'form']);
    unit := private.filter_unit(f);
    date_from := private.filter_date(f, 'from');
    date_to := private.filter_date(f, 'to');
    select jsonb_agg(jsonb_build_object(
      'type', 'Feature', 'id', o.id,
      'geometry', st_asgeojson(o.geom, 6)::jsonb,
      'properties', jsonb_build_object('form', o.form, 'held_on', o.held_on, 'people_reached', o.people_reached,
        'materials', o.materials, 'organiser', o.organiser, 'admin_unit', u.code, 'is_demo', o.is_demo)))
    into result
    from outreach_activities o join admin_units u on u.id = o.admin_unit_id
    where (envelope is null or o.geom && envelope)
      and (unit is null or o.admin_unit_id in (select private.unit_descendants(unit)))
      and (date_from is null or o.held_on >= date_from)
      and (date_to is null or o.held_on <= date_to)
      and o.form = any (coalesce(private.filter_codes(f, 'form', array(select x.code from outreach_forms x)), array[o.form]));

  when 'model_sites' then
    perform private.check_filter_keys(layer, f, array['admin_unit', 'kind']);
    unit := private.filter_unit(f);
    select jsonb_agg(jsonb_build_object(
      'type', 'Feature', 'id', m.id,
      'geometry', st_asgeojson(m.geom, 6)::jsonb,
      'properties', jsonb_build_object('kind', m.kind, 'name', m.name, 'opened_on', m.opened_on,
        'active', m.active, 'admin_unit', u.code, 'is_demo', m.is_demo)))
    into result
    from model_sites m join admin_units u on u.id = m.admin_unit_id
    where (envelope is null or m.geom && envelope)
      and (unit is null or m.admin_unit_id in (select private.unit_descendants(unit)))
      and m.kind = any (coalesce(private.filter_codes(f, 'kind', array(select x.code from model_site_kinds x)), array[m.kind]));

  when 'cases' then
    perform private.check_filter_keys(layer, f, array['admin_unit', 'from', 'to', 'case_type', 'aggregate', 'cell_deg']);
    unit := private.filter_unit(f);
    date_from := private.filter_date(f, 'from');
    date_to := private.filter_date(f, 'to');
    if private.filter_text(f, 'aggregate') = 'none' and private.app_role() is distinct from 'investigator' then
      raise exception using errcode = '42501', message = 'exact case points are for investigators only',
        hint = 'use aggregate "admin_unit" or "grid"';
    end if;
    if private.app_role() = 'investigator' and coalesce(private.filter_text(f, 'aggregate'), 'none') = 'none' then
      -- Exact points: RLS admits investigators only; every such read is audited.
      select jsonb_agg(jsonb_build_object(
        'type', 'Feature', 'id', c.id,
        'geometry', st_asgeojson(c.geom, 6)::jsonb,
        'properties', jsonb_build_object('case_type', c.case_type, 'occurred_on', c.occurred_on,
          'status', c.status, 'location_precision', c.location_precision,
          'victims', c.victims_female + c.victims_male, 'victims_under_16', c.victims_under_16,
          'destination_country', c.destination_country, 'admin_unit', u.code, 'is_demo', c.is_demo))),
        count(*)
      into result, n
      from cases c join admin_units u on u.id = c.admin_unit_id
      where (envelope is null or c.geom && envelope)
        and (unit is null or c.admin_unit_id in (select private.unit_descendants(unit)))
        and (date_from is null or c.occurred_on >= date_from)
        and (date_to is null or c.occurred_on <= date_to)
        and c.case_type = any (coalesce(private.filter_codes(f, 'case_type', array(select x.code from case_types x)), array[c.case_type]));
      perform private.audit('read_exact_cases', 'cases',
        jsonb_build_object('rows', n, 'bbox', to_jsonb(bbox), 'filters', f));
    else
      return private.case_aggregates(envelope, date_from, date_to,
        private.filter_codes(f, 'case_type', array(select x.code from case_types x)), unit,
        coalesce((private.filter_codes(f, 'aggregate', array['admin_unit', 'grid', 'none']))[1], 'admin_unit'),
        coalesce(private.filter_number(f, 'cell_deg', 0.01, 2), 0.1));
    end if;
  end case;

  return jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(result, '[]'::jsonb));
end
$$;

comment on function public.layer_geojson(text, double precision[], jsonb) is
  'GeoJSON FeatureCollection of one map layer within bbox [west, south, east, north], filtered. Cases: exact points for investigators (audited), otherwise counts per admin unit or grid cell with counts below suppression_k left out.';

revoke execute on function public.layer_geojson(text, double precision[], jsonb) from public, anon;
grant execute on function public.layer_geojson(text, double precision[], jsonb) to authenticated, service_role;
grant execute on function private.raise_invalid(text, text, text), private.bbox_envelope(double precision[]),
  private.check_filter_keys(text, jsonb, text[]), private.filter_text(jsonb, text), private.filter_date(jsonb, text),
  private.filter_number(jsonb, text, double precision, double precision), private.filter_codes(jsonb, text, text[]),
  private.filter_unit(jsonb), private.case_aggregates(extensions.geometry, date, date, text[], uuid, text, double precision),
  private.audit(text, text, jsonb)
  to authenticated, service_role;
