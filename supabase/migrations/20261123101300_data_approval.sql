-- Data approval up the administrative hierarchy. A site record a district official enters (by form
-- or import) starts "submitted"; a planner (of the province, or national) or an admin approves it or
-- returns it with a comment. An approved record is locked for the district: a change the official
-- saves is kept as the record's proposal, awaiting review, while the approved values stay in use.
-- A periodic report's figures for a unit and period can be approved: they are kept as approved, and
-- outreach of that unit and period is locked (as DHIS2 locks approved data) until un-approved.

-- The rules of approval on every write, whatever path it takes (form, import, restore, the API).
-- Review itself (review_record) sets hotspot.reviewing.
create function private.approval_rules() returns trigger
language plpgsql set search_path = '' as $$
declare
  role text;
  claims text := coalesce(current_setting('request.jwt.claims', true), '');
  cached text := coalesce(current_setting('hotspot.approval_role', true), '');
begin
  if coalesce(current_setting('hotspot.reviewing', true), '') = 'on' then
    return coalesce(new, old);
  end if;
  -- The caller's role, looked up once per transaction and caller (an import of 100,000 rows asked
  -- for it 100,000 times: +2 s).
  if cached <> '' and left(cached, length(claims) + 1) = claims || chr(30) then
    role := nullif(substr(cached, length(claims) + 2), '');
  else
    role := private.app_role();
    perform set_config('hotspot.approval_role', claims || chr(30) || coalesce(role, ''), true);
  end if;
  if tg_op = 'DELETE' then
    if role = 'district_official' and old.approval = 'approved' then
      raise exception using errcode = '42501', message = 'this record is approved and locked for the district',
        hint = 'ask your provincial planner to return it if it must go';
    end if;
    return old;
  end if;
  if role = 'district_official' then
    if tg_op = 'UPDATE' and old.approval = 'approved' then
      if (to_jsonb(new) - array['proposal', 'version', 'updated_at', 'updated_by', 'match_key'])
         is distinct from (to_jsonb(old) - array['proposal', 'version', 'updated_at', 'updated_by', 'match_key']) then
        raise exception using errcode = '42501', message = 'this record is approved and locked for the district',
          hint = 'save your change in the form: it is submitted for approval and the approved values stay until then';
      end if;
      return new;
    end if;
    new.approval := 'submitted';
    new.proposal := null;
    if tg_op = 'UPDATE' then
      new.review_comment := old.review_comment;
      new.reviewed_by := old.reviewed_by;
      new.reviewed_at := old.reviewed_at;
    else
      new.review_comment := null;
      new.reviewed_by := null;
      new.reviewed_at := null;
    end if;
  elsif tg_op = 'UPDATE' and role is not null then
    -- Only review changes the review columns (the demo seed and service tasks, with no role, may).
    new.approval := old.approval;
    new.review_comment := old.review_comment;
    new.reviewed_by := old.reviewed_by;
    new.reviewed_at := old.reviewed_at;
    new.proposal := old.proposal;
  elsif role is not null then
    -- Admins' records need no review; the demo seed and service tasks (no role) say what they mean.
    new.approval := 'approved';
    new.proposal := null;
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
    execute format('alter table public.%I
      add column approval text not null default ''approved'' check (approval in (''submitted'', ''returned'', ''approved'')),
      add column review_comment text check (char_length(review_comment) <= 2000),
      add column reviewed_by uuid,
      add column reviewed_at timestamptz,
      add column proposal jsonb', t);
    execute format('comment on column public.%I.approval is %L', t,
      'submitted (entered by a district official, awaiting review), returned (with review_comment) or approved (locked for the district)');
    execute format('comment on column public.%I.proposal is %L', t,
      'A change to an approved record awaiting review: {fields, changed, base_version, by, by_name, at, status: submitted|returned, comment}');
    execute format('create index %I on public.%I (admin_unit_id) where approval <> ''approved'' or proposal is not null', t || '_review_idx', t);
    execute format('create trigger %I before insert or update or delete on public.%I for each row execute function private.approval_rules()',
      t || '_approval', t);
  end loop;
end
$$;

-- May the caller review records of this unit? Admins everywhere, planners in their unit (a
-- provincial planner) or everywhere (a national one).
create function private.may_review(unit uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select case private.app_role()
    when 'admin' then true
    when 'planner' then private.app_unit() is null or private.unit_in_scope(unit)
    else false end
$$;

-- A record as the app shows it, with its proposal (if any) as a record too.
create or replace function private.record_view(r jsonb) returns jsonb
language sql stable security definer set search_path = public, extensions as $$
  select (r - 'geom' - 'match_key' - 'proposal') || jsonb_build_object(
    'geometry', st_asgeojson((r ->> 'geom')::geometry, 6)::jsonb,
    'unit_name', (select u.name from admin_units u where u.id = (r ->> 'admin_unit_id')::uuid),
    'updated_by_name', (select coalesce(p.display_name, p.role) from profiles p where p.user_id = (r ->> 'updated_by')::uuid),
    'reviewed_by_name', (select coalesce(p.display_name, p.role) from profiles p where p.user_id = (r ->> 'reviewed_by')::uuid),
    'proposal', case when jsonb_typeof(r -> 'proposal') = 'object' then ((r -> 'proposal') - 'fields') || jsonb_build_object(
      'record', ((r || (r -> 'proposal' -> 'fields')) - 'geom' - 'match_key' - 'proposal') || jsonb_build_object(
        'geometry', st_asgeojson(coalesce(r -> 'proposal' -> 'fields' ->> 'geom', r ->> 'geom')::geometry, 6)::jsonb,
        'unit_name', (select u.name from admin_units u where u.id = coalesce(r -> 'proposal' -> 'fields' ->> 'admin_unit_id', r ->> 'admin_unit_id')::uuid)))
    end)
$$;

-- Saves one record (as before), and: a district official's change to an approved record is kept
-- as its proposal (answer status 'submitted'), the approved values untouched.
create or replace function public.save_record(record_kind text, record_id uuid, base_version integer, fields jsonb) returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  tbl text := private.record_table(record_kind);
  g geometry;
  unit uuid;
  rec jsonb;
  cur jsonb;
  cols text;
  n int;
  changed text[];
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'sign in with an active role to save records';
  end if;
  if tbl is null then
    perform private.raise_invalid(format('unknown kind "%s"', coalesce(record_kind, 'null')),
      'kind is industrial_zones, boarding_houses, outreach, model_sites or cases');
  end if;
  if record_id is null then
    perform private.raise_invalid('id is required', 'the client makes the id, so that a retried save is not stored twice');
  end if;
  if jsonb_typeof(fields) is distinct from 'object' then
    perform private.raise_invalid('fields must be an object');
  end if;

  if record_kind = 'industrial_zones' then
    begin
      g := st_multi(st_setsrid(st_geomfromgeojson(fields ->> 'geometry'), 4326));
    exception when others then
      perform private.raise_invalid('geometry: draw the outline of the zone (a GeoJSON polygon)');
    end;
    if geometrytype(g) <> 'MULTIPOLYGON' or not st_isvalid(g) then
      perform private.raise_invalid('geometry: the outline is not a simple polygon', st_isvalidreason(g));
    end if;
  else
    if jsonb_typeof(fields -> 'lon') is distinct from 'number' or jsonb_typeof(fields -> 'lat') is distinct from 'number' then
      perform private.raise_invalid('lon/lat: the place is required (longitude and latitude in degrees)');
    end if;
    g := st_setsrid(st_makepoint((fields ->> 'lon')::float8, (fields ->> 'lat')::float8), 4326);
  end if;
  unit := private.locate_unit(g);
  if unit is null then
    perform private.raise_invalid('lon/lat: the place lies in no administrative unit of Vietnam',
      format('%s, %s', round(st_x(st_pointonsurface(g))::numeric, 5), round(st_y(st_pointonsurface(g))::numeric, 5)),
      'check the coordinates: are latitude and longitude swapped?');
  end if;
  perform private.require_edit(record_kind, unit);

  rec := coalesce((select jsonb_object_agg(e.key, e.value) from jsonb_each(fields) e
                   where e.key = any (private.record_fields(record_kind))), '{}'::jsonb)
    || jsonb_build_object('admin_unit_id', unit, 'geom', g::text);

  cur := private.record_row(tbl, record_id);
  if cur is null then
    if base_version is not null then
      if private.record_deleted(tbl, record_id) then
        raise exception using errcode = 'P0002', message = 'this record has been deleted',
          hint = 'restore it from the deleted records to edit it again';
      end if;
      perform private.raise_invalid('no such record');
    end if;
    select string_agg(quote_ident(k), ', ') into cols from jsonb_object_keys(rec || jsonb_build_object('id', record_id)) k;
    execute format('insert into public.%I (%s) select %s from jsonb_populate_record(null::public.%I, $1) on conflict (id) do nothing',
      tbl, cols, cols, tbl) using rec || jsonb_build_object('id', record_id);
    get diagnostics n = row_count;
    cur := private.record_row(tbl, record_id);
    if n = 1 then
      return jsonb_build_object('status', 'created', 'record', private.record_view(cur), 'changed', '[]'::jsonb);
    end if;
    if cur is null then
      -- The id is taken by a record the caller may not read.
      perform private.raise_invalid('id is already used');
    end if;
  end if;

  perform private.require_edit(record_kind, (cur ->> 'admin_unit_id')::uuid);
  changed := private.record_diff(tbl, rec, cur);
  if base_version is distinct from (cur ->> 'version')::int and cardinality(changed) > 0 then
    return jsonb_build_object('status', 'conflict', 'record', null, 'current', private.record_view(cur), 'changed', to_jsonb(changed));
  end if;

  if private.app_role() = 'district_official' and cur ->> 'approval' = 'approved' then
    if cardinality(changed) = 0 then
      -- Back to the approved values: the proposal is withdrawn.
      if cur -> 'proposal' is not null and cur -> 'proposal' <> 'null'::jsonb then
        execute format('update public.%I set proposal = null where id = $1', tbl) using record_id;
        cur := private.record_row(tbl, record_id);
      end if;
      return jsonb_build_object('status', 'unchanged', 'record', private.record_view(cur), 'changed', '[]'::jsonb);
    end if;
    execute format('update public.%I set proposal = $1 where id = $2', tbl) using jsonb_build_object(
      'fields', rec, 'changed', to_jsonb(changed), 'base_version', coalesce((cur -> 'proposal' ->> 'base_version')::int, (cur ->> 'version')::int),
      'by', auth.uid(), 'by_name', (select coalesce(p.display_name, p.role) from profiles p where p.user_id = auth.uid()),
      'at', now(), 'status', 'submitted'), record_id;
    return jsonb_build_object('status', 'submitted', 'record', private.record_view(private.record_row(tbl, record_id)), 'changed', to_jsonb(changed));
  end if;

  if cardinality(changed) = 0 then
    return jsonb_build_object('status', 'unchanged', 'record', private.record_view(cur), 'changed', '[]'::jsonb);
  end if;
  select string_agg(quote_ident(k), ', ') into cols from jsonb_object_keys(rec) k;
  execute format('update public.%I t set (%s) = (select %s from jsonb_populate_record(null::public.%I, $1)) where t.id = $2 and t.version = $3',
    tbl, cols, cols, tbl) using rec, record_id, base_version;
  get diagnostics n = row_count;
  cur := private.record_row(tbl, record_id);
  if n = 0 then
    return jsonb_build_object('status', 'conflict', 'record', null, 'current', private.record_view(cur), 'changed', to_jsonb(changed));
  end if;
  return jsonb_build_object('status', 'updated', 'record', private.record_view(cur), 'changed', to_jsonb(changed));
end
$$;

-- Approves or returns (with a comment) a submitted record or a proposed change; approving a
-- proposal puts its values in place. version: the version the reviewer saw (a record changed since
-- is not decided blind). Answers {status: approved|returned, record}.
create function public.review_record(record_kind text, record_id uuid, decision text, comment text default null, seen_version integer default null)
returns jsonb
language plpgsql volatile security definer set search_path = public, extensions as $$
declare
  tbl text := private.record_table(record_kind);
  cur jsonb;
  note text := nullif(btrim(coalesce(comment, '')), '');
  has_proposal boolean;
  rec jsonb;
  cols text;
begin
  if tbl is null or record_kind = 'cases' then
    perform private.raise_invalid(format('kind "%s" is not reviewed', coalesce(record_kind, 'null')),
      'site records are reviewed: industrial_zones, boarding_houses, outreach, model_sites');
  end if;
  if decision is null or decision not in ('approve', 'return') then
    perform private.raise_invalid(format('decision: "%s" is not approve or return', coalesce(decision, 'null')));
  end if;
  if decision = 'return' and note is null then
    perform private.raise_invalid('comment: say what to fix when returning a record');
  end if;
  cur := private.record_row(tbl, record_id);
  if cur is null then
    perform private.raise_invalid('no such record');
  end if;
  if not private.may_review((cur ->> 'admin_unit_id')::uuid) then
    raise exception using errcode = '42501', message = 'only planners of the province and admins review records';
  end if;
  if seen_version is not null and seen_version <> (cur ->> 'version')::int then
    raise exception using errcode = '40001', message = 'the record changed since you opened it: look at it again',
      detail = format('you saw version %s, it is now at %s', seen_version, cur ->> 'version');
  end if;
  has_proposal := jsonb_typeof(cur -> 'proposal') = 'object' and cur -> 'proposal' ->> 'status' = 'submitted';
  if not has_proposal and cur ->> 'approval' <> 'submitted' then
    perform private.raise_invalid(format('nothing to review: the record is %s', cur ->> 'approval'));
  end if;

  perform set_config('hotspot.reviewing', 'on', true);
  if has_proposal and decision = 'approve' then
    rec := cur -> 'proposal' -> 'fields';
    if private.locate_unit((rec ->> 'geom')::geometry) is distinct from (rec ->> 'admin_unit_id')::uuid
       or not private.may_review((rec ->> 'admin_unit_id')::uuid) then
      perform private.raise_invalid('the proposed place lies outside your area');
    end if;
    select string_agg(quote_ident(k), ', ') into cols from jsonb_object_keys(rec) k
      where k = any (private.record_fields(record_kind) || array['admin_unit_id', 'geom']);
    execute format('update public.%I t set (%s) = (select %s from jsonb_populate_record(null::public.%I, $1)) where t.id = $2',
      tbl, cols, cols, tbl) using rec, record_id;
    execute format('update public.%I set proposal = null, approval = ''approved'', review_comment = null, reviewed_by = auth.uid(), reviewed_at = now() where id = $1', tbl)
      using record_id;
  elsif has_proposal then
    execute format('update public.%I set proposal = proposal || jsonb_build_object(''status'', ''returned'', ''comment'', $2::text, ''returned_by'', $3::text, ''returned_at'', now()) where id = $1', tbl)
      using record_id, note, (select coalesce(p.display_name, p.role) from profiles p where p.user_id = auth.uid());
  else
    execute format('update public.%I set approval = $2, review_comment = $3, reviewed_by = auth.uid(), reviewed_at = now() where id = $1', tbl)
      using record_id, case decision when 'approve' then 'approved' else 'returned' end, note;
  end if;
  perform set_config('hotspot.reviewing', '', true);
  perform private.audit(case decision when 'approve' then 'approve' else 'return' end, tbl,
    jsonb_build_object('id', record_id, 'comment', note, 'proposal', has_proposal));
  return jsonb_build_object('status', case decision when 'approve' then 'approved' else 'returned' end,
    'record', private.record_view(private.record_row(tbl, record_id)));
end
$$;

-- What awaits review: for planners and admins the submitted records and proposals of their area,
-- for a district official their own records not yet approved or with a change pending (returned
-- ones first). Answers {rows: [record_view…], total}.
create function public.review_queue(record_kind text, max_rows integer default 200) returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  tbl text := private.record_table(record_kind);
  role text := private.app_role();
  result jsonb;
begin
  if tbl is null or record_kind = 'cases' then
    perform private.raise_invalid(format('kind "%s" is not reviewed', coalesce(record_kind, 'null')));
  end if;
  if role is null or role not in ('admin', 'planner', 'district_official') then
    raise exception using errcode = '42501', message = 'the review queue is for planners, admins and district officials';
  end if;
  execute format($q$
    with hit as (
      select t.*, (t.approval = 'returned' or coalesce(t.proposal ->> 'status' = 'returned', false)) as returned from public.%I t
      where (t.approval <> 'approved' or t.proposal is not null)
        and case when $1 = 'district_official' then t.admin_unit_id = any (private.own_units())
                 else private.may_review(t.admin_unit_id) end
    )
    select jsonb_build_object('total', (select count(*) from hit),
      'rows', coalesce((select jsonb_agg(private.record_view(to_jsonb(h) - 'returned') order by h.returned desc, h.updated_at, h.id)
                        from (select * from hit order by returned desc, updated_at, id limit $2) h), '[]'::jsonb))
  $q$, tbl) into result using role, greatest(1, least(coalesce(max_rows, 200), 5000));
  return result;
end
$$;

-- History: approval decisions show as changes too.
create or replace function public.record_history(record_kind text, record_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  tbl text := private.record_table(record_kind);
  unit uuid;
  first jsonb;
  result jsonb;
  shown text[] := private.record_fields(record_kind) || array['geom', 'approval', 'review_comment'];
begin
  if tbl is null then
    perform private.raise_invalid(format('unknown kind "%s"', coalesce(record_kind, 'null')));
  end if;
  unit := coalesce((private.record_row(tbl, record_id) ->> 'admin_unit_id')::uuid,
    (select (a.before ->> 'admin_unit_id')::uuid from audit_rows a where a.target = tbl and a.record_id = record_history.record_id
     and a.before is not null order by a.audit_id desc limit 1));
  if unit is null or not private.may_read_history(record_kind, unit) then
    raise exception using errcode = '42501', message = 'you may not read the history of this record';
  end if;
  first := coalesce((select a.before from audit_rows a where a.target = tbl and a.record_id = record_history.record_id and a.before is not null
                     order by a.audit_id limit 1), private.record_row(tbl, record_id));
  select coalesce(jsonb_agg(jsonb_build_object(
      'at', l.at, 'actor', coalesce(p.display_name, l.actor_role), 'actor_role', l.actor_role, 'op', a.op,
      'version', coalesce((a.after ->> 'version')::int, (a.before ->> 'version')::int),
      'changes', coalesce((select jsonb_agg(jsonb_build_object('field', k, 'from', a.before -> k, 'to', a.after -> k) order by k)
                           from unnest(shown) k
                           where a.op in ('update', 'restore') and a.before is not null and (a.before -> k) is distinct from (a.after -> k)), '[]'::jsonb),
      'record', case when a.after is not null then private.record_view(a.after) end,
      'before', case when a.before is not null then private.record_view(a.before) end
    ) order by a.audit_id desc), '[]'::jsonb) into result
  from audit_rows a join audit_log l on l.id = a.audit_id left join profiles p on p.user_id = l.actor
  where a.target = tbl and a.record_id = record_history.record_id;
  if first is not null then
    result := result || jsonb_build_array(jsonb_build_object(
      'at', first -> 'created_at', 'actor', (select coalesce(p.display_name, p.role) from profiles p where p.user_id = (first ->> 'created_by')::uuid),
      'actor_role', (select p.role from profiles p where p.user_id = (first ->> 'created_by')::uuid), 'op', 'insert', 'version', 1,
      'changes', '[]'::jsonb, 'record', case when (first ->> 'version')::int = 1 then private.record_view(first) end, 'before', null));
  end if;
  return result;
end
$$;

-- A site layer as layer_geojson gives it, approved records only (analyses run on approved data).
create function public.approved_site_layer(layer text, bbox double precision[] default null, filters jsonb default '{}')
returns jsonb
language plpgsql stable security invoker set search_path = public as $$
declare
  tbl text := case layer when 'boarding_houses' then 'boarding_houses' when 'outreach' then 'outreach_activities'
    when 'model_sites' then 'model_sites' when 'industrial_zones' then 'industrial_zones' end;
  r jsonb;
  kept jsonb;
begin
  if tbl is null then
    perform private.raise_invalid(format('"%s" is not a site layer', coalesce(layer, 'null')),
      'approval applies to boarding_houses, outreach, model_sites and industrial_zones');
  end if;
  r := public.layer_geojson(layer, bbox, filters);
  execute format('select coalesce(jsonb_agg(f), ''[]''::jsonb) from jsonb_array_elements($1) f
    where exists (select 1 from public.%I t where t.id = (f ->> ''id'')::uuid and t.approval = ''approved'')', tbl)
    into kept using r -> 'features';
  return jsonb_set(r, '{features}', kept) || jsonb_build_object('data', 'approved');
end
$$;
comment on function public.approved_site_layer(text, double precision[], jsonb) is 'A site layer (layer_geojson) with approved records only.';
revoke execute on function public.approved_site_layer(text, double precision[], jsonb) from public, anon;
grant execute on function public.approved_site_layer(text, double precision[], jsonb) to authenticated, service_role;

-- Approved report figures --------------------------------------------------------------------------
create table public.report_approvals (
  id uuid primary key default gen_random_uuid(),
  admin_unit_id uuid references public.admin_units (id) on delete cascade,
  period text not null check (char_length(period) between 1 and 20),
  date_from date not null,
  date_to date not null,
  figures jsonb not null,
  approved_by uuid default auth.uid(),
  approved_at timestamptz not null default now(),
  check (date_from <= date_to),
  unique nulls not distinct (admin_unit_id, period)
);
comment on table public.report_approvals is
  'Approved periodic report figures (export tier, approved records only) of a unit (null: the country) and period; outreach of the unit and period is locked while approved.';
alter table public.report_approvals enable row level security;
revoke all on public.report_approvals from anon, authenticated;
grant select on public.report_approvals to authenticated;
create policy report_approvals_select on public.report_approvals for select to authenticated using ((select private.app_role()) is not null);

-- Outreach held in an approved period of its unit (or a unit above) is locked: no insert, update or
-- delete, by any path, until the figures are un-approved.
create function private.refuse_locked_outreach() returns trigger
language plpgsql security definer set search_path = public as $$
declare
  touched jsonb := '[]'::jsonb;
  hit record;
begin
  if not exists (select 1 from report_approvals) then
    return null;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    touched := touched || (select coalesce(jsonb_agg(jsonb_build_object('held_on', n.held_on, 'unit', n.admin_unit_id)), '[]'::jsonb) from new_rows n);
  end if;
  if tg_op in ('DELETE', 'UPDATE') then
    touched := touched || (select coalesce(jsonb_agg(jsonb_build_object('held_on', o.held_on, 'unit', o.admin_unit_id)), '[]'::jsonb) from old_rows o);
  end if;
  select a.period, a.date_from, a.date_to, coalesce(u.name, 'Việt Nam') as unit_name, r.held_on into hit
  from jsonb_to_recordset(touched) r (held_on date, unit uuid)
    join report_approvals a on r.held_on between a.date_from and a.date_to
    left join admin_units u on u.id = a.admin_unit_id
  where a.admin_unit_id is null or a.admin_unit_id in (
    with recursive up as (select x.id, x.parent_id from admin_units x where x.id = r.unit
                          union all select p.id, p.parent_id from admin_units p join up on p.id = up.parent_id)
    select id from up)
  limit 1;
  if found then
    raise exception using errcode = '42501',
      message = format('outreach on %s is locked: the report of %s for %s (%s–%s) is approved', to_char(hit.held_on, 'DD/MM/YYYY'),
        hit.unit_name, hit.period, to_char(hit.date_from, 'DD/MM/YYYY'), to_char(hit.date_to, 'DD/MM/YYYY')),
      hint = 'a planner or admin un-approves the report to change its data';
  end if;
  return null;
end
$$;

-- Transition tables: the check runs once per statement (an import of 100,000 rows checks once).
create trigger outreach_locked_insert after insert on public.outreach_activities referencing new table as new_rows
  for each statement execute function private.refuse_locked_outreach();
create trigger outreach_locked_update after update on public.outreach_activities referencing old table as old_rows new table as new_rows
  for each statement execute function private.refuse_locked_outreach();
create trigger outreach_locked_delete after delete on public.outreach_activities referencing old table as old_rows
  for each statement execute function private.refuse_locked_outreach();

-- Approves the report figures of a unit (code; '' for the country) and period (key and days, as the
-- app names them): a snapshot at the export tier from approved records only. Planners of the area
-- and admins.
create function public.approve_report(unit_code text, period_key text, date_from date, date_to date) returns jsonb
language plpgsql volatile security definer set search_path = public as $$
declare
  unit uuid;
  figures jsonb;
  saved public.report_approvals;
begin
  if coalesce(unit_code, '') <> '' then
    select id into unit from admin_units where code = unit_code;
    if unit is null then
      perform private.raise_invalid(format('unknown unit "%s"', unit_code));
    end if;
  end if;
  if private.app_role() is distinct from 'admin' and not (private.app_role() = 'planner' and (private.app_unit() is null or (unit is not null and private.unit_in_scope(unit)))) then
    raise exception using errcode = '42501', message = 'only planners of the area and admins approve report figures';
  end if;
  if date_from is null or date_to is null or date_from > date_to then
    perform private.raise_invalid('the period needs a first and a last day, in order');
  end if;
  if exists (select 1 from report_approvals a where a.admin_unit_id is not distinct from unit and a.period = period_key) then
    perform private.raise_invalid(format('the report of %s for %s is already approved', coalesce(nullif(unit_code, ''), 'the country'), period_key));
  end if;
  figures := public.report_figures(jsonb_build_object('from', date_from, 'to', date_to, 'data', 'approved')
    || case when unit is null then '{}'::jsonb else jsonb_build_object('admin_unit', unit_code) end, 'export');
  insert into report_approvals (admin_unit_id, period, date_from, date_to, figures)
  values (unit, period_key, date_from, date_to, figures) returning * into saved;
  perform private.audit('approve_report', 'report_approvals', jsonb_build_object('unit', unit_code, 'period', period_key, 'k', figures -> 'k'));
  return public.report_approval(unit_code, period_key);
end
$$;

-- The approval of a report (or null): {unit, period, from, to, figures, approved_at, approved_by}.
create function public.report_approval(unit_code text, period_key text) returns jsonb
language sql stable security invoker set search_path = public as $$
  select jsonb_build_object('unit', coalesce(u.code, ''), 'period', a.period, 'from', a.date_from, 'to', a.date_to, 'figures', a.figures,
    'approved_at', a.approved_at, 'approved_by', (select coalesce(p.display_name, p.role) from profiles p where p.user_id = a.approved_by))
  from report_approvals a left join admin_units u on u.id = a.admin_unit_id
  where a.period = period_key and (case when coalesce(unit_code, '') = '' then a.admin_unit_id is null else u.code = unit_code end)
$$;

-- Un-approves (planners of the area and admins): the figures are live and the data editable again.
create function public.unapprove_report(unit_code text, period_key text) returns void
language plpgsql volatile security definer set search_path = public as $$
declare
  unit uuid := (select id from admin_units where code = nullif(unit_code, ''));
  n int;
begin
  if private.app_role() is distinct from 'admin' and not (private.app_role() = 'planner' and (private.app_unit() is null or (unit is not null and private.unit_in_scope(unit)))) then
    raise exception using errcode = '42501', message = 'only planners of the area and admins un-approve report figures';
  end if;
  delete from report_approvals a where a.admin_unit_id is not distinct from unit and a.period = period_key;
  get diagnostics n = row_count;
  if n = 0 then
    perform private.raise_invalid('this report is not approved');
  end if;
  perform private.audit('unapprove_report', 'report_approvals', jsonb_build_object('unit', unit_code, 'period', period_key));
end
$$;

comment on function public.review_record(text, uuid, text, text, integer) is 'Approves or returns (with a comment) a submitted record or a proposed change.';
comment on function public.review_queue(text, integer) is 'Records awaiting review (planners, admins) or not yet approved (a district official''s own).';
comment on function public.approve_report(text, text, date, date) is 'Approves and locks the report figures of a unit and period.';
comment on function public.report_approval(text, text) is 'The approval of a report, or null.';
comment on function public.unapprove_report(text, text) is 'Un-approves report figures, unlocking the data.';

revoke execute on function private.approval_rules(), private.refuse_locked_outreach(), private.may_review(uuid) from public;
grant execute on function private.approval_rules(), private.may_review(uuid) to authenticated, service_role;
revoke execute on function public.review_record(text, uuid, text, text, integer), public.review_queue(text, integer),
  public.approve_report(text, text, date, date), public.report_approval(text, text), public.unapprove_report(text, text) from public, anon;
grant execute on function public.review_record(text, uuid, text, text, integer), public.review_queue(text, integer),
  public.approve_report(text, text, date, date), public.report_approval(text, text), public.unapprove_report(text, text)
  to authenticated, service_role;
