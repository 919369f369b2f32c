-- Every value a save or an import stores is checked as a value in SQL, whatever client sent it:
-- jsonb_populate_record read {"held_on": "yesterday"} as yesterday's date and {"label": {"a": 1}} as
-- the text '{"a": 1}'. Dates must be real dates written YYYY-MM-DD, counts whole numbers ≥ 0, flags
-- booleans, and text fields text; the error names the record and the field.

create function private.check_record_values(record_kind text, fields jsonb, here text) returns void
language plpgsql immutable set search_path = '' as $$
declare
  k text;
  v jsonb;
begin
  if jsonb_typeof(fields) is distinct from 'object' then
    perform private.raise_invalid(here || ' must be an object');
  end if;
  for k, v in select e.key, e.value from jsonb_each(fields) e where e.key = any (private.record_fields(record_kind)) loop
    continue when jsonb_typeof(v) = 'null';
    if k in ('held_on', 'opened_on', 'occurred_on') then
      if jsonb_typeof(v) <> 'string' or not private.is_date(v #>> '{}') then
        perform private.raise_invalid(format('%s.%s: a real date written YYYY-MM-DD', here, k), format('got %s', left(v::text, 40)));
      end if;
    elsif k in ('workers', 'rooms', 'people_reached', 'materials', 'victims_female', 'victims_male', 'victims_under_16', 'victims_16_17', 'victims_adult') then
      if jsonb_typeof(v) <> 'number' or (v #>> '{}')::numeric < 0 or (v #>> '{}')::numeric <> trunc((v #>> '{}')::numeric)
         or (v #>> '{}')::numeric > 2147483647 then
        perform private.raise_invalid(format('%s.%s: a whole number, 0 or more', here, k), format('got %s', left(v::text, 40)));
      end if;
    elsif k = 'active' then
      if jsonb_typeof(v) <> 'boolean' then
        perform private.raise_invalid(format('%s.%s: true or false', here, k), format('got %s', left(v::text, 40)));
      end if;
    elsif jsonb_typeof(v) <> 'string' then
      perform private.raise_invalid(format('%s.%s: text', here, k), format('got a %s', jsonb_typeof(v)));
    end if;
  end loop;
end
$$;
grant execute on function private.check_record_values(text, jsonb, text) to authenticated, service_role;

create or replace function public.save_record(record_kind text, record_id uuid, base_version integer, fields jsonb) returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
begin
  if private.record_fields(record_kind) is not null then
    perform private.check_record_values(record_kind, fields, 'fields');
  end if;
  if record_id is not null then
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('record:' || record_id::text, 0));
  end if;
  return private.save_record_unserialised(record_kind, record_id, base_version, fields);
end
$$;

-- The import itself moves to private.import_records_unchecked unchanged (its body names its
-- arguments by the function's name, so it is recreated under the new name rather than renamed).
do $$
declare
  src text;
begin
  select p.prosrc into src from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'public' and p.proname = 'import_records';
  execute format('create function private.import_records_unchecked(kind text, records jsonb, dry_run boolean default false) returns jsonb
    language plpgsql volatile security invoker set search_path = public, extensions as %L',
    replace(src, 'import_records.', 'import_records_unchecked.'));
end
$$;
drop function public.import_records(text, jsonb, boolean);
revoke execute on function private.import_records_unchecked(text, jsonb, boolean) from public, anon;
grant execute on function private.import_records_unchecked(text, jsonb, boolean) to authenticated, service_role;

create function public.import_records(kind text, records jsonb, dry_run boolean default false) returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
declare
  i int := 0;
  r jsonb;
begin
  if jsonb_typeof(records) = 'array' and kind in ('boarding_houses', 'outreach', 'model_sites') then
    for r in select e from jsonb_array_elements(records) e loop
      perform private.check_record_values(kind, r, format('records[%s]', i));
      i := i + 1;
    end loop;
  end if;
  return private.import_records_unchecked(kind, records, dry_run);
end
$$;
comment on function public.import_records(text, jsonb, boolean) is
  'Imports checked site records all-or-nothing: values checked as values, unit by point-in-polygon, the caller''s own unit only, no duplicates of stored records (50 m, similar name). Returns the problems or the number inserted.';
revoke execute on function public.import_records(text, jsonb, boolean) from public, anon;
grant execute on function public.import_records(text, jsonb, boolean) to authenticated, service_role;
