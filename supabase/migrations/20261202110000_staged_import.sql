-- Large imports checked in parts, committed by one call, written in batches where it matters (issue 21).
--
-- public.import_records checks and writes a whole file in one transaction; on PGlite, which runs one
-- transaction at a time for every user, a 100,000-row file held the database for all of it. Now the
-- app sends a large file in parts of a few thousand rows: each part is checked (values, unit,
-- permission, duplicates of stored records) in a short transaction of its own and, when it is clean,
-- kept in private.import_staging with its unit and point; maps and other writes run between the
-- parts. The last call (import_finish) commits the file: it checks that every row was kept and the
-- caller may still write every unit, records the commit and writes the rows, all of them on
-- PostgreSQL or the first batch on the embedded database, where import_apply writes the next batches
-- one short transaction at a time. A committed file is written whole: each batch moves its rows from
-- the kept rows to the site table in one transaction, and rows of a commit a stopped server left
-- unwritten are written when it starts again (private.import_resume). An import given up before its
-- commit (a closed tab, a killed server) leaves no site, only kept rows that the caller's next import
-- (or a day's age) removes.

create table private.import_staging (
  import_id uuid not null,
  owner uuid not null,
  kind text not null check (kind in ('boarding_houses', 'outreach', 'model_sites')),
  i int not null,
  rec jsonb not null,
  pt extensions.geometry(Point, 4326) not null,
  unit uuid not null,
  staged_at timestamptz not null default now(),
  primary key (import_id, i)
);
comment on table private.import_staging is
  'Checked rows of an import sent in parts (public.import_stage), kept until they are written (import_finish, import_apply) or public.import_discard drops them.';
revoke all on private.import_staging from public, anon, authenticated;

-- Imports committed and not yet written to the end: whose, which kind, the approval its rows take
-- (the importer's role decided it at the commit), how many rows the file has and how many of them
-- are still to write.
create table private.import_commits (
  import_id uuid primary key,
  owner uuid not null,
  kind text not null check (kind in ('boarding_houses', 'outreach', 'model_sites')),
  approval text not null check (approval in ('submitted', 'approved')),
  total int not null check (total > 0),
  unwritten int not null check (unwritten between 0 and total),
  committed_at timestamptz not null default now()
);

-- Refuses a change to a committed import (more parts, a second commit): its rows are being written.
create function private.refuse_committed_import(import_id uuid) returns void
language plpgsql stable security definer set search_path = '' as $$
begin
  if exists (select from private.import_commits c where c.import_id = refuse_committed_import.import_id) then
    perform private.raise_invalid('this import is committed already: its rows are being written');
  end if;
end
$$;
revoke execute on function private.refuse_committed_import(uuid) from public, anon;
grant execute on function private.refuse_committed_import(uuid) to authenticated, service_role;
comment on table private.import_commits is
  'Imports committed by public.import_finish whose kept rows are still being written (import_apply, or import_resume at start).';
revoke all on private.import_commits from public, anon, authenticated;

-- The rows of pg_temp.import_rows written to the kind's table as `row_owner`'s, with the approval the
-- importer's role gives them (for a caller with a role, the approval trigger decides the same). Shared
-- by the one-call import and each batch of an import in parts.
create function private.import_insert(import_kind text, row_owner uuid, row_approval text) returns int
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  n int;
begin
  case import_kind
  when 'boarding_houses' then
    insert into boarding_houses (label, workers, rooms, admin_unit_id, geom, created_by, updated_by, approval)
    select r.rec ->> 'label', (r.rec ->> 'workers')::int, coalesce((r.rec ->> 'rooms')::int, 0), r.unit, r.pt, row_owner, row_owner, row_approval
    from pg_temp.import_rows r order by r.i;
  when 'outreach' then
    insert into outreach_activities (form, held_on, people_reached, materials, organiser, admin_unit_id, geom, created_by, updated_by, approval)
    select r.rec ->> 'form', (r.rec ->> 'held_on')::date, (r.rec ->> 'people_reached')::int,
      coalesce((r.rec ->> 'materials')::int, 0), r.rec ->> 'organiser', r.unit, r.pt, row_owner, row_owner, row_approval
    from pg_temp.import_rows r order by r.i;
  when 'model_sites' then
    insert into model_sites (kind, name, opened_on, active, admin_unit_id, geom, created_by, updated_by, approval)
    select r.rec ->> 'kind', r.rec ->> 'name', (r.rec ->> 'opened_on')::date, coalesce((r.rec ->> 'active')::boolean, true), r.unit, r.pt,
      row_owner, row_owner, row_approval
    from pg_temp.import_rows r order by r.i;
  end case;
  get diagnostics n = row_count;
  return n;
end
$$;
revoke execute on function private.import_insert(text, uuid, text) from public, anon;
grant execute on function private.import_insert(text, uuid, text) to authenticated, service_role;

-- The approval an importer's rows take: a district official's await review, an admin's need none.
create function private.import_approval() returns text
language sql stable security invoker set search_path = '' as $$
  select case private.app_role() when 'district_official' then 'submitted' else 'approved' end
$$;

-- After a file is written: its audit line, and fresh statistics when it was large.
create function private.import_written(import_kind text, n int) returns void
language plpgsql volatile security invoker set search_path = '' as $$
begin
  if n >= 1000 then
    perform private.import_analyze(import_kind);
  end if;
  perform private.audit('import', import_kind, jsonb_build_object('rows', n));
end
$$;
revoke execute on function private.import_approval(), private.import_written(text, int) from public, anon;
grant execute on function private.import_approval(), private.import_written(text, int) to authenticated, service_role;

-- The one-call import, unchanged but for the write, which is private.import_insert now.
create or replace function private.import_records_unchecked(kind text, records jsonb, dry_run boolean default false) returns jsonb
language plpgsql volatile security invoker set search_path = public, extensions as $$
declare
  role text := private.app_role();
  problems jsonb;
  outside uuid[];
  n int := 0;
begin
  if role is null or role not in ('admin', 'district_official') then
    raise exception using errcode = '42501', message = 'only district officials and admins import site data';
  end if;
  if kind is null or kind not in ('boarding_houses', 'outreach', 'model_sites') then
    perform private.raise_invalid(format('unknown kind "%s"', coalesce(kind, 'null')), 'kind is boarding_houses, outreach or model_sites');
  end if;
  if jsonb_typeof(records) is distinct from 'array' or jsonb_array_length(records) = 0 then
    perform private.raise_invalid('records must be a non-empty array');
  end if;
  if jsonb_array_length(records) > 200000 then
    perform private.raise_invalid('at most 200,000 records per import');
  end if;

  create temporary table if not exists pg_temp.import_rows (
    i int, rec jsonb, pt geometry(Point, 4326), unit uuid
  ) on commit drop;
  truncate pg_temp.import_rows;
  insert into pg_temp.import_rows (i, rec, pt)
  select (e.ord - 1)::int, e.value, st_setsrid(st_makepoint((e.value ->> 'lon')::float8, (e.value ->> 'lat')::float8), 4326)
  from jsonb_array_elements(records) with ordinality as e(value, ord);
  perform private.import_locate();
  -- The units of the file the caller may not edit, each checked once.
  -- (Materialised: otherwise the planner pushes the check below the distinct, once per row.)
  with found as materialized (select distinct t.unit from pg_temp.import_rows t where t.unit is not null)
  select array(select f.unit from found f where not private.can_edit_unit(f.unit)) into outside;
  -- Statistics for the checks below: without them the planner takes the rows for one and scans.
  analyze pg_temp.import_rows;

  select coalesce(jsonb_agg(p order by (p ->> 'index')::int), '[]'::jsonb) into problems from (
    select jsonb_build_object('index', r.i, 'column', 'lon/lat', 'value', concat(r.rec ->> 'lon', ', ', r.rec ->> 'lat'),
      'reason', 'the point lies in no administrative unit') as p
    from pg_temp.import_rows r where r.unit is null
    union all
    select jsonb_build_object('index', r.i, 'column', 'lon/lat', 'value', concat(r.rec ->> 'lon', ', ', r.rec ->> 'lat'),
      'reason', format('the point lies in %s, outside your unit %s', u.name, coalesce(mine.name, '—')))
    from pg_temp.import_rows r join admin_units u on u.id = r.unit
      left join admin_units mine on mine.id = private.app_unit()
    where cardinality(outside) > 0 and r.unit = any (outside)
    union all
    select jsonb_build_object('index', d.i, 'column', d.col, 'value', d.val, 'reason', d.reason)
    from private.import_duplicates(import_records_unchecked.kind) d
  ) found;

  if jsonb_array_length(problems) > 0 or dry_run then
    return jsonb_build_object('problems', problems, 'inserted', 0, 'dry_run', dry_run, 'records', jsonb_array_length(records));
  end if;
  n := private.import_insert(kind, auth.uid(), private.import_approval());
  perform private.import_written(kind, n);
  return jsonb_build_object('problems', '[]'::jsonb, 'inserted', n, 'dry_run', false, 'records', jsonb_array_length(records));
end
$$;

-- The kept rows of the caller's imports: only these three functions touch private.import_staging.
create function private.import_keep(import_id uuid, import_kind text, ids int[], recs jsonb[], pts extensions.geometry[], units uuid[])
returns int
language plpgsql volatile security definer set search_path = '' as $$
declare
  prior_owner uuid;
  prior_kind text;
  n int;
begin
  -- Parts of one import are kept one at a time; every kept row of an import has the owner and kind
  -- of its first part, so one row (by the primary key) tells whose it is.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('import:' || import_id::text, 0));
  perform private.refuse_committed_import(import_id);
  select s.owner, s.kind into prior_owner, prior_kind from private.import_staging s where s.import_id = import_keep.import_id limit 1;
  if found and (prior_owner is distinct from auth.uid() or prior_kind is distinct from import_kind) then
    raise exception using errcode = '42501', message = 'this import belongs to another user or holds another kind of records';
  end if;
  if not found then
    -- An import's first part: parts of imports nobody finished go, the caller's own after an hour,
    -- anyone's after a day.
    delete from private.import_staging s
    where ((s.owner = auth.uid() and s.staged_at < now() - interval '1 hour') or s.staged_at < now() - interval '1 day')
      and not exists (select from private.import_commits c where c.import_id = s.import_id);
  end if;
  insert into private.import_staging (import_id, owner, kind, i, rec, pt, unit)
  select import_keep.import_id, auth.uid(), import_kind, k.i, k.rec, k.pt, k.unit
  from unnest(ids, recs, pts, units) as k(i, rec, pt, unit)
  on conflict on constraint import_staging_pkey do update set rec = excluded.rec, pt = excluded.pt, unit = excluded.unit, staged_at = now();
  get diagnostics n = row_count;
  return n;
end
$$;

-- How many rows of the caller's import are kept, and their units (the commit's checks: the rows
-- themselves stay where they are).
create function private.import_kept(import_id uuid, import_kind text)
returns table (kept int, units uuid[])
language sql stable security definer set search_path = '' as $$
  select count(*)::int, coalesce(array_agg(distinct s.unit), '{}') from private.import_staging s
  where s.import_id = import_kept.import_id and s.owner = auth.uid() and s.kind = import_kind
