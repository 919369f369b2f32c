-- Viewport loading for the map and indicators per administrative unit.
--
-- map_layer(layer, bbox, zoom, filters, max_features) answers what the map shows in the current
-- view: the features themselves while there are at most max_features of them in view (and the
-- layer is not one that clusters when zoomed out), otherwise clusters on a grid whose cell is about
-- 48 screen pixels at that zoom — so a view never carries more than a few thousand features, with
-- 1,000,000 cases as with 1,000. Cases stay behind the same wall as in layer_geojson: exact rows for
-- investigators (audited), suppressed aggregates for everyone else.
--
-- unit_indicators(level, filters) gives per unit the figures a choropleth can show; case counts
-- below suppression_k are null for everyone but investigators.

-- Refuses callers without an application role (anon, no profile, disabled), as layer_geojson does.
create function private.require_app_role() returns void
language plpgsql stable set search_path = '' as $$
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'this account has no role in Hotspot Atlas',
      hint = 'an admin assigns roles on the admin page';
  end if;
end
$$;

-- Grid cell in degrees of about `pixels` screen pixels at a web-mercator zoom (256-px tiles).
create function private.cell_deg(zoom double precision, pixels double precision default 48)
returns double precision language sql immutable set search_path = '' as $$
  select 360.0 / power(2, zoom) * pixels / 256.0
$$;

-- The rows of a point layer within an envelope after its filters, with a weight (workers, people
-- reached, victims, 1) and, when asked, the properties the map shows. Security invoker: RLS decides
-- what the caller sees (no case rows at all for non-investigators). Filters are parsed into
-- variables first, so the query compares plain values instead of calling a parser on every row.
create function private.point_rows(layer text, envelope extensions.geometry, f jsonb, with_props boolean)
returns table (id uuid, geom extensions.geometry, weight double precision, props jsonb)
language plpgsql stable security invoker set search_path = public, extensions as $$
declare
  unit uuid;
  date_from date;
  date_to date;
  codes text[];
  min_workers double precision;
begin
  case layer
  when 'boarding_houses' then
    perform private.check_filter_keys(layer, f, array['admin_unit', 'min_workers']);
    unit := private.filter_unit(f);
    min_workers := coalesce(private.filter_number(f, 'min_workers', 0, 1e9), 0);
    return query
    select h.id, h.geom, h.workers::double precision,
      case when with_props then jsonb_build_object('label', h.label, 'workers', h.workers, 'rooms', h.rooms,
        'admin_unit', u.code, 'unit_name', u.name, 'industrial_zone', z.name, 'is_demo', h.is_demo) end
    from boarding_houses h
      join admin_units u on u.id = h.admin_unit_id
      left join industrial_zones z on z.id = h.industrial_zone_id
    where h.geom && envelope
      and (unit is null or h.admin_unit_id in (select private.unit_descendants(unit)))
      and h.workers >= min_workers;

  when 'outreach' then
    perform private.check_filter_keys(layer, f, array['admin_unit', 'from', 'to', 'form']);
    unit := private.filter_unit(f);
    date_from := private.filter_date(f, 'from');
    date_to := private.filter_date(f, 'to');
    codes := private.filter_codes(f, 'form', array(select x.code from outreach_forms x));
    return query
    select o.id, o.geom, o.people_reached::double precision,
      case when with_props then jsonb_build_object('form', o.form, 'held_on', o.held_on,
        'people_reached', o.people_reached, 'materials', o.materials, 'organiser', o.organiser,
        'admin_unit', u.code, 'unit_name', u.name, 'is_demo', o.is_demo) end
    from outreach_activities o join admin_units u on u.id = o.admin_unit_id
    where o.geom && envelope
      and (unit is null or o.admin_unit_id in (select private.unit_descendants(unit)))
      and (date_from is null or o.held_on >= date_from)
      and (date_to is null or o.held_on <= date_to)
      and (codes is null or o.form = any (codes));

  when 'model_sites' then
    perform private.check_filter_keys(layer, f, array['admin_unit', 'kind']);
    unit := private.filter_unit(f);
    codes := private.filter_codes(f, 'kind', array(select x.code from model_site_kinds x));
    return query
    select m.id, m.geom, 1.0::double precision,
      case when with_props then jsonb_build_object('kind', m.kind, 'name', m.name, 'opened_on', m.opened_on,
        'active', m.active, 'admin_unit', u.code, 'unit_name', u.name, 'is_demo', m.is_demo) end
    from model_sites m join admin_units u on u.id = m.admin_unit_id
    where m.geom && envelope
      and (unit is null or m.admin_unit_id in (select private.unit_descendants(unit)))
      and (codes is null or m.kind = any (codes));

  when 'cases' then
    perform private.check_filter_keys(layer, f, array['admin_unit', 'from', 'to', 'case_type']);
    unit := private.filter_unit(f);
    date_from := private.filter_date(f, 'from');
    date_to := private.filter_date(f, 'to');
    codes := private.filter_codes(f, 'case_type', array(select x.code from case_types x));
    return query
    select c.id, c.geom, (c.victims_female + c.victims_male)::double precision,
      case when with_props then jsonb_build_object('case_type', c.case_type, 'occurred_on', c.occurred_on,
        'status', c.status, 'location_precision', c.location_precision,
        'victims', c.victims_female + c.victims_male, 'victims_female', c.victims_female,
        'victims_under_16', c.victims_under_16, 'victims_16_17', c.victims_16_17,
        'destination_country', c.destination_country, 'admin_unit', u.code, 'unit_name', u.name,
        'is_demo', c.is_demo) end
    from cases c join admin_units u on u.id = c.admin_unit_id
    where c.geom && envelope
      and (unit is null or c.admin_unit_id in (select private.unit_descendants(unit)))
      and (date_from is null or c.occurred_on >= date_from)
      and (date_to is null or c.occurred_on <= date_to)
      and (codes is null or c.case_type = any (codes));
  end case;
