-- Monthly case charts showed a month whose type cells were all hidden (at k = 11 most are) as if it
-- had no cases. The publication holds each month's all-type cell too, protected with the type cells
-- (complementary suppression keeps any hidden type from being a difference of shown cells), so
-- report_figures now also answers cases_by_month_total: the month totals of all types. Restated
-- whole (create or replace), with the statement timeout the parity migration gave it.

create or replace function public.report_figures(filters jsonb default '{}', tier text default 'screen') returns jsonb
language plpgsql volatile security definer set search_path = public, extensions set statement_timeout = '2min' as $$
declare
  role text := private.app_role();
  f jsonb := coalesce(filters, '{}'::jsonb);
  unit uuid;
  node text;
  types text[];
  classes text[];
  period record;
  k int;
  sites jsonb;
  first_month date;
  last_month date;
  v_classes text[];
begin
  if role is null then
    raise exception using errcode = '42501', message = 'sign in with an active role';
  end if;
  perform private.case_pub_tier(tier);
  if role = 'investigator' and tier = 'screen' then
    return private.report_figures_exact(filters, tier);
  end if;
  -- Sites and outreach are not about people: as the exact report gives them (it checks the filters too).
  sites := private.report_figures_exact(filters, 'export');
  unit := private.filter_unit(f);
  types := private.filter_codes(f, 'case_type', array(select code from case_types));
  if unit is null then
    node := 'VN';
  else
    select case when u.level = 'province' then 'P:' || u.code when p.level = 'province' then 'U:' || u.code end into node
    from admin_units u left join admin_units p on p.id = u.parent_id where u.id = unit;
    if node is null then
      perform private.raise_invalid('case figures cover the country, a province or a unit directly below a province',
        null, 'choose the province or the district that holds this unit');
    end if;
  end if;
  perform private.ensure_case_publication();
  k := private.setting_k(case when tier = 'export' then 'export_k' else 'suppression_k' end);
  select * into period from private.case_pub_period(private.filter_date(f, 'from'), private.filter_date(f, 'to'), true);
  classes := private.case_pub_types(types);
  v_classes := case when classes = array['*'] then array['V'] else array(select 'T:' || x from unnest(classes) x) end;
  select greatest(coalesce(period.snapped_from, min(t.from_day)), min(t.from_day)),
         least(coalesce(period.snapped_to, max(t.to_day)), max(t.to_day))
  into first_month, last_month from private.case_pub_time t where t.level = 'month';
  if tier = 'export' then
    perform private.audit('export_tier_read', 'cases', jsonb_build_object('function', 'report_figures', 'area', node));
  end if;
  perform private.note_publication_read(tier, 'report');

  return jsonb_build_object('tier', tier, 'k', k, 'exact', false, 'data', sites -> 'data',
    'period', jsonb_build_object('from', period.snapped_from, 'to', period.snapped_to),
    'outreach_by_form', sites -> 'outreach_by_form',
    'figures', (sites -> 'figures') || jsonb_build_object(
      'cases', (select n from private.case_pub_sum(tier, 'C', array[node], period.keys, classes)),
      'victims', (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, v_classes)),
      'victims_female', case when classes = array['*'] then (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['F'])) end,
      'victims_male', case when classes = array['*'] then (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['M'])) end,
      'victims_under_16', case when classes = array['*'] then (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['U16'])) end,
      'victims_16_17', case when classes = array['*'] then (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['A1617'])) end,
      'victims_adult', case when classes = array['*'] then (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['AD'])) end),
    'unapproved_records', sites -> 'unapproved_records',
    'cases_by_type', (
      select coalesce(jsonb_agg(jsonb_build_object('case_type', t.code,
          'cases', (select n from private.case_pub_sum(tier, 'C', array[node], period.keys, array[t.code])),
          'victims', (select n from private.case_pub_sum(tier, 'V', array[node], period.keys, array['T:' || t.code])))
        order by t.code), '[]'::jsonb)
      from case_types t where types is null or t.code = any (types)),
    'cases_by_month', (
      select coalesce(jsonb_agg(jsonb_build_object('month', to_char(m.d, 'YYYY-MM'), 'case_type', t.code,
          'cases', (select case when c.n >= k and not (case when tier = 'export' then c.hidden_export else c.hidden_screen end) then c.n end
                    from private.case_pub_cell c where c.cube = 'C' and c.s = node and c.t = 'M' || to_char(m.d, 'YYYY-MM') and c.c = t.code))
        order by m.d, t.code), '[]'::jsonb)
      from generate_series(first_month, last_month, interval '1 month') m(d)
        cross join case_types t
      where (types is null or t.code = any (types)) and first_month is not null),
    -- The month's all-type cell, published beside the type cells (and suppressed with them, so
    -- no subtraction reveals a hidden type): a month whose types are all hidden still shows its
    -- total when that passes k. Only for all types: a subset's total is not a published cell.
    'cases_by_month_total', (
      select coalesce(jsonb_agg(jsonb_build_object('month', to_char(m.d, 'YYYY-MM'),
          'cases', (select case when c.n >= k and not (case when tier = 'export' then c.hidden_export else c.hidden_screen end) then c.n end
                    from private.case_pub_cell c where c.cube = 'C' and c.s = node and c.t = 'M' || to_char(m.d, 'YYYY-MM') and c.c = '*'))
        order by m.d), '[]'::jsonb)
      from generate_series(first_month, last_month, interval '1 month') m(d)
      where classes = array['*'] and first_month is not null));
end
$$;

-- The briefing chart of cases by month carries the month totals with it.
create or replace function public.briefing_series(series text, filters jsonb default '{}') returns jsonb
language plpgsql volatile security invoker set search_path = public set statement_timeout = '2min' as $$
declare
  r jsonb;
begin
  perform public.check_request();
  if series is null or series not in ('cases_by_month', 'cases_by_type', 'outreach_by_form', 'figures') then
    perform private.raise_invalid(format('unknown series "%s"', coalesce(series, 'null')), 'series is cases_by_month, cases_by_type, outreach_by_form or figures');
  end if;
  r := public.report_figures(filters, 'export');
  return jsonb_build_object('series', series, 'k', r -> 'k', 'exact', false, 'tier', 'export', 'period', r -> 'period', 'data', r -> series)
    || case when series = 'cases_by_month' then jsonb_build_object('totals', coalesce(r -> 'cases_by_month_total', '[]'::jsonb)) else '{}'::jsonb end;
end
$$;