$$;

-- Drops the kept rows of the caller's import (problems found, or the import given up); never those of
-- a committed import, which are written to the end.
create function public.import_discard(import_id uuid) returns void
language sql volatile security definer set search_path = '' as $$
  delete from private.import_staging s where s.import_id = import_discard.import_id and s.owner = auth.uid()
    and not exists (select from private.import_commits c where c.import_id = import_discard.import_id);
$$;
comment on function public.import_discard(uuid) is 'Drops the kept rows of the caller''s import sent in parts.';
revoke execute on function private.import_keep(uuid, text, int[], jsonb[], extensions.geometry[], uuid[]), private.import_kept(uuid, text),
  public.import_discard(uuid) from public, anon;
grant execute on function private.import_keep(uuid, text, int[], jsonb[], extensions.geometry[], uuid[]), private.import_kept(uuid, text),
  public.import_discard(uuid) to authenticated, service_role;

-- One part of an import: rows first_index … first_index + n − 1 of the file. Checks them as
-- import_records does (problems indexed in the whole file) and, unless dry_run or a problem was
-- found, keeps them for import_finish. Answers {problems, staged}.
create function public.import_stage(import_id uuid, kind text, records jsonb, first_index int, dry_run boolean default false) returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  i int := 0;
  r jsonb;
  result jsonb;
  n int := 0;