end
$$;

create function public.map_layer(
  layer text,
  bbox double precision[],
  zoom double precision,
  filters jsonb default '{}'::jsonb,
  max_features integer default 3000
) returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  envelope geometry;
  f jsonb := coalesce(filters, '{}'::jsonb);
  cell double precision;
  -- Boarding houses are clustered when zoomed out however few there are: 1,500 dots over a
  -- province say less than 30 circles sized by workers.
  cluster_below double precision := case layer when 'boarding_houses' then 10 else 0 end;
  total bigint;
  clusters jsonb;
  result jsonb;
  aggregate text;
begin
  perform private.require_app_role();
  if layer is null or layer not in ('admin_units', 'border_lines', 'border_gates', 'industrial_zones',
      'boarding_houses', 'outreach', 'outreach_surface', 'model_sites', 'cases') then
    perform private.raise_invalid(format('unknown layer "%s"', coalesce(layer, 'null')),
      'layer must be one of admin_units, border_lines, border_gates, industrial_zones, boarding_houses, outreach, outreach_surface, model_sites, cases');
  end if;
  if bbox is null then
    perform private.raise_invalid('bbox is required: the map asks for what is in view', null, '[west, south, east, north] in degrees');
  end if;
  envelope := private.bbox_envelope(bbox);
  if zoom is null or zoom = 'NaN' or zoom < 0 or zoom > 24 then
    perform private.raise_invalid('zoom must be a number between 0 and 24', format('got %s', coalesce(zoom::text, 'null')));
  end if;
  if max_features is null or max_features < 1 or max_features > 50000 then
    perform private.raise_invalid('max_features must lie between 1 and 50000', format('got %s', coalesce(max_features::text, 'null')));
  end if;
  cell := private.cell_deg(zoom);

  -- Small layers of lines and polygons: as they are.
  if layer in ('admin_units', 'border_lines', 'border_gates', 'industrial_zones') then
    result := public.layer_geojson(layer, bbox, f);
    return result || jsonb_build_object('mode', 'features', 'total', jsonb_array_length(result -> 'features'));
  end if;

  if layer = 'cases' then
    aggregate := private.filter_text(f, 'aggregate');
    if aggregate is not null and aggregate not in ('admin_unit', 'grid') then
      perform private.raise_invalid(format('unknown aggregate "%s"', aggregate), 'aggregate is "admin_unit" or "grid"');
    end if;
    if aggregate is not null or private.app_role() is distinct from 'investigator' then
      -- Suppressed aggregates, as layer_geojson gives them; grid cells follow the zoom.
      result := public.layer_geojson('cases', bbox, f || jsonb_build_object(
        'aggregate', coalesce(aggregate, 'admin_unit'), 'cell_deg', least(2, greatest(0.05, cell))));
      select coalesce(sum((e -> 'properties' ->> 'count')::bigint), 0) into total
      from jsonb_array_elements(result -> 'features') e;
      return result || jsonb_build_object('mode', 'aggregate', 'total', total);
    end if;
    f := f - 'aggregate';
  end if;

  if layer = 'outreach_surface' then
    -- People reached per grid cell of about 24 px: the coverage surface of outreach.
    cell := private.cell_deg(zoom, 24);
    select jsonb_agg(jsonb_build_object('type', 'Feature',
        'geometry', st_asgeojson(st_makeenvelope(g.gx * cell, g.gy * cell, (g.gx + 1) * cell, (g.gy + 1) * cell, 4326), 5)::jsonb,
        'properties', jsonb_build_object('count', g.n, 'people_reached', g.w)) order by g.w desc),
      coalesce(sum(g.n), 0)
    into result, total
    from (select floor(st_x(r.geom) / cell) as gx, floor(st_y(r.geom) / cell) as gy, count(*) as n, sum(r.weight) as w
          from private.point_rows('outreach', envelope, f, false) r group by 1, 2) g;
    return jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(result, '[]'::jsonb),
      'mode', 'surface', 'total', total, 'cell_deg', cell);
  end if;

  -- Point layers: one pass groups the view into grid cells; if the whole view holds few enough
  -- features, a second (small) pass returns them one by one.
  select jsonb_agg(jsonb_build_object('type', 'Feature',
      'geometry', jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(round(g.x::numeric, 5), round(g.y::numeric, 5))),
      'properties', jsonb_build_object('count', g.n, 'weight', g.w)) order by g.n desc),
    coalesce(sum(g.n), 0)
  into clusters, total
  from (select floor(st_x(r.geom) / cell) as gx, floor(st_y(r.geom) / cell) as gy,
               count(*) as n, sum(r.weight) as w, avg(st_x(r.geom)) as x, avg(st_y(r.geom)) as y
        from private.point_rows(layer, envelope, f, false) r group by 1, 2) g;

  if total <= max_features and zoom >= cluster_below then
    select jsonb_agg(jsonb_build_object('type', 'Feature', 'id', r.id,
        'geometry', st_asgeojson(r.geom, 6)::jsonb, 'properties', r.props))
    into result
    from private.point_rows(layer, envelope, f, true) r;
    result := jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(result, '[]'::jsonb),
      'mode', 'features', 'total', total);
  else
    result := jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(clusters, '[]'::jsonb),
      'mode', 'clusters', 'total', total, 'cell_deg', cell);
  end if;
  if layer = 'cases' then
    perform private.audit('read_exact_cases', 'cases', jsonb_build_object('rows', total,
      'mode', result ->> 'mode', 'bbox', to_jsonb(bbox), 'zoom', zoom, 'filters', f));
  end if;
  return result;
