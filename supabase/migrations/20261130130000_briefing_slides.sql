-- Slides that cannot be lost or break a briefing. "Add to briefing" read the briefing, appended a
-- slide and saved the whole list: ten concurrent adds kept two slides. add_briefing_slide appends in
-- one statement (and a retried add of the same slide id adds nothing); create_briefing takes the
-- client's id, so a double-submitted or retried create makes one briefing. A slide's filters are
-- checked as values (real dates, a known unit code), so nothing stored can later make the briefing
-- fail to open: '2026-02-30' was accepted and then every view of the briefing answered 400.

-- True for a real calendar date written YYYY-MM-DD.
create function private.is_date(value text) returns boolean
language plpgsql immutable set search_path = '' as $$
begin
  if value is null or value !~ '^\d{4}-\d{2}-\d{2}$' then
    return false;
  end if;
  return to_char(value::date, 'YYYY-MM-DD') = value;
exception when others then
  return false;
end
$$;

create or replace function private.check_slide(slide jsonb, slide_index int) returns void
language plpgsql stable set search_path = '' as $$
declare
  here text := format('slides[%s]', slide_index);
  f jsonb := slide -> 'filters';
  k text;
begin
  if jsonb_typeof(slide) is distinct from 'object' then
    perform private.raise_invalid(here || ' must be an object');
  end if;
  if coalesce(slide ->> 'kind', '') not in ('map', 'chart', 'figures', 'deployments') then
    perform private.raise_invalid(here || '.kind must be map, chart, figures or deployments');
  end if;
  if slide ? 'id' and coalesce(slide ->> 'id', '') !~ '^[A-Za-z0-9_-]{1,64}$' then
    perform private.raise_invalid(here || '.id must be a short identifier (a UUID)');
  end if;
  if (slide ? 'title' and jsonb_typeof(slide -> 'title') <> 'string') or (slide ? 'notes' and jsonb_typeof(slide -> 'notes') <> 'string') then
    perform private.raise_invalid(here || ': title and notes are text');
  end if;
  if length(coalesce(slide ->> 'title', '')) > 200 or length(coalesce(slide ->> 'notes', '')) > 4000 then
    perform private.raise_invalid(here || ': title up to 200 and notes up to 4000 characters');
  end if;
  case slide ->> 'kind'
  when 'map' then
    if coalesce(slide ->> 'page', '') not in ('map', 'plan') or length(coalesce(slide ->> 'query', '')) > 4000
       or coalesce(slide ->> 'query', '') !~ '^[A-Za-z0-9_.,~%=&:+-]*$' then
      perform private.raise_invalid(here || ': a map slide has page (map or plan) and the query of its view');
    end if;
    if ('&' || coalesce(slide ->> 'query', '')) ~* '&(embed|tier|lang|exact)(=|&|$)' then
      perform private.raise_invalid(here || ': a map slide''s query may not set embed, tier, lang or exact',
        null, 'the page that shows a slide decides how it is drawn');
    end if;
  when 'chart' then
    if coalesce(slide ->> 'chart', '') not in ('cases_by_month', 'outreach_by_form', 'coverage', 'hotspot_classes') then
      perform private.raise_invalid(here || '.chart must be cases_by_month, outreach_by_form, coverage or hotspot_classes');
    end if;
    if slide ->> 'chart' = 'coverage' and coalesce(slide ->> 'plan_id', '') !~ '^[0-9a-f-]{36}$' then
      perform private.raise_invalid(here || ': a coverage chart compares a saved plan (plan_id) with what was achieved');
    end if;
  when 'deployments' then
    if coalesce(slide ->> 'plan_id', '') !~ '^[0-9a-f-]{36}$' then
      perform private.raise_invalid(here || '.plan_id must name a saved plan');
    end if;
  else
    null;
  end case;
  if f is not null then
    if jsonb_typeof(f) <> 'object' then
      perform private.raise_invalid(here || '.filters must be an object');
    end if;
    for k in select jsonb_object_keys(f) loop
      if k not in ('from', 'to', 'admin_unit') then
        perform private.raise_invalid(format('%s.filters.%s is not a filter of a slide (from, to, admin_unit)', here, k));
      end if;
    end loop;
    if (f ? 'from' and not private.is_date(f ->> 'from')) or (f ? 'to' and not private.is_date(f ->> 'to')) then
      perform private.raise_invalid(format('%s.filters: from and to are real dates YYYY-MM-DD', here),
        format('from %s, to %s', coalesce(f ->> 'from', '—'), coalesce(f ->> 'to', '—')));
    end if;
    if f ? 'from' and f ? 'to' and (f ->> 'from')::date > (f ->> 'to')::date then
      perform private.raise_invalid(format('%s.filters: from is after to', here));
    end if;
    if f ? 'admin_unit' and not exists (select 1 from public.admin_units u where u.code = f ->> 'admin_unit') then
      perform private.raise_invalid(format('%s.filters.admin_unit: no unit "%s"', here, left(f ->> 'admin_unit', 64)));
    end if;
  end if;