begin
  if import_id is null or first_index is null or first_index < 0 then
    perform private.raise_invalid('import_id and first_index (0 or more) are needed');
  end if;
  if jsonb_typeof(records) = 'array' and jsonb_array_length(records) > 10000 then
    perform private.raise_invalid('at most 10,000 records per part');
  end if;
  if jsonb_typeof(records) = 'array' and kind in ('boarding_houses', 'outreach', 'model_sites') then
    for r in select e from jsonb_array_elements(records) e loop
      perform private.check_record_values(kind, r, format('records[%s]', first_index + i));
      i := i + 1;
    end loop;
  end if;
  -- Role, kind, unit, permission and duplicates, as one import (it leaves pg_temp.import_rows filled).
  result := private.import_records_unchecked(kind, records, true);
  if not dry_run and jsonb_array_length(result -> 'problems') = 0 then
    select private.import_keep(import_stage.import_id, kind, array_agg(first_index + t.i), array_agg(t.rec), array_agg(t.pt), array_agg(t.unit))
    into n from pg_temp.import_rows t;
  end if;
  return jsonb_build_object(
    'problems', (select coalesce(jsonb_agg(p || jsonb_build_object('index', (p ->> 'index')::int + first_index)), '[]'::jsonb)
                 from jsonb_array_elements(result -> 'problems') p),
    'staged', n);
