-- Search across places, units and sites, ignoring diacritics and case ("tay ninh" finds
-- "Tây Ninh"). Vietnamese letters are folded with translate(), which every backend has
-- (unaccent is not available on PGlite).

create function private.fold(value text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select lower(translate(value,
    'áàảãạăắằẳẵặâấầẩẫậéèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợúùủũụưứừửữựýỳỷỹỵđÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴĐ',
    'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydAAAAAAAAAAAAAAAAAEEEEEEEEEEEIIIIIOOOOOOOOOOOOOOOOOUUUUUUUUUUUYYYYYD'))
$$;
comment on function private.fold(text) is 'Lower case without Vietnamese diacritics (đ → d), for search.';

create function public.search_places(q text, max_results integer default 10)
returns table (kind text, name text, detail text, lon double precision, lat double precision, bbox double precision[])
language plpgsql stable security invoker set search_path = public, extensions as $$
declare
  needle text := private.fold(btrim(coalesce(q, '')));
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'this account has no role in Hotspot Atlas';
  end if;
  if length(needle) < 2 or length(needle) > 100 then
    perform private.raise_invalid('q must have 2 to 100 characters', format('got %s characters', length(needle)));
  end if;
  if max_results is null or max_results < 1 or max_results > 50 then
    perform private.raise_invalid('max_results must lie between 1 and 50', format('got %s', max_results));
  end if;
  return query
  with found as (
    select u.level as kind, u.name, p.name as detail, u.geom
    from admin_units u left join admin_units p on p.id = u.parent_id
    where private.fold(u.name) like '%' || needle || '%'
    union all
    select b.kind, b.name, b.country_code, b.geom from border_features b
    where b.kind in ('gate', 'crossing') and private.fold(b.name) like '%' || needle || '%'
    union all
    select 'industrial_zone', z.name, u.name, z.geom from industrial_zones z join admin_units u on u.id = z.admin_unit_id
    where private.fold(z.name) like '%' || needle || '%'
    union all
    select 'model_site', m.name, m.kind, m.geom from model_sites m
    where private.fold(m.name) like '%' || needle || '%'
  )
  select f.kind, f.name, f.detail, st_x(st_pointonsurface(f.geom)), st_y(st_pointonsurface(f.geom)),
         array[st_xmin(f.geom), st_ymin(f.geom), st_xmax(f.geom), st_ymax(f.geom)]
  from found f
  -- Whole-word prefix matches first, then by kind (units before sites), then shorter names.
  order by (private.fold(f.name) like needle || '%' or private.fold(f.name) like '% ' || needle || '%') desc,
           array_position(array['province', 'district', 'commune', 'gate', 'industrial_zone', 'crossing', 'model_site'], f.kind),
           length(f.name), f.name
  limit max_results;
end
$$;
comment on function public.search_places(text, integer) is
  'Places, units, gates, zones and model sites whose name contains q, ignoring diacritics and case; with a point and bbox to zoom to.';

revoke execute on function public.search_places(text, integer) from public, anon;
grant execute on function public.search_places(text, integer), private.fold(text) to authenticated, service_role;
