-- Briefings carry a version, as records do. Two planners editing one briefing lost each other's work
-- (save_briefing took no version: the last save won, both answered 200). Every change of a briefing
-- now bumps its version (a trigger, so add_briefing_slide counts too) and names who made it;
-- update_briefing saves only on the version the editor started from and otherwise answers the
-- conflict with the stored briefing, for the editor to show (keep mine / take theirs / merge slides).
-- Re-sending what is already stored (a double click) answers unchanged, never a conflict.

alter table public.briefings add column version integer not null default 1;
alter table public.briefings add column updated_by uuid;

create function private.briefing_versioned() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.version := old.version + 1;
  new.updated_at := now();
  new.updated_by := (select auth.uid());
  return new;
end
$$;
create trigger briefings_version before update on public.briefings
  for each row when (old.title is distinct from new.title or old.notes is distinct from new.notes or old.slides is distinct from new.slides)
  execute function private.briefing_versioned();

-- A briefing as the editor and the conflict view read it.
create function private.briefing_json(b public.briefings) returns jsonb
language sql stable security definer set search_path = public as $$
  select jsonb_build_object('id', b.id, 'title', b.title, 'notes', b.notes, 'slides', b.slides, 'version', b.version,
    'updated_at', b.updated_at, 'is_demo', b.is_demo,
    'updated_by_name', (select coalesce(p.display_name, p.role) from profiles p where p.user_id = coalesce(b.updated_by, b.created_by)))
$$;

create or replace function public.get_briefing(briefing_id uuid) returns jsonb
language sql stable security invoker set search_path = public as $$
  select private.briefing_json(b) from briefings b where b.id = briefing_id
$$;

-- Saves title, notes and slides on base_version. Answers {status: saved | unchanged, briefing} or
-- {status: conflict, briefing: the stored one}.
create function public.update_briefing(briefing_id uuid, base_version integer, title text, notes text, slides jsonb) returns jsonb
language plpgsql volatile security invoker set search_path = public as $$
declare
  cur briefings;
  i int := 0;
  slide jsonb;
begin
  if private.app_role() is null or private.app_role() not in ('admin', 'planner') then
    raise exception using errcode = '42501', message = 'only planners and admins change briefings; leaders open and present them';
  end if;
  if length(btrim(coalesce(title, ''))) not between 1 and 200 then
    perform private.raise_invalid('title is required (up to 200 characters)');
  end if;
  if length(coalesce(notes, '')) > 4000 then
    perform private.raise_invalid('notes: up to 4000 characters');
  end if;
  if jsonb_typeof(slides) is distinct from 'array' or jsonb_array_length(slides) > 100 then
    perform private.raise_invalid('slides must be an array of at most 100 slides');
  end if;
  for slide in select * from jsonb_array_elements(slides) loop
    perform private.check_slide(slide, i);
    i := i + 1;
  end loop;
  if (select count(distinct s ->> 'id') from jsonb_array_elements(slides) s) < jsonb_array_length(slides) then
    perform private.raise_invalid('slides: each slide has its own id');
  end if;
  select * into cur from briefings b where b.id = briefing_id for update;
  if cur.id is null then
    raise exception using errcode = 'P0002', message = 'no such briefing';
  end if;
  if cur.title = btrim(title) and cur.notes = coalesce(notes, '') and cur.slides = slides then
    return jsonb_build_object('status', 'unchanged', 'briefing', private.briefing_json(cur));
  end if;
  if base_version is distinct from cur.version then
    return jsonb_build_object('status', 'conflict', 'briefing', private.briefing_json(cur));
  end if;
  update briefings b set title = btrim(update_briefing.title), notes = coalesce(update_briefing.notes, ''), slides = update_briefing.slides
  where b.id = briefing_id returning * into cur;
  return jsonb_build_object('status', 'saved', 'briefing', private.briefing_json(cur));
end
$$;
comment on function public.update_briefing(uuid, integer, text, text, jsonb) is
  'Saves a briefing on the version the editor started from; otherwise answers the conflict with the stored briefing.';

-- save_briefing keeps creating briefings; changing one now needs its version (briefing.version), as the
-- editor sends: a stale version is refused (40001) instead of overwriting someone else's work.
create or replace function public.save_briefing(briefing jsonb) returns uuid
language plpgsql volatile security invoker set search_path = public as $$
declare
  b jsonb := coalesce(briefing, 'null'::jsonb);
  result jsonb;
  made jsonb;
begin
  if jsonb_typeof(b) <> 'object' then
    perform private.raise_invalid('briefing must be an object');
  end if;
  if b ? 'id' and b ->> 'id' is not null then
    if jsonb_typeof(b -> 'version') is distinct from 'number' then
      perform private.raise_invalid('version is required to change a briefing', null, 'send the version you opened, so that nobody''s work is overwritten');
    end if;
    result := public.update_briefing((b ->> 'id')::uuid, (b ->> 'version')::int, b ->> 'title', b ->> 'notes', coalesce(b -> 'slides', '[]'::jsonb));
    if result ->> 'status' = 'conflict' then
      raise exception using errcode = '40001', message = 'the briefing changed since you opened it: look at it again',
        detail = format('you saw version %s, it is now at %s', b ->> 'version', result -> 'briefing' ->> 'version');
    end if;
    return (b ->> 'id')::uuid;
  end if;
  made := public.create_briefing(gen_random_uuid(), b ->> 'title');
  result := public.update_briefing((made ->> 'id')::uuid, 1, b ->> 'title', b ->> 'notes', coalesce(b -> 'slides', '[]'::jsonb));
  return (made ->> 'id')::uuid;
end
$$;

revoke execute on function public.update_briefing(uuid, integer, text, text, jsonb) from public, anon;
grant execute on function public.update_briefing(uuid, integer, text, text, jsonb) to authenticated, service_role;