end
$$;
comment on function public.import_stage(uuid, text, jsonb, int, boolean) is
  'One part of a large import: checked as import_records checks a file (problems indexed in the whole file); clean rows are kept for import_finish.';

-- Writes up to `max_rows` (null: all) kept rows of a committed import, in the file's order, moving them
-- from the kept rows to the kind's table in the caller's transaction; the last batch ends the commit.
-- Answers the rows still to write. Definer: the rows were checked when kept and the caller's units at
-- the commit; it runs for the importer (import_finish, import_apply) or for nobody at start
-- (import_resume), when the commit's owner and approval say what the rows are.
create function private.import_apply_batch(import_id uuid, max_rows int) returns int
language plpgsql volatile security definer set search_path = '' as $$
declare
  c private.import_commits;
  left_over int;
begin
  select * into c from private.import_commits m where m.import_id = import_apply_batch.import_id for update;
  if not found then
    return 0;
  end if;
  create temporary table if not exists pg_temp.import_rows (i int, rec jsonb, pt extensions.geometry(Point, 4326), unit uuid) on commit drop;
  truncate pg_temp.import_rows;
  with batch as (
    select s.i from private.import_staging s where s.import_id = c.import_id order by s.i limit max_rows
  ), moved as (
    delete from private.import_staging s using batch b where s.import_id = c.import_id and s.i = b.i
    returning s.i, s.rec, s.pt, s.unit
  )
  insert into pg_temp.import_rows (i, rec, pt, unit) select m.i, m.rec, m.pt, m.unit from moved m;
  left_over := c.unwritten - private.import_insert(c.kind, c.owner, c.approval);
  update private.import_commits m set unwritten = left_over where m.import_id = c.import_id;
  if left_over = 0 then
    delete from private.import_commits m where m.import_id = c.import_id;
    if c.total >= 1000 then
      perform private.import_analyze(c.kind);
    end if;
  end if;
  return left_over;
end
$$;
revoke execute on function private.import_apply_batch(uuid, int) from public, anon, authenticated;

-- Commits every kept row of the caller's import, when all `expected` rows of the file were kept and
-- the caller may still write each of their units, and writes the first `batch_rows` of them (null:
-- all, in this one transaction). Answers {inserted, remaining}: the file's rows, and how many are
-- still to write with public.import_apply.
-- Definer, to record the commit and write: who may is checked here, as the caller (role, own import,
-- every unit still theirs).
create function public.import_finish(import_id uuid, kind text, expected int, batch_rows int default null) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  role text := private.app_role();
  kept int;
  units uuid[];
  refused text;
