-- Editing records one at a time (district officials' sites, investigators' cases): a version on
-- every record, the history of each row in the audit trail, saves that are idempotent (the client
-- makes the id) and refuse to overwrite a newer version, delete with undo, restore of an earlier
-- version. Writes stay under RLS; the policies of the site tables are rewritten so that the caller's
-- units are found once per statement instead of once per row (a 100,000-row import spent most of its
-- time there).

-- Versions ---------------------------------------------------------------------------------------
create function private.bump_version() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.version := old.version + 1;
  new.updated_at := now();
  new.updated_by := auth.uid();
  return new;
end
$$;

-- Row history ------------------------------------------------------------------------------------
-- One row per record changed by an audited statement: the row before (update, delete) and after
-- (update, restore). Plain inserts add none: a record carries its creation (created_at, created_by),
-- and the row as inserted is the "before" of its first change. (A 100,000-row import spent a second
-- writing an id-only row per record.)
create table public.audit_rows (
  audit_id bigint not null references public.audit_log (id) on delete cascade,
  target text not null,
  record_id uuid not null,
  op text not null check (op in ('insert', 'update', 'delete', 'restore')),
  before jsonb,
  after jsonb
);
comment on table public.audit_rows is
  'Row images of audited writes to site and case records (history and restore). Read through record_history() only: case rows hold exact places.';
create index audit_rows_record_idx on public.audit_rows (record_id, audit_id);
alter table public.audit_rows enable row level security;
revoke all on public.audit_rows from anon, authenticated;

