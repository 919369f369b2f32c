-- Investigators' exact case reads use the place index.
--
-- Under RLS the policy on cases (a role check) is a security barrier, and PostGIS's && is not
-- leakproof, so PostgreSQL may not evaluate `geom && box` before the policy: it cannot use the
-- GiST index and every investigator view read the whole table, twice per map_layer (a zoom-12 view
-- of 347 cases at 20,000: a sequential scan removing 19,653 rows; issue 21). The rows now come from
-- one definer function that checks the role once and then reads with the indexes; RLS stays on the
-- table for every other way in.

create function private.investigator_cases(
  envelope extensions.geometry, unit uuid, date_from date, date_to date, types text[]
) returns setof public.cases
language plpgsql stable security definer set search_path = '' set plan_cache_mode = force_custom_plan as $$
begin
  if private.app_role() is distinct from 'investigator' then
    raise exception using errcode = '42501', message = 'exact case points are for investigators only',
      hint = 'use aggregate "admin_unit" or "grid"';
  end if;
  return query
  select c.* from public.cases c
  where (envelope is null or c.geom operator(extensions.&&) envelope)
    and (unit is null or c.admin_unit_id in (select private.unit_descendants(unit)))
    and (date_from is null or c.occurred_on >= date_from)
    and (date_to is null or c.occurred_on <= date_to)
    and (types is null or c.case_type = any (types));
end
$$;
revoke execute on function private.investigator_cases(extensions.geometry, uuid, date, date, text[]) from public, anon;
grant execute on function private.investigator_cases(extensions.geometry, uuid, date, date, text[]) to authenticated, service_role;

-- The map's point rows (map_layer): site layers as before, cases through the function above.
alter function private.point_rows(text, extensions.geometry, jsonb, boolean) rename to point_rows_sites;

create function private.point_rows(layer text, envelope extensions.geometry, f jsonb, with_props boolean)
returns table (id uuid, geom extensions.geometry, weight double precision, props jsonb)
language plpgsql stable security invoker set search_path = '' set plan_cache_mode = force_custom_plan as $$
begin
  if layer is distinct from 'cases' then
    return query select * from private.point_rows_sites(layer, envelope, f, with_props);
    return;
  end if;
  perform private.check_filter_keys(layer, f, array['admin_unit', 'from', 'to', 'case_type']);
  return query
  select c.id, c.geom, (c.victims_female + c.victims_male)::double precision,
    case when with_props then jsonb_build_object('case_type', c.case_type, 'occurred_on', c.occurred_on,
      'status', c.status, 'location_precision', c.location_precision,
      'victims', c.victims_female + c.victims_male, 'victims_female', c.victims_female,
      'victims_under_16', c.victims_under_16, 'victims_16_17', c.victims_16_17,
      'destination_country', c.destination_country, 'admin_unit', u.code, 'unit_name', u.name,
      'is_demo', c.is_demo) end
  from private.investigator_cases(envelope, private.filter_unit(f), private.filter_date(f, 'from'), private.filter_date(f, 'to'),
      private.filter_codes(f, 'case_type', array(select x.code from public.case_types x))) c
    join public.admin_units u on u.id = c.admin_unit_id;
end
$$;
revoke execute on function private.point_rows(text, extensions.geometry, jsonb, boolean) from public, anon;
grant execute on function private.point_rows(text, extensions.geometry, jsonb, boolean) to authenticated, service_role;

-- layer_geojson's exact points (aggregate "none"): the same rows; site layers as before.
alter function private.layer_geojson_sites(text, double precision[], jsonb) rename to layer_geojson_located;

create function private.layer_geojson_sites(layer text, bbox double precision[] default null, filters jsonb default '{}'::jsonb)
returns jsonb
language plpgsql volatile security invoker set search_path = '' set plan_cache_mode = force_custom_plan as $$
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  result jsonb;
  n bigint;
begin
  if layer is distinct from 'cases' or coalesce(private.filter_text(f, 'aggregate'), 'none') <> 'none' then
    return private.layer_geojson_located(layer, bbox, filters);
  end if;
  perform private.check_filter_keys(layer, f, array['admin_unit', 'from', 'to', 'case_type', 'aggregate', 'cell_deg']);
  select jsonb_agg(jsonb_build_object(
      'type', 'Feature', 'id', c.id,
      'geometry', extensions.st_asgeojson(c.geom, 6)::jsonb,
      'properties', jsonb_build_object('case_type', c.case_type, 'occurred_on', c.occurred_on,
        'status', c.status, 'location_precision', c.location_precision,
        'victims', c.victims_female + c.victims_male, 'victims_under_16', c.victims_under_16,
        'destination_country', c.destination_country, 'admin_unit', u.code, 'is_demo', c.is_demo))),
    count(*)
  into result, n
  from private.investigator_cases(private.bbox_envelope(bbox), private.filter_unit(f), private.filter_date(f, 'from'),
      private.filter_date(f, 'to'), private.filter_codes(f, 'case_type', array(select x.code from public.case_types x))) c
    join public.admin_units u on u.id = c.admin_unit_id;
  perform private.audit('read_exact_cases', 'cases', jsonb_build_object('rows', n, 'bbox', to_jsonb(bbox), 'filters', f));
  return jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(result, '[]'::jsonb));
end
$$;
revoke execute on function private.layer_geojson_sites(text, double precision[], jsonb) from public, anon;
grant execute on function private.layer_geojson_sites(text, double precision[], jsonb) to authenticated, service_role;
