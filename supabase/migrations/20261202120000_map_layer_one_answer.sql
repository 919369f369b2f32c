-- The map's point layers built both answers for every view: the grid clusters of the whole view
-- (a jsonb document per cell) and then, when few enough were in view, the features one by one. An
-- investigator's zoom-12 view paid for clusters it never returned (issue 21: map_layer about 17 ms
-- against 1.5 ms for the rows at 1M cases). The one grouping pass now keeps its cells as plain
-- values, and only the answer returned is built. Restated whole (a landed function changes only by create or replace), with the settings
-- later migrations gave it by alter function (custom plans, the 2 min statement limit), which
-- create or replace would otherwise drop.

-- A grid cell of the view: its place, how many points, their weight and mean position.
create type private.map_cell as (gx double precision, gy double precision, n bigint, w double precision, x double precision, y double precision);

create or replace function public.map_layer(
  layer text,
  bbox double precision[],
  zoom double precision,
  filters jsonb default '{}'::jsonb,
  max_features integer default 3000
) returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions
  set plan_cache_mode = force_custom_plan set statement_timeout = '2min' as $$
declare
  envelope geometry;
  f jsonb := coalesce(filters, '{}'::jsonb);
  cell double precision;
  -- Boarding houses are clustered when zoomed out however few there are: 1,500 dots over a
  -- province say less than 30 circles sized by workers.
  cluster_below double precision := case layer when 'boarding_houses' then 10 else 0 end;
  total bigint;
  cells private.map_cell[];
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

  -- Point layers: one pass groups the view into grid cells, kept as plain values; only the answer
  -- that is returned is built: the features one by one (a second, small pass) when few enough are
  -- in view, else the cells as clusters.
  select array_agg(row(g.gx, g.gy, g.n, g.w, g.x, g.y)::private.map_cell), coalesce(sum(g.n), 0)
  into cells, total
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
    select jsonb_agg(jsonb_build_object('type', 'Feature',
        'geometry', jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(round(c.x::numeric, 5), round(c.y::numeric, 5))),
        'properties', jsonb_build_object('count', c.n, 'weight', c.w)) order by c.n desc)
    into clusters
    from unnest(cells) c;
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
