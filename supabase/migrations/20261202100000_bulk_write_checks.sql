-- Write checks that cost per statement, not per row (issue 21: a 100,000-row import held PGlite's one
-- connection for 46-54 s, of which 30-47 s were the site tables' row triggers).
--
-- Measured on PGlite, 10,000 boarding houses inserted by one admin statement: 0.8 s with no user
-- trigger; the personal-data check alone +2.6 s (to_jsonb of the whole row, per row), the unit-scope
-- check alone +2.0 s (the caller's role looked up per row: a session and a profile read).
--  * The caller's role is looked up once per transaction and caller (private.app_role_in_transaction),
--    as the approval trigger already did; both triggers now share it.
--  * The personal-data check reads the inserted or changed rows once per statement, from the
--    statement's transition table, with the same words when it refuses.
--  * The unit-scope check of inserted rows (a district official's import) tests every inserted
--    geometry against the official's unit in one query per statement; updates keep the row trigger,
--    which compares the row's old and new geometry and proposal.

-- The caller's application role, looked up once per transaction and caller (request.jwt.claims):
-- a statement writing many rows asks its triggers for it once, not once per row. The session and
-- ban checks of private.app_role run at that first look-up.
create function private.app_role_in_transaction() returns text
language plpgsql volatile security definer set search_path = '' as $$
declare
  claims text := coalesce(current_setting('request.jwt.claims', true), '');
  cached text := coalesce(current_setting('hotspot.approval_role', true), '');
  role text;
begin
  if cached <> '' and left(cached, length(claims) + 1) = claims || chr(30) then
    return nullif(substr(cached, length(claims) + 2), '');
  end if;
  role := private.app_role();
  perform set_config('hotspot.approval_role', claims || chr(30) || coalesce(role, ''), true);
  return role;
end
$$;
comment on function private.app_role_in_transaction() is
  'private.app_role(), looked up once per transaction and caller (request.jwt.claims), for row triggers.';
revoke execute on function private.app_role_in_transaction() from public, anon;
grant execute on function private.app_role_in_transaction() to authenticated, service_role;

-- The approval rules, unchanged but for the shared look-up above.
create or replace function private.approval_rules() returns trigger
language plpgsql set search_path = '' as $$
declare
  role text;
begin
  if coalesce(current_setting('hotspot.reviewing', true), '') = 'on' then
    return coalesce(new, old);
  end if;
  role := private.app_role_in_transaction();
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

-- Unit scope: updates keep the row trigger (old and new geometry and proposal), now with the shared
-- role look-up and for updates only (its insert branch went to the statement check below).
create or replace function private.site_geometry_in_own_unit() returns trigger
language plpgsql security definer set search_path = public, extensions as $$
begin
  if private.app_role_in_transaction() is distinct from 'district_official' then
    return new;
  end if;
  if new.geom is distinct from old.geom then
    perform private.require_geometry_in_own_unit(new.geom);
  end if;
  if new.proposal is distinct from old.proposal and jsonb_typeof(new.proposal -> 'fields' -> 'geom') = 'string' then
    perform private.require_geometry_in_own_unit((new.proposal -> 'fields' ->> 'geom')::geometry);
  end if;
  return new;
end
$$;

-- Inserted rows of a district official: every geometry (and any proposal's) tested against the
-- official's unit in one query; the few not inside it (within the 50 m tolerance, or outside) go to
-- require_geometry_in_own_unit, which refuses the first one truly outside with its own words.
create function private.site_rows_in_own_unit() returns trigger
language plpgsql security definer set search_path = public, extensions as $$
declare
  own geometry;
  g geometry;
begin
  if private.app_role_in_transaction() is distinct from 'district_official' then
    return null;
  end if;
  select u.geom into own from admin_units u where u.id = private.app_unit();
  for g in
    select r.g from (
      select n.geom as g from new_rows n
      union all
      select (n.proposal -> 'fields' ->> 'geom')::geometry from new_rows n where jsonb_typeof(n.proposal -> 'fields' -> 'geom') = 'string'
    ) r
    where r.g is not null and (own is null or not st_coveredby(r.g, own))
  loop
    perform private.require_geometry_in_own_unit(g);
  end loop;
  return null;
end
$$;
comment on function private.site_rows_in_own_unit() is
  'Statement trigger: refuses (42501) inserted rows of a district official whose geometry is not within their unit (50 m tolerance).';

-- Personal data in the named text columns (TG_ARGV) of the inserted or changed rows, or in the same
-- fields of their pending proposals: one query per statement over its transition table.
create function private.refuse_personal_data_rows() returns trigger
language plpgsql set search_path = '' as $$
declare
  col text;
  seen text;
  with_proposal boolean := exists (
    select 1 from pg_catalog.pg_attribute a where a.attrelid = tg_relid and a.attname = 'proposal' and not a.attisdropped);
begin
  foreach col in array tg_argv loop
    execute format(
      'select k from (select private.personal_data_kind(n.%1$I) as k from new_rows n %2$s) found where k is not null limit 1',
      col,
      case when with_proposal then format(
        'union all select private.personal_data_kind(n.proposal -> ''fields'' ->> %1$L) from new_rows n
         where jsonb_typeof(n.proposal -> ''fields'' -> %1$L) = ''string''', col) else '' end)
    into seen;
    if seen is not null then
      raise exception using errcode = '23514',
        message = format('%s: %s looks like personal data (%s); Hotspot Atlas stores no names, ID numbers, phones or addresses: reword it',
                         tg_table_name, col, seen),
        detail = format('column %s of %s', col, tg_table_name),
        hint = 'describe the place or the team, not a person';
    end if;
  end loop;
  return null;
end
$$;
comment on function private.refuse_personal_data_rows() is
  'Statement trigger: refuses (23514) rows whose named text columns, or their pending proposal''s, hold personal data.';

do $$
declare
  t text;
  cols text;
begin
  for t, cols in select * from (values
    ('boarding_houses', '''label'', ''review_comment'''), ('industrial_zones', '''name'', ''review_comment'''),
    ('model_sites', '''name'', ''review_comment'''), ('outreach_activities', '''organiser'', ''review_comment'''),
    ('border_features', '''name'''), ('campaigns', '''name'''), ('deployments', '''team_name'''), ('plans', '''name'''),
    ('briefings', '''title'', ''notes''')) as v(t, cols)
  loop
    execute format('drop trigger %I on public.%I', t || '_personal_data', t);
    -- A trigger with a transition table serves one event.
    execute format('create trigger %I after insert on public.%I referencing new table as new_rows
      for each statement execute function private.refuse_personal_data_rows(%s)', t || '_personal_data_insert', t, cols);
    execute format('create trigger %I after update on public.%I referencing new table as new_rows
      for each statement execute function private.refuse_personal_data_rows(%s)', t || '_personal_data_update', t, cols);
  end loop;
  foreach t in array array['industrial_zones', 'boarding_houses', 'outreach_activities', 'model_sites']
  loop
    execute format('drop trigger %I on public.%I', t || '_geometry_in_own_unit', t);
    execute format('create trigger %I before update on public.%I
      for each row execute function private.site_geometry_in_own_unit()', t || '_geometry_in_own_unit', t);
    execute format('create trigger %I after insert on public.%I referencing new table as new_rows
      for each statement execute function private.site_rows_in_own_unit()', t || '_rows_in_own_unit', t);
  end loop;
end
$$;
drop function private.refuse_personal_data();
