-- Unit scope of whole geometries. save_record and the import find a place's unit from one point (a
-- zone's point on surface), so a district official could save a multipolygon with a 550 km strip
-- into other provinces as a zone of their own district. Now every part of a geometry an official
-- writes must lie within their unit (with 0.0005°, about 50 m, of tolerance for outlines drawn along
-- its border), on every write path: a trigger on the four site tables checks the geometry of each
-- inserted or changed row and of each proposal, whatever function or API wrote it.

create function private.require_geometry_in_own_unit(g extensions.geometry) returns void
language plpgsql stable security definer set search_path = public, extensions as $$
declare
  own geometry;
  own_name text;
  outside float8;
begin
  if g is null or private.app_role() is distinct from 'district_official' then
    return;
  end if;
  select u.geom, u.name into own, own_name from admin_units u where u.id = private.app_unit();
  if own is not null and (st_coveredby(g, own) or st_coveredby(g, st_buffer(own, 0.0005))) then
    return;
  end if;
  outside := case when own is not null and geometrytype(g) like '%POLYGON' then st_area(st_difference(g, own)::geography) end;
  raise exception using errcode = '42501',
    message = format('part of the place lies outside your unit %s', coalesce(own_name, '—')),
    detail = case when outside is not null then format('%s km² of the outline lies outside it', round((outside / 1e6)::numeric, 2))
                  else 'the place lies outside it' end,
    hint = 'draw the outline within your unit; an admin enters places that cross units';
end
$$;
comment on function private.require_geometry_in_own_unit(extensions.geometry) is
  'Refuses (42501) a geometry a district official writes unless all of it lies within their unit (50 m tolerance).';

create function private.site_geometry_in_own_unit() returns trigger
language plpgsql security definer set search_path = public, extensions as $$
begin
  if private.app_role() is distinct from 'district_official' then
    return new;
  end if;
  if tg_op = 'INSERT' or new.geom is distinct from old.geom then
    perform private.require_geometry_in_own_unit(new.geom);
  end if;
  if new.proposal is distinct from (case when tg_op = 'UPDATE' then old.proposal end)
     and jsonb_typeof(new.proposal -> 'fields' -> 'geom') = 'string' then
    perform private.require_geometry_in_own_unit((new.proposal -> 'fields' ->> 'geom')::geometry);
  end if;
  return new;
end
$$;

do $$
declare
  t text;
begin
  foreach t in array array['industrial_zones', 'boarding_houses', 'outreach_activities', 'model_sites']
  loop
    execute format('create trigger %I before insert or update on public.%I
      for each row execute function private.site_geometry_in_own_unit()', t || '_geometry_in_own_unit', t);
  end loop;
end
$$;