begin
  if role is null or role not in ('admin', 'district_official') then
    raise exception using errcode = '42501', message = 'only district officials and admins import site data';
  end if;
  if batch_rows is not null and batch_rows < 1 then
    perform private.raise_invalid('batch_rows is 1 or more, or null for every row');
  end if;
  -- One finish per import at a time (a double click, a retried request).
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('import:' || import_id::text, 0));
  perform private.refuse_committed_import(import_id);
  select k.kept, k.units into kept, units from private.import_kept(import_id, kind) k;
  if expected is null or expected < 1 or kept <> expected then
    perform private.raise_invalid(format('this import has %s of its %s rows checked and kept: check the file again', kept, coalesce(expected, 0)),
      'every part must be checked without problems before the import is written');
  end if;
  -- The caller may have lost a unit since the parts were checked.
  select u.name into refused from unnest(units) k(unit) join public.admin_units u on u.id = k.unit
  where not private.can_edit_unit(k.unit) limit 1;
  if refused is not null then
    raise exception using errcode = '42501', message = format('you may no longer import into %s', refused);
  end if;
  insert into private.import_commits (import_id, owner, kind, approval, total, unwritten)
  values (import_finish.import_id, auth.uid(), import_finish.kind, private.import_approval(), kept, kept);
  perform private.audit('import', kind, jsonb_build_object('rows', kept));
  return jsonb_build_object('inserted', kept, 'remaining', private.import_apply_batch(import_id, batch_rows));
end
$$;
comment on function public.import_finish(uuid, text, int, int) is
  'Commits every checked row of an import sent in parts, all or nothing, and writes them (or their first batch_rows; public.import_apply writes the rest).';

-- Writes the next `max_rows` rows of the caller's committed import. Answers {remaining}.
create function public.import_apply(import_id uuid, max_rows int) returns jsonb
language plpgsql volatile security definer set search_path = '' as $$
declare
  owner uuid;
begin
  if max_rows is null or max_rows < 1 then
    perform private.raise_invalid('max_rows is 1 or more');
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('import:' || import_id::text, 0));
  select c.owner into owner from private.import_commits c where c.import_id = import_apply.import_id;
  if not found then
    return jsonb_build_object('remaining', 0);
  end if;
  if owner is distinct from auth.uid() then
    raise exception using errcode = '42501', message = 'this import belongs to another user';
  end if;
  return jsonb_build_object('remaining', private.import_apply_batch(import_id, max_rows));
end
$$;
comment on function public.import_apply(uuid, int) is 'Writes the next rows of the caller''s import committed by public.import_finish.';

-- At start (no user): writes the rest of every committed import a stopped server left unwritten.
-- Answers the rows written.
create function private.import_resume() returns int
language plpgsql volatile security definer set search_path = '' as $$
declare
  c record;
  n int := 0;
begin
  for c in select m.import_id, m.unwritten from private.import_commits m order by m.committed_at loop
    perform private.import_apply_batch(c.import_id, null);
    n := n + c.unwritten;
  end loop;
  return n;
end
$$;
revoke execute on function private.import_resume() from public, anon, authenticated;

revoke execute on function public.import_stage(uuid, text, jsonb, int, boolean), public.import_finish(uuid, text, int, int), public.import_apply(uuid, int)
  from public, anon;
grant execute on function public.import_stage(uuid, text, jsonb, int, boolean), public.import_finish(uuid, text, int, int), public.import_apply(uuid, int)
  to authenticated, service_role;
-- PostgREST hoists a function's own timeout over the role's 8 s (see the Supabase parity migration).
alter function public.import_stage(uuid, text, jsonb, int, boolean) set statement_timeout = '2min';
alter function public.import_finish(uuid, text, int, int) set statement_timeout = '5min';
alter function public.import_apply(uuid, int) set statement_timeout = '5min';

-- Temporary tables made at run time, declared for plpgsql_check (supabase db lint); no-ops when run.
do $$
declare
  fn regprocedure;
begin
  foreach fn in array array['private.import_insert(text, uuid, text)'::regprocedure, 'public.import_stage(uuid, text, jsonb, int, boolean)'::regprocedure,
    'private.import_apply_batch(uuid, int)'::regprocedure, 'private.import_records_unchecked(text, jsonb, boolean)'::regprocedure]
  loop
    execute regexp_replace(pg_get_functiondef(fn), '\nbegin\n',
      E'\nbegin\n  perform ''PRAGMA:TABLE: pg_temp.import_rows (i int, rec jsonb, pt extensions.geometry, unit uuid)'';\n');
  end loop;
end
$$;
