-- A double-clicked record update showed the user a conflict although it was stored once (PostgreSQL,
-- 6 of 10): both saves read version v, the first wrote v+1, and the second, still holding the row
-- as it was, judged its own values a conflicting edit. Saves of one record now run one after the
-- other (a transaction-level advisory lock on the record id, taken before the record is read): the
-- second reads v+1, finds its values already stored and answers unchanged.

alter function public.save_record(text, uuid, integer, jsonb) rename to save_record_unserialised;
alter function public.save_record_unserialised(text, uuid, integer, jsonb) set schema private;
revoke execute on function private.save_record_unserialised(text, uuid, integer, jsonb) from public, anon;

create function public.save_record(record_kind text, record_id uuid, base_version integer, fields jsonb) returns jsonb
language plpgsql volatile security invoker set search_path = '' as $$
begin
  if record_id is not null then
    perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('record:' || record_id::text, 0));
  end if;
  return private.save_record_unserialised(record_kind, record_id, base_version, fields);
end
$$;
comment on function public.save_record(text, uuid, integer, jsonb) is
  'Creates (client-made id) or updates a record on base_version; saves of one record run one after another, so a repeated save answers unchanged. Statuses: created, updated, unchanged, conflict.';
revoke execute on function public.save_record(text, uuid, integer, jsonb) from public, anon;
grant execute on function public.save_record(text, uuid, integer, jsonb) to authenticated, service_role;
