-- Each outreach form and model-site kind reaches its own distance (a loudspeaker a few hundred
-- metres, a meeting its commune, a hotline point the district): the radii come with defaults from the
-- provincial plans and an admin sets them for the province (issue 22, coverage by mode). One call
-- sets any number of them, all or none, each checked and named in the error, and audited; coverage
-- and plans read them through reach_km().

create function public.set_reach_km(reach jsonb) returns jsonb
language plpgsql volatile security definer set search_path = public as $$
declare
  grp text;
  mode text;
  v jsonb;
  n int;
begin
  if private.app_role() is distinct from 'admin' then
    raise exception using errcode = '42501', message = 'only admins set the reach of outreach forms and model sites';
  end if;
  if jsonb_typeof(reach) is distinct from 'object' or exists (select 1 from jsonb_object_keys(reach) k where k not in ('forms', 'sites')) then
    perform private.raise_invalid('reach: {"forms": {code: km}, "sites": {code: km}}');
  end if;
  for grp, mode, v in
    select g.key, e.key, e.value from jsonb_each(reach) g, jsonb_each(case when jsonb_typeof(g.value) = 'object' then g.value else '{}' end) e
  loop
    if jsonb_typeof(v) <> 'number' or (v #>> '{}')::numeric <= 0 or (v #>> '{}')::numeric > 50 then
      perform private.raise_invalid(format('%s.%s: %s is not a distance of more than 0 and at most 50 km', grp, mode, left(v::text, 20)),
        null, 'a reach is a distance in kilometres around each activity or site');
    end if;
    if grp = 'forms' then
      update outreach_forms set reach_km = (v #>> '{}')::numeric where outreach_forms.code = mode;
    else
      update model_site_kinds set reach_km = (v #>> '{}')::numeric where model_site_kinds.code = mode;
    end if;
    get diagnostics n = row_count;
    if n = 0 then
      perform private.raise_invalid(format('%s.%s: no such %s', grp, mode, case grp when 'forms' then 'outreach form' else 'model-site kind' end));
    end if;
  end loop;
  perform private.audit('set_reach_km', 'outreach_forms', jsonb_build_object('reach', reach));
  return public.reach_km();
end
$$;
comment on function public.set_reach_km(jsonb) is 'Admins: the reach in km of outreach forms and model-site kinds ({"forms": {code: km}, "sites": {code: km}}), all or none; used by coverage and plans.';
revoke execute on function public.set_reach_km(jsonb) from public, anon;
grant execute on function public.set_reach_km(jsonb) to authenticated, service_role;