end
$$;

-- Creates a briefing with the id the client made; the same id again (a double submit, a retry after a
-- lost reply) answers the briefing already made.
create function public.create_briefing(briefing_id uuid, title text) returns jsonb
language plpgsql volatile security invoker set search_path = public as $$
declare
  made uuid;
begin
  if private.app_role() is null or private.app_role() not in ('admin', 'planner') then
    raise exception using errcode = '42501', message = 'only planners and admins make briefings; leaders open and present them';
  end if;
  if briefing_id is null then
    perform private.raise_invalid('briefing_id is required', null, 'the client makes the id, so that a retried create is not stored twice');
  end if;
  if length(btrim(coalesce(title, ''))) not between 1 and 200 then
    perform private.raise_invalid('title is required (up to 200 characters)');
  end if;
  insert into briefings (id, title) values (briefing_id, btrim(title)) on conflict (id) do nothing returning id into made;
  if made is not null then
    return jsonb_build_object('status', 'created', 'id', made);
  end if;
  if exists (select 1 from briefings b where b.id = briefing_id) then
    return jsonb_build_object('status', 'unchanged', 'id', briefing_id);
  end if;
  perform private.raise_invalid('id is already used');
end
$$;
comment on function public.create_briefing(uuid, text) is 'Creates a briefing with a client-made id; idempotent (a retry answers unchanged).';

-- Appends one slide in one statement (no read-modify-write of the list): concurrent adds all land.
-- A slide id already in the briefing is a retry and adds nothing.
create function public.add_briefing_slide(briefing_id uuid, slide jsonb) returns jsonb
language plpgsql volatile security invoker set search_path = public as $$
declare
  n int;
  named text;
begin
  if private.app_role() is null or private.app_role() not in ('admin', 'planner') then
    raise exception using errcode = '42501', message = 'only planners and admins change briefings; leaders open and present them';
  end if;
  if jsonb_typeof(slide) is distinct from 'object' or not (slide ? 'id') then
    perform private.raise_invalid('slide must be an object with an id (a UUID made by the client)');
  end if;
  perform private.check_slide(slide, 0);
  update briefings b
  set slides = case when exists (select 1 from jsonb_array_elements(b.slides) s where s ->> 'id' = slide ->> 'id')
                    then b.slides else b.slides || jsonb_build_array(slide) end,
      updated_at = now()
  where b.id = briefing_id and jsonb_array_length(b.slides) < 100
  returning jsonb_array_length(b.slides), b.title into n, named;
  if n is null then
    if exists (select 1 from briefings b where b.id = briefing_id) then
      perform private.raise_invalid('a briefing holds at most 100 slides');
    end if;
    raise exception using errcode = 'P0002', message = 'no such briefing';
  end if;
  return jsonb_build_object('id', briefing_id, 'title', named, 'slides', n);
end
$$;
comment on function public.add_briefing_slide(uuid, jsonb) is 'Appends a slide atomically; a slide id already present is a retry and adds nothing.';

revoke execute on function public.create_briefing(uuid, text), public.add_briefing_slide(uuid, jsonb) from public, anon;
grant execute on function public.create_briefing(uuid, text), public.add_briefing_slide(uuid, jsonb) to authenticated, service_role;
grant execute on function private.is_date(text) to authenticated, service_role;