end
$$;

comment on function public.map_layer(text, double precision[], double precision, jsonb, integer) is
  'What the map shows of one layer in a view: features while at most max_features are in view, otherwise grid clusters of about 48 px at that zoom (mode features|clusters|aggregate|surface, total = features in view). Cases: exact for investigators (audited), suppressed aggregates for everyone else.';

-- Case counts per unit of a level, each counting the cases of the unit and of all units below it.
-- Definer because RLS hides case rows from most roles; for them counts below suppression_k are null.
create function private.unit_case_counts(unit_level text, date_from date, date_to date, types text[])
returns table (unit_id uuid, cases bigint, victims bigint)
language plpgsql stable security definer set search_path = '' as $$
declare
  k int := (select (s.value #>> '{}')::int from public.app_settings s where s.key = 'suppression_k');
  exact boolean := private.app_role() = 'investigator';
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'permission denied for case counts';
  end if;
  return query
  with recursive ancestry as (
    select u.id as unit_id, u.id as ancestor_id, u.parent_id from public.admin_units u
    union all
    select a.unit_id, p.id, p.parent_id from ancestry a join public.admin_units p on p.id = a.parent_id
  ),
  counted as (
    select a.ancestor_id, count(*) as n, sum(c.victims_female + c.victims_male)::bigint as v
    from public.cases c
      join ancestry a on a.unit_id = c.admin_unit_id
      join public.admin_units t on t.id = a.ancestor_id and t.level = unit_level
    where (date_from is null or c.occurred_on >= date_from)
      and (date_to is null or c.occurred_on <= date_to)
      and (types is null or c.case_type = any (types))
    group by a.ancestor_id
  )
  select u.id,
    case when exact or coalesce(c.n, 0) >= k then coalesce(c.n, 0) end,
    case when exact or coalesce(c.n, 0) >= k then coalesce(c.v, 0) end
  from public.admin_units u left join counted c on c.ancestor_id = u.id
  where u.level = unit_level;
end
$$;

create function public.unit_indicators(level text default 'province', filters jsonb default '{}'::jsonb)
returns jsonb
language plpgsql stable security invoker set search_path = public, extensions as $$
declare
  f jsonb := coalesce(filters, '{}'::jsonb);
  date_from date;
  date_to date;
  types text[];
  forms text[];
  k int := (select (s.value #>> '{}')::int from app_settings s where s.key = 'suppression_k');
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
    join private.unit_case_counts(unit_indicators.level, date_from, date_to, types) cc on cc.unit_id = u.id
    left join houses h on h.ancestor_id = u.id
    left join reach r on r.ancestor_id = u.id
    left join sites s on s.ancestor_id = u.id
  where u.level = unit_indicators.level;

  return jsonb_build_object('level', level, 'suppression_k', k,
    'exact', private.app_role() = 'investigator', 'units', coalesce(result, '[]'::jsonb));
end
$$;

comment on function public.unit_indicators(text, jsonb) is
  'Per administrative unit of a level (rolled up from the units below): boarding houses, workers, outreach activities and people reached in the period, active model sites, cases and victims (null below suppression_k except for investigators).';

revoke execute on function public.map_layer(text, double precision[], double precision, jsonb, integer) from public, anon;
revoke execute on function public.unit_indicators(text, jsonb) from public, anon;
grant execute on function public.map_layer(text, double precision[], double precision, jsonb, integer),
  public.unit_indicators(text, jsonb) to authenticated, service_role;
grant execute on function private.require_app_role(), private.cell_deg(double precision, double precision),
  private.point_rows(text, extensions.geometry, jsonb, boolean),
  private.unit_case_counts(text, date, date, text[]) to authenticated, service_role;
