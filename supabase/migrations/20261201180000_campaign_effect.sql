-- Did the peak campaign work? (issue 22, item 3.) For one year and area, the cases of each unit
-- before the peak (the quarter before, April–June), during it (1/7–30/9, the third quarter), after
-- it (October–December) and in last year's peak, beside the outreach held in the unit during the
-- peak, the boarding-house workers living there and its population. The peak campaign is exactly a published quarter, so everyone
-- but investigators reads whole cells of the case publication (a suppressed cell reads null: that
-- unit has too few cases to compare); investigators on screen count exactly. The comparison and
-- its statistics are made by the app (src/lib/analysis/campaign.ts); this answers the counts.

create function public.campaign_effect(filters jsonb default '{}', tier text default 'screen') returns jsonb
language plpgsql volatile security definer set search_path = public, extensions set statement_timeout = '2min' as $$
declare
  role text := private.app_role();
  f jsonb := coalesce(filters, '{}'::jsonb);
  unit uuid;
  node text;
  yr int;
  types text[];
  classes text[];
  k int;
  exact boolean;
  child_keys text[];
  periods jsonb;
  counts jsonb;
begin
  if role is null then
    raise exception using errcode = '42501', message = 'sign in with an active role';
  end if;
  perform private.case_pub_tier(tier);
  unit := private.filter_unit(f);
  node := private.case_pub_area(unit);
  if jsonb_typeof(f -> 'year') is distinct from 'number' or (f ->> 'year')::numeric <> trunc((f ->> 'year')::numeric)
     or (f ->> 'year')::int not between 2001 and 2100 then
    perform private.raise_invalid('filters.year: a year, e.g. 2025', format('got %s', coalesce(left((f -> 'year')::text, 40), 'nothing')));
  end if;
  yr := (f ->> 'year')::int;
  types := private.filter_codes(f, 'case_type', array(select code from case_types));
  classes := private.case_pub_types(types);
  exact := role = 'investigator' and tier = 'screen';
  periods := jsonb_build_object(
    'before', jsonb_build_object('key', 'Q' || yr || '-2', 'from', make_date(yr, 4, 1), 'to', make_date(yr, 6, 30)),
    'during', jsonb_build_object('key', 'Q' || yr || '-3', 'from', make_date(yr, 7, 1), 'to', make_date(yr, 9, 30)),
    'after', jsonb_build_object('key', 'Q' || yr || '-4', 'from', make_date(yr, 10, 1), 'to', make_date(yr, 12, 31)),
    'last_year', jsonb_build_object('key', 'Q' || (yr - 1) || '-3', 'from', make_date(yr - 1, 7, 1), 'to', make_date(yr - 1, 9, 30)));

  -- The units compared: the area's children in the publication (provinces of the country; a
  -- province's units and remainder), or the unit itself.
  select coalesce(array_agg(n.key order by n.key), array[node]) into child_keys
  from (select distinct case when node = 'VN' then x.province_key else x.unit_key end as key
        from private.unit_nodes() x
        where node = 'VN' or x.province_key = node or x.unit_key = node) n
  where node = 'VN' or n.key <> node or node like 'U:%';

  if exact then
    select jsonb_object_agg(x.key, x.v) into counts from (
    select n.key, jsonb_build_object(
        'before', count(c.day) filter (where c.day between make_date(yr, 4, 1) and make_date(yr, 6, 30)),
        'during', count(c.day) filter (where c.day between make_date(yr, 7, 1) and make_date(yr, 9, 30)),
        'after', count(c.day) filter (where c.day between make_date(yr, 10, 1) and make_date(yr, 12, 31)),
        'last_year', count(c.day) filter (where c.day between make_date(yr - 1, 7, 1) and make_date(yr - 1, 9, 30))) as v
    from unnest(child_keys) n(key)
      left join (select case when node = 'VN' then u.province_key else u.unit_key end as key, c.occurred_on as day
                 from cases c join private.unit_nodes() u on u.id = c.admin_unit_id
                 where c.occurred_on between make_date(yr - 1, 7, 1) and make_date(yr, 12, 31)
                   and (types is null or c.case_type = any (types))) c on c.key = n.key
    group by n.key) x;
    perform private.audit('read_exact_cases', 'cases', jsonb_build_object('function', 'campaign_effect', 'area', node, 'year', yr));
  else
    perform private.ensure_case_publication();
    k := private.setting_k(case when tier = 'export' then 'export_k' else 'suppression_k' end);
    select jsonb_object_agg(n.key, (
      select jsonb_object_agg(pk.name, (select s.n from private.case_pub_sum(tier, 'C', array[n.key], array[pk.def ->> 'key'], classes) s))
      from jsonb_each(periods) pk(name, def)))
    into counts
    from unnest(child_keys || node) n(key);
    if tier = 'export' then
      perform private.audit('export_tier_read', 'cases', jsonb_build_object('function', 'campaign_effect', 'area', node));
    end if;
    perform private.note_publication_read(tier, 'campaign');
  end if;

  return jsonb_build_object('tier', tier, 'k', k, 'exact', exact, 'year', yr, 'periods', periods,
    'types', coalesce(to_jsonb(types), 'null'::jsonb),
    'area', (select jsonb_build_object('key', node, 'code', u.code, 'name', coalesce(u.name, 'Việt Nam'))
             from (select 1) one left join admin_units u on node <> 'VN' and u.code = substr(node, 3)),
    -- The area's own cells (null for investigators: the units' sums are exact).
    'total', case when not exact then counts -> node end,
    'units', (
      with placed as (
        select u.id, case when node = 'VN' then u.province_key else u.unit_key end as key from private.unit_nodes() u
      ), reach as (
        select p.key, count(*) as activities, coalesce(sum(o.people_reached), 0) as people
        from outreach_activities o join placed p on p.id = o.admin_unit_id
        where o.held_on between make_date(yr, 7, 1) and make_date(yr, 9, 30) group by p.key
      ), housed as (
        select p.key, coalesce(sum(b.workers), 0) as workers from boarding_houses b join placed p on p.id = b.admin_unit_id group by p.key
      )
      select coalesce(jsonb_agg(jsonb_build_object('key', n.key, 'code', au.code, 'name', au.name, 'rest', n.key like 'R:%',
          'cases', counts -> n.key,
          'outreach', jsonb_build_object('activities', coalesce(r.activities, 0), 'people', coalesce(r.people, 0)),
          'workers', coalesce(h.workers, 0),
          'population', case when n.key not like 'R:%' then au.population end)
        order by au.name, n.key), '[]'::jsonb)
      from unnest(child_keys) n(key)
        left join admin_units au on au.code = substr(n.key, 3) and (n.key like 'U:%') = (au.level <> 'province')
        left join reach r on r.key = n.key
        left join housed h on h.key = n.key));
end
$$;

revoke execute on function public.campaign_effect(jsonb, text) from public, anon;
grant execute on function public.campaign_effect(jsonb, text) to authenticated, service_role;
