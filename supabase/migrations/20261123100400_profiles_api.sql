-- The signed-in user's own profile, and user administration for admins.
-- Passwords and bans are handled by the auth server (GoTrue on Supabase, the embedded auth
-- server otherwise) through its admin API; roles and units live in public.profiles.

create function public.my_profile() returns jsonb
language sql stable security definer set search_path = '' as $$
  select jsonb_build_object(
    'user_id', u.id, 'email', u.email, 'role', p.role, 'admin_unit', a.code,
    'admin_unit_name', a.name, 'display_name', p.display_name)
  from auth.users u
    join public.profiles p on p.user_id = u.id
    left join public.admin_units a on a.id = p.admin_unit_id
  where u.id = (select auth.uid()) and (u.banned_until is null or u.banned_until <= now())
$$;
comment on function public.my_profile() is 'The calling user''s email, role and unit; null when signed out, without a profile or disabled.';

create function public.admin_list_users() returns table (
  user_id uuid, email text, role text, admin_unit text, display_name text,
  disabled boolean, last_sign_in_at timestamptz, created_at timestamptz
)
language plpgsql stable security definer set search_path = '' as $$
begin
  if private.app_role() is distinct from 'admin' then
    raise exception using errcode = '42501', message = 'only admins list users';
  end if;
  return query
    select u.id, u.email::text, p.role, a.code, p.display_name,
           coalesce(u.banned_until > now(), false), u.last_sign_in_at, u.created_at
    from auth.users u
      left join public.profiles p on p.user_id = u.id
      left join public.admin_units a on a.id = p.admin_unit_id
    order by u.email;
end
$$;
comment on function public.admin_list_users() is 'Every user with role, unit and whether disabled. Admins only.';

-- Sets (or creates) a user's profile. Runs as the caller: RLS on profiles admits admins only.
create function public.admin_set_profile(target_user uuid, new_role text, unit_code text default null,
  new_display_name text default null) returns void
language plpgsql volatile security invoker set search_path = '' as $$
declare
  unit uuid;
begin
  if private.app_role() is distinct from 'admin' then
    raise exception using errcode = '42501', message = 'only admins change roles';
  end if;
  if new_role is null or new_role not in ('admin', 'planner', 'district_official', 'investigator', 'leader') then
    perform private.raise_invalid(format('unknown role "%s"', coalesce(new_role, 'null')),
      'role must be one of admin, planner, district_official, investigator, leader');
  end if;
  if new_role = 'district_official' then
    if unit_code is null then
      perform private.raise_invalid('a district official needs an admin unit', 'unit_code is required for district_official');
    end if;
    select u.id into unit from public.admin_units u where u.code = unit_code;
    if unit is null then
      perform private.raise_invalid(format('unknown admin_unit "%s"', unit_code));
    end if;
  elsif unit_code is not null then
    perform private.raise_invalid(format('role %s has no admin unit', new_role), 'only district officials are bound to a unit');
  end if;
  if target_user = (select auth.uid()) and new_role <> 'admin' then
    perform private.raise_invalid('admins cannot remove their own admin role', 'ask another admin');
  end if;
  insert into public.profiles (user_id, role, admin_unit_id, display_name)
  values (target_user, new_role, unit, new_display_name)
  on conflict (user_id) do update
    set role = excluded.role, admin_unit_id = excluded.admin_unit_id,
        display_name = coalesce(excluded.display_name, public.profiles.display_name);
end
$$;
comment on function public.admin_set_profile(uuid, text, text, text) is 'Sets a user''s role, unit (district officials) and display name. Admins only.';

revoke execute on function public.my_profile(), public.admin_list_users(),
  public.admin_set_profile(uuid, text, text, text) from public, anon;
grant execute on function public.my_profile(), public.admin_list_users(),
  public.admin_set_profile(uuid, text, text, text) to authenticated, service_role;

-- Administrative units for pickers (no geometry).
create function public.admin_unit_list() returns table (code text, name text, level text, parent text)
language sql stable security invoker set search_path = '' as $$
  select u.code, u.name, u.level, p.code
  from public.admin_units u left join public.admin_units p on p.id = u.parent_id
  order by coalesce(p.name, u.name), u.level desc, u.name
$$;
comment on function public.admin_unit_list() is 'Codes and names of the administrative units the caller may read, parents first.';
revoke execute on function public.admin_unit_list() from public, anon;
grant execute on function public.admin_unit_list() to authenticated, service_role;

-- Account changes (creation, sign-in, password reset, disabling) are audited like other writes.
create trigger users_audit_insert after insert on auth.users referencing new table as new_rows
  for each statement execute function private.audit_writes();
create trigger users_audit_update after update on auth.users referencing new table as new_rows
  for each statement execute function private.audit_writes();
create trigger users_audit_delete after delete on auth.users referencing old table as old_rows
  for each statement execute function private.audit_writes();
