-- No names, ID numbers, phones or e-mail addresses of anyone in any table, whatever the write path
-- (the record form, an import, a direct rpc or table write, a restore): the free-text columns and
-- the text of pending proposals are checked here, as src/lib/records/personal.ts checks them in the
-- app. The error names the column and the kind of data seen, never the data itself (errors reach logs).

-- What personal data a text holds, as a short phrase ("a phone number"), or null.
create function private.personal_data_kind(value text) returns text
language plpgsql immutable parallel safe set search_path = '' as $$
declare
  without_phones text;
begin
  if value is null or value = '' then
    return null;
  end if;
  -- Vietnamese mobile and landline numbers: 0 or +84, then 8 to 10 digits, spaced, dotted or dashed.
  if value ~ '(\+?84|0)([[:space:].-]?[0-9]){8,10}(?![0-9])' then
    return 'a phone number';
  end if;
  without_phones := regexp_replace(value, '(\+?84|0)([[:space:].-]?[0-9]){8,10}(?![0-9])', ' ', 'g');
  -- Citizen ID (12 digits), old ID card (9 digits), passport (a capital letter and 7 digits).
  if without_phones ~ '(?<![[:alnum:]])([0-9]{12}|[0-9]{9}|[A-Z][0-9]{7})(?![[:alnum:]])' then
    return 'an ID or passport number';
  end if;
  if value ~ '(?<![[:alnum:]_.+-])[[:alnum:]_.+-]+@[[:alnum:]_-]+\.[[:alnum:]_.-]+' then
    return 'an e-mail address';
  end if;
  return null;
end
$$;
comment on function private.personal_data_kind(text) is
  'Phone, ID/passport number or e-mail address seen in a free text (the blocking part of src/lib/records/personal.ts).';

-- Trigger: refuses a row whose named text columns (TG_ARGV), or the same fields of its pending
-- proposal, hold personal data.
create function private.refuse_personal_data() returns trigger
language plpgsql set search_path = '' as $$
declare
  row_json jsonb := to_jsonb(new);
  col text;
  seen text;
  source jsonb;
begin
  foreach col in array tg_argv loop
    -- The row, and an official's pending proposal ({fields: {...}}) for it.
    for source in select s from (values (row_json), (row_json -> 'proposal' -> 'fields')) v(s) where jsonb_typeof(s) = 'object' loop
      if jsonb_typeof(source -> col) = 'string' then
        seen := private.personal_data_kind(source ->> col);
        if seen is not null then
          raise exception using errcode = '23514',
            message = format('%s: %s looks like personal data (%s); Hotspot Atlas stores no names, ID numbers, phones or addresses: reword it',
                             tg_table_name, col, seen),
            detail = format('column %s of %s', col, tg_table_name),
            hint = 'describe the place or the team, not a person';
        end if;
      end if;
    end loop;
  end loop;
  return new;
end
$$;

create trigger boarding_houses_personal_data before insert or update on public.boarding_houses
  for each row execute function private.refuse_personal_data('label', 'review_comment');
create trigger industrial_zones_personal_data before insert or update on public.industrial_zones
  for each row execute function private.refuse_personal_data('name', 'review_comment');
create trigger model_sites_personal_data before insert or update on public.model_sites
  for each row execute function private.refuse_personal_data('name', 'review_comment');
create trigger outreach_activities_personal_data before insert or update on public.outreach_activities
  for each row execute function private.refuse_personal_data('organiser', 'review_comment');
create trigger border_features_personal_data before insert or update on public.border_features
  for each row execute function private.refuse_personal_data('name');
create trigger campaigns_personal_data before insert or update on public.campaigns
  for each row execute function private.refuse_personal_data('name');
create trigger deployments_personal_data before insert or update on public.deployments
  for each row execute function private.refuse_personal_data('team_name');
create trigger plans_personal_data before insert or update on public.plans
  for each row execute function private.refuse_personal_data('name');
create trigger briefings_personal_data before insert or update on public.briefings
  for each row execute function private.refuse_personal_data('title', 'notes');