-- Statement-level audit of the record tables: the audit_log row as before, plus the row images.
-- The demo seed sets hotspot.history = off (its records' history starts at their first change).
create function private.audit_record_writes() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  ids jsonb;
  n bigint;
  entry bigint;
  op text := lower(tg_op);
begin
  if tg_op = 'DELETE' then
    select count(*), jsonb_agg(id) filter (where rn <= 1000) into n, ids
    from (select o.id, row_number() over () as rn from old_rows o) t;
  else
    select count(*), jsonb_agg(id) filter (where rn <= 1000) into n, ids
    from (select r.id, row_number() over () as rn from new_rows r) t;
  end if;
  if n = 0 then
    return null;
  end if;
  if coalesce(current_setting('hotspot.restoring', true), '') <> '' then
    op := 'restore';
  end if;
  insert into public.audit_log (actor, actor_role, action, target, details)
  values ((select auth.uid()), coalesce(private.app_role(), current_user), op, tg_table_name, jsonb_build_object('rows', n, 'ids', ids))
  returning id into entry;
  if coalesce(current_setting('hotspot.history', true), '') = 'off' then
    return null;
  end if;
  if tg_op = 'INSERT' then
    if op = 'restore' then
      insert into public.audit_rows (audit_id, target, record_id, op, after)
      select entry, tg_table_name, r.id, op, to_jsonb(r) from new_rows r;
    end if;
  elsif tg_op = 'UPDATE' then
    insert into public.audit_rows (audit_id, target, record_id, op, before, after)
    select entry, tg_table_name, r.id, op, to_jsonb(o), to_jsonb(r) from new_rows r join old_rows o on o.id = r.id;
  else
    insert into public.audit_rows (audit_id, target, record_id, op, before)
    select entry, tg_table_name, o.id, op, to_jsonb(o) from old_rows o;
  end if;
  return null;
end
$$;

do $$
declare
  t text;
begin
  foreach t in array array['industrial_zones', 'boarding_houses', 'outreach_activities', 'model_sites', 'cases']
  loop
    execute format('alter table public.%I
      add column version integer not null default 1 check (version >= 1),
      add column if not exists created_at timestamptz not null default now(),
      add column created_by uuid default auth.uid(),
      add column updated_at timestamptz not null default now(),
      add column updated_by uuid default auth.uid()', t);
    execute format('create trigger %I before update on public.%I for each row execute function private.bump_version()',
      t || '_bump_version', t);
    execute format('drop trigger %I on public.%I', t || '_audit_insert', t);
    execute format('drop trigger %I on public.%I', t || '_audit_update', t);
    execute format('drop trigger %I on public.%I', t || '_audit_delete', t);
    execute format('create trigger %I after insert on public.%I referencing new table as new_rows
      for each statement execute function private.audit_record_writes()', t || '_audit_insert', t);
    execute format('create trigger %I after update on public.%I referencing old table as old_rows new table as new_rows
      for each statement execute function private.audit_record_writes()', t || '_audit_update', t);
    execute format('create trigger %I after delete on public.%I referencing old table as old_rows
      for each statement execute function private.audit_record_writes()', t || '_audit_delete', t);
  end loop;
end
$$;

-- Faster site policies ---------------------------------------------------------------------------
-- The units a district official may edit (own unit and below); empty for every other role.
create function private.own_units() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select case when private.app_role() = 'district_official'
    then array(select private.unit_descendants(private.app_unit())) else '{}'::uuid[] end
$$;

do $$
declare
  t text;
  may text := '((select private.app_role()) = ''admin'' or admin_unit_id = any ((select private.own_units())::uuid[]))';
begin
  foreach t in array array['industrial_zones', 'boarding_houses', 'outreach_activities', 'model_sites']
  loop
    execute format('drop policy %I on public.%I', t || '_insert_own_unit', t);
    execute format('drop policy %I on public.%I', t || '_update_own_unit', t);
    execute format('drop policy %I on public.%I', t || '_delete_own_unit', t);
    execute format('create policy %I on public.%I for insert to authenticated with check %s', t || '_insert_own_unit', t, may);
    execute format('create policy %I on public.%I for update to authenticated using %s with check %s', t || '_update_own_unit', t, may, may);
    execute format('create policy %I on public.%I for delete to authenticated using %s', t || '_delete_own_unit', t, may);
  end loop;
end
$$;

-- Records ----------------------------------------------------------------------------------------
-- The kinds of record the forms edit, as the app names them, and their tables.
create function private.record_table(record_kind text) returns text
language sql immutable set search_path = '' as $$
  select case record_kind
    when 'industrial_zones' then 'industrial_zones' when 'boarding_houses' then 'boarding_houses'
    when 'outreach' then 'outreach_activities' when 'model_sites' then 'model_sites' when 'cases' then 'cases' end
$$;

-- The columns a save may set, besides the place (geom, and the unit found from it).
create function private.record_fields(record_kind text) returns text[]
language sql immutable set search_path = '' as $$
  select case record_kind
    when 'industrial_zones' then array['name', 'workers']
    when 'boarding_houses' then array['label', 'workers', 'rooms', 'industrial_zone_id']
    when 'outreach' then array['form', 'held_on', 'people_reached', 'materials', 'organiser', 'campaign_id']
    when 'model_sites' then array['kind', 'name', 'opened_on', 'active']
    when 'cases' then array['case_type', 'occurred_on', 'location_precision', 'victims_female', 'victims_male',
      'victims_under_16', 'victims_16_17', 'victims_adult', 'destination_country', 'status']
  end
$$;

-- The finest administrative unit holding a place (a polygon by a point on its surface).
create function private.locate_unit(g extensions.geometry) returns uuid
language sql stable security definer set search_path = public, extensions as $$
  select u.id from admin_units u
  where u.geom && g and st_intersects(u.geom, case when geometrytype(g) = 'POINT' then g else st_pointonsurface(g) end)
  order by case u.level when 'commune' then 0 when 'district' then 1 else 2 end
  limit 1
$$;

-- Refuses, with the reason, a write the caller may not make in this unit (RLS would refuse it too,
-- without saying why).
create function private.require_edit(record_kind text, unit uuid) returns void
language plpgsql stable security definer set search_path = public as $$
declare
  role text := private.app_role();
begin
  if record_kind = 'cases' then
    if role is distinct from 'investigator' then
      raise exception using errcode = '42501', message = 'only investigators enter and edit cases';
    end if;
  elsif role is null or role not in ('admin', 'district_official') then
    raise exception using errcode = '42501', message = 'only district officials and admins edit site data';
  elsif not private.can_edit_unit(unit) then
    raise exception using errcode = '42501',
      message = format('the place lies in %s, outside your unit %s',
        (select name from admin_units where id = unit), (select name from admin_units where id = private.app_unit()));
  end if;
end
$$;

-- A record (a live row or an image from the history) as the app shows it: the geometry as GeoJSON,
-- the unit's name and who changed it last.
create function private.record_view(r jsonb) returns jsonb
language sql stable security definer set search_path = public, extensions as $$
  select (r - 'geom' - 'match_key') || jsonb_build_object(
    'geometry', st_asgeojson((r ->> 'geom')::geometry, 6)::jsonb,
    'unit_name', (select u.name from admin_units u where u.id = (r ->> 'admin_unit_id')::uuid),
    'updated_by_name', (select coalesce(p.display_name, p.role) from profiles p where p.user_id = (r ->> 'updated_by')::uuid))
$$;

create function private.record_row(tbl text, record_id uuid) returns jsonb
language plpgsql stable security invoker set search_path = '' as $$
declare
  r jsonb;
begin
  execute format('select to_jsonb(t) from public.%I t where t.id = $1', tbl) into r using record_id;
  return r;
end
$$;

-- Was this record deleted (and not put back)?
create function private.record_deleted(tbl text, record_id uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select coalesce((select a.op = 'delete' from public.audit_rows a
                   where a.target = tbl and a.record_id = record_deleted.record_id
                   order by a.audit_id desc limit 1), false)
$$;

-- Fields of the submitted record that differ from a stored one (both normalised by the table's types).
create function private.record_diff(tbl text, submitted jsonb, stored jsonb) returns text[]
language plpgsql stable set search_path = '' as $$
declare
  norm jsonb;
begin
  execute format('select to_jsonb(jsonb_populate_record(null::public.%I, $1))', tbl) into norm using submitted;
  return array(select k from jsonb_object_keys(submitted) k where norm -> k is distinct from stored -> k order by k);
end
$$;

-- Saves one record. record_id is made by the client, so a retried or doubled create finds its
-- record instead of making a second one. base_version is the version the user edited (null for a new
-- record); when the stored record is newer and differs, nothing is written and the answer is
-- {status: 'conflict', current, changed}. fields: the columns of record_fields(kind) plus lon/lat
-- (points) or geometry (GeoJSON polygon, industrial zones). Answers
-- {status: created|updated|unchanged|conflict, record, changed}.
create function public.save_record(record_kind text, record_id uuid, base_version integer, fields jsonb) returns jsonb
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
  if cardinality(changed) = 0 then
    return jsonb_build_object('status', 'unchanged', 'record', private.record_view(cur), 'changed', '[]'::jsonb);
  end if;
  if base_version is distinct from (cur ->> 'version')::int then
    return jsonb_build_object('status', 'conflict', 'record', null, 'current', private.record_view(cur), 'changed', to_jsonb(changed));
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

-- Deletes a record (its last image stays in the history: restore_record puts it back). With a
-- base_version older than the stored one nothing is deleted and the answer is a conflict. Cases
-- are closed (status), never deleted.
create function public.delete_record(record_kind text, record_id uuid, base_version integer default null) returns jsonb
language plpgsql volatile security invoker set search_path = public as $$
declare
  tbl text := private.record_table(record_kind);
  cur jsonb;
begin
  if tbl is null then
    perform private.raise_invalid(format('unknown kind "%s"', coalesce(record_kind, 'null')));
  end if;
  if record_kind = 'cases' then
    raise exception using errcode = '42501', message = 'cases are not deleted: set their status to closed';
  end if;
  cur := private.record_row(tbl, record_id);
  if cur is null then
    if private.record_deleted(tbl, record_id) then
      return jsonb_build_object('status', 'deleted', 'version', null);
    end if;
    perform private.raise_invalid('no such record');
  end if;
  perform private.require_edit(record_kind, (cur ->> 'admin_unit_id')::uuid);
  if base_version is not null and base_version <> (cur ->> 'version')::int then
    return jsonb_build_object('status', 'conflict', 'current', private.record_view(cur));
  end if;
  execute format('delete from public.%I where id = $1', tbl) using record_id;
  return jsonb_build_object('status', 'deleted', 'version', (cur ->> 'version')::int);
end
$$;

-- The image of a record at a version, from its history (or the live row).
create function private.record_image(tbl text, record_id uuid, at_version integer) returns jsonb
language sql stable security definer set search_path = '' as $$
  select img from (
    select a.audit_id, a.before as img from public.audit_rows a
    where a.target = tbl and a.record_id = record_image.record_id and (a.before ->> 'version')::int = at_version
    union all
    select a.audit_id, a.after from public.audit_rows a
    where a.target = tbl and a.record_id = record_image.record_id and (a.after ->> 'version')::int = at_version
  ) i order by audit_id desc limit 1
$$;

-- The highest version a record has had.
create function private.record_last_version(tbl text, record_id uuid) returns integer
language sql stable security definer set search_path = '' as $$
  select max(greatest((a.before ->> 'version')::int, (a.after ->> 'version')::int))
  from public.audit_rows a where a.target = tbl and a.record_id = record_last_version.record_id
$$;

-- Puts a record back as it was at a version (undoing a delete, or an edit): the record gets a new
-- version with those values. The caller must be allowed to edit both where it is and where it was.
create function public.restore_record(record_kind text, record_id uuid, at_version integer) returns jsonb
language plpgsql volatile security invoker set search_path = public as $$
declare
  tbl text := private.record_table(record_kind);
  img jsonb;
  cur jsonb;
  cols text;
begin
  if tbl is null then
    perform private.raise_invalid(format('unknown kind "%s"', coalesce(record_kind, 'null')));
  end if;
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'sign in with an active role to restore records';
  end if;
  img := private.record_image(tbl, record_id, at_version);
  if img is null then
    perform private.raise_invalid(format('version %s of this record is not in its history', at_version));
  end if;
  perform private.require_edit(record_kind, (img ->> 'admin_unit_id')::uuid);
  cur := private.record_row(tbl, record_id);
  perform set_config('hotspot.restoring', at_version::text, true);
  if cur is null then
    img := (img - 'match_key') || jsonb_build_object('version', private.record_last_version(tbl, record_id) + 1,
      'updated_at', now(), 'updated_by', auth.uid());
    select string_agg(quote_ident(k), ', ') into cols from jsonb_object_keys(img) k;
    execute format('insert into public.%I (%s) select %s from jsonb_populate_record(null::public.%I, $1)', tbl, cols, cols, tbl)
      using img;
  else
    perform private.require_edit(record_kind, (cur ->> 'admin_unit_id')::uuid);
    select string_agg(quote_ident(k), ', ') into cols from unnest(private.record_fields(record_kind) || array['admin_unit_id', 'geom']) k;
    execute format('update public.%I t set (%s) = (select %s from jsonb_populate_record(null::public.%I, $1)) where t.id = $2',
      tbl, cols, cols, tbl) using img, record_id;
  end if;
  perform set_config('hotspot.restoring', '', true);
  return jsonb_build_object('status', 'restored', 'record', private.record_view(private.record_row(tbl, record_id)));
end
$$;

-- May the caller read the history of this record? Site records: admins, planners, and district
-- officials of the record's unit; cases (their images hold exact places): investigators only.
create function private.may_read_history(record_kind text, unit uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select case
    when record_kind = 'cases' then private.app_role() = 'investigator'
    else private.app_role() in ('admin', 'planner') or (private.app_role() = 'district_official' and private.unit_in_scope(unit))
  end
$$;

-- The history of a record, newest first: [{at, actor, actor_role, op, version, changes: [{field,
-- from, to}], record, before}], ending with its creation (actor null for demo data). "record" is the
-- image after the change, "before" the one before.
create function public.record_history(record_kind text, record_id uuid) returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  tbl text := private.record_table(record_kind);
  unit uuid;
  first jsonb;
  result jsonb;
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
  -- The creation, from the record (live, or its oldest image).
  first := coalesce((select a.before from audit_rows a where a.target = tbl and a.record_id = record_history.record_id and a.before is not null
                     order by a.audit_id limit 1), private.record_row(tbl, record_id));
  select coalesce(jsonb_agg(jsonb_build_object(
      'at', l.at, 'actor', coalesce(p.display_name, l.actor_role), 'actor_role', l.actor_role, 'op', a.op,
      'version', coalesce((a.after ->> 'version')::int, (a.before ->> 'version')::int),
      'changes', coalesce((select jsonb_agg(jsonb_build_object('field', k, 'from', a.before -> k, 'to', a.after -> k) order by k)
                           from unnest(private.record_fields(record_kind) || array['geom']) k
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

-- Records of a kind deleted and not put back, that the caller may put back: newest first, at most
-- max_rows. [{id, deleted_at, actor, version, record}].
create function public.deleted_records(record_kind text, max_rows integer default 50) returns jsonb
language plpgsql stable security definer set search_path = public as $$
declare
  tbl text := private.record_table(record_kind);
begin
  if tbl is null then
    perform private.raise_invalid(format('unknown kind "%s"', coalesce(record_kind, 'null')));
  end if;
  return (
    select coalesce(jsonb_agg(x.j order by x.audit_id desc), '[]'::jsonb) from (
      select a.audit_id, jsonb_build_object('id', a.record_id, 'deleted_at', l.at, 'actor', coalesce(p.display_name, l.actor_role),
        'version', (a.before ->> 'version')::int, 'record', private.record_view(a.before)) as j
      from (select distinct on (r.record_id) r.* from audit_rows r where r.target = tbl order by r.record_id, r.audit_id desc) a
      join audit_log l on l.id = a.audit_id left join profiles p on p.user_id = l.actor
      where a.op = 'delete' and private.may_read_history(record_kind, (a.before ->> 'admin_unit_id')::uuid)
        and (record_kind = 'cases' or private.can_edit_unit((a.before ->> 'admin_unit_id')::uuid))
      order by a.audit_id desc limit greatest(1, least(coalesce(max_rows, 50), 500))
    ) x
  );
end
$$;

-- The records of a kind the caller may read, newest change first: a district official's own unit,
-- otherwise the unit given by code (or everywhere); q matches the name, label or organiser without
-- diacritics. Cases are for investigators only (RLS). Answers {rows: [record_view…], total}.
create function public.list_records(record_kind text, q text default '', unit_code text default null, max_rows integer default 500)
returns jsonb
language plpgsql stable security invoker set search_path = public as $$
declare
  tbl text := private.record_table(record_kind);
  scope uuid[];
  needle text := private.name_key(q);
  result jsonb;
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'sign in with an active role to read records';
  end if;
  if tbl is null then
    perform private.raise_invalid(format('unknown kind "%s"', coalesce(record_kind, 'null')));
  end if;
  if record_kind = 'cases' and private.app_role() <> 'investigator' then
    raise exception using errcode = '42501', message = 'case records are for investigators; others see aggregates on the map';
  end if;
  if private.app_role() = 'district_official' then
    scope := private.own_units();
  elsif coalesce(unit_code, '') <> '' then
    scope := array(select private.unit_descendants((select u.id from admin_units u where u.code = unit_code)));
  end if;
  execute format($q$
    with hit as (
      select t.* from public.%I t
      where ($1::uuid[] is null or t.admin_unit_id = any ($1))
        and ($2 = '' or private.name_key(concat_ws(' ', to_jsonb(t) ->> 'label', to_jsonb(t) ->> 'name', to_jsonb(t) ->> 'organiser')) like '%%' || $2 || '%%')
    )
    select jsonb_build_object('total', (select count(*) from hit),
      'rows', coalesce((select jsonb_agg(private.record_view(to_jsonb(h)) order by h.updated_at desc, h.id)
                        from (select * from hit order by updated_at desc, id limit $3) h), '[]'::jsonb))
  $q$, tbl) into result using scope, needle, greatest(1, least(coalesce(max_rows, 500), 200000));
  return result;
end
$$;
comment on function public.list_records(text, text, text, integer) is 'Records of a kind the caller may read (own unit for district officials), newest change first.';
revoke execute on function public.list_records(text, text, text, integer) from public, anon;
grant execute on function public.list_records(text, text, text, integer) to authenticated, service_role;

-- The options of the forms' selects, from the reference tables: {form, kind, case_type, destination_country}.
create function public.record_vocabularies() returns jsonb
language sql stable security invoker set search_path = public as $$
  select jsonb_build_object(
    'form', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from outreach_forms),
    'kind', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from model_site_kinds),
    'case_type', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from case_types),
    'destination_country', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by code) from neighbour_countries))
$$;
revoke execute on function public.record_vocabularies() from public, anon;
grant execute on function public.record_vocabularies() to authenticated, service_role;

-- Exports leave the system: each is recorded (who, what, how many rows, with which filters).
create function public.log_export(record_kind text, export_format text, row_count integer, details jsonb default '{}'::jsonb) returns void
language plpgsql volatile security definer set search_path = public as $$
begin
  if private.app_role() is null then
    raise exception using errcode = '42501', message = 'sign in with an active role to export';
  end if;
  perform private.audit('export', record_kind, coalesce(details, '{}'::jsonb)
    || jsonb_build_object('format', export_format, 'rows', row_count));
end
$$;

comment on function public.save_record(text, uuid, integer, jsonb) is
  'Creates or updates one record: idempotent by the client-made id, refuses to overwrite a newer version (conflict with the stored record).';
comment on function public.delete_record(text, uuid, integer) is 'Deletes one site record; restore_record puts it back.';
comment on function public.restore_record(text, uuid, integer) is 'Puts a record back as it was at a version of its history.';
comment on function public.record_history(text, uuid) is 'Who changed a record, when, and what (newest first).';
comment on function public.deleted_records(text, integer) is 'Deleted records the caller may put back.';
comment on function public.log_export(text, text, integer, jsonb) is 'Records an export in the audit log.';

revoke execute on function public.save_record(text, uuid, integer, jsonb), public.delete_record(text, uuid, integer),
  public.restore_record(text, uuid, integer), public.record_history(text, uuid), public.deleted_records(text, integer),
  public.log_export(text, text, integer, jsonb) from public, anon;
grant execute on function public.save_record(text, uuid, integer, jsonb), public.delete_record(text, uuid, integer),
  public.restore_record(text, uuid, integer), public.record_history(text, uuid), public.deleted_records(text, integer),
  public.log_export(text, text, integer, jsonb) to authenticated, service_role;
revoke execute on function private.bump_version(), private.audit_record_writes(), private.own_units(), private.record_table(text),
  private.record_fields(text), private.locate_unit(extensions.geometry), private.require_edit(text, uuid), private.record_view(jsonb),
  private.record_row(text, uuid), private.record_deleted(text, uuid), private.record_diff(text, jsonb, jsonb),
  private.record_image(text, uuid, integer), private.record_last_version(text, uuid), private.may_read_history(text, uuid) from public;
grant execute on function private.bump_version(), private.own_units(), private.record_table(text), private.record_fields(text),
  private.locate_unit(extensions.geometry), private.require_edit(text, uuid), private.record_view(jsonb), private.record_row(text, uuid),
  private.record_deleted(text, uuid), private.record_diff(text, jsonb, jsonb), private.record_image(text, uuid, integer),
  private.record_last_version(text, uuid), private.may_read_history(text, uuid)
  to authenticated, service_role;
