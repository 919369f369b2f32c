-- First cut of the domain model (shared/ARCHITECTURE.md): administrative units, border
-- features, industrial zones, boarding houses, outreach, model sites, cases, campaigns,
-- deployments, profiles and the audit log. Geometry is EPSG:4326 with a GiST index on each.
-- Cases carry no personal identifiers: no names, ID numbers, phones, addresses or free text.

create table public.admin_units (
  id uuid primary key default gen_random_uuid(),
  code text not null unique check (code ~ '^[A-Za-z0-9_.-]{1,32}$'),
  name text not null check (length(name) between 1 and 200),
  level text not null check (level in ('province', 'district', 'commune')),
  parent_id uuid references public.admin_units (id) on delete restrict,
  population integer check (population >= 0),
  geom extensions.geometry(MultiPolygon, 4326) not null check (extensions.st_isvalid(geom)),
  is_demo boolean not null default false,
  check ((level = 'province') = (parent_id is null))
);
comment on table public.admin_units is
  'Administrative hierarchy (province → district/commune; Vietnam''s 2025 reform leaves two levels, province → commune). Boundaries of demo units are approximations.';
create index admin_units_geom_idx on public.admin_units using gist (geom);
create index admin_units_parent_idx on public.admin_units (parent_id);

create table public.border_features (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('border_line', 'gate', 'crossing', 'trail')),
  country_code text not null references public.neighbour_countries (code),
  name text check (length(name) <= 200),
  -- Gate class as designated by the government: international, main (chính), secondary (phụ);
  -- informal crossings and trails have none.
  gate_class text check (gate_class in ('international', 'main', 'secondary')),
  admin_unit_id uuid references public.admin_units (id),
  geom extensions.geometry(Geometry, 4326) not null check (extensions.st_isvalid(geom)),
  is_demo boolean not null default false,
  check (
    case kind
      when 'border_line' then extensions.geometrytype(geom) in ('LINESTRING', 'MULTILINESTRING')
      when 'trail' then extensions.geometrytype(geom) in ('LINESTRING', 'MULTILINESTRING')
      else extensions.geometrytype(geom) = 'POINT'
    end
  ),
  check ((kind = 'gate') = (gate_class is not null))
);
comment on table public.border_features is 'Land border lines by neighbour country, border gates, informal crossings and trails.';
create index border_features_geom_idx on public.border_features using gist (geom);
create index border_features_unit_idx on public.border_features (admin_unit_id);

create table public.industrial_zones (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  admin_unit_id uuid not null references public.admin_units (id),
  workers integer not null default 0 check (workers >= 0),
  geom extensions.geometry(MultiPolygon, 4326) not null check (extensions.st_isvalid(geom)),
  is_demo boolean not null default false
);
comment on table public.industrial_zones is 'Industrial zones and clusters (khu/cụm công nghiệp) whose migrant workers the plans target.';
create index industrial_zones_geom_idx on public.industrial_zones using gist (geom);
create index industrial_zones_unit_idx on public.industrial_zones (admin_unit_id);

create table public.boarding_houses (
  id uuid primary key default gen_random_uuid(),
  -- A label such as "Dãy trọ số 12", never the owner's name or contact.
  label text not null check (length(label) between 1 and 120),
  admin_unit_id uuid not null references public.admin_units (id),
  industrial_zone_id uuid references public.industrial_zones (id),
  rooms integer not null default 0 check (rooms >= 0),
  workers integer not null default 0 check (workers >= 0),
  geom extensions.geometry(Point, 4326) not null,
  is_demo boolean not null default false
);
comment on table public.boarding_houses is 'Boarding houses (nhà trọ) of migrant workers. Owner contact is deliberately not stored.';
create index boarding_houses_geom_idx on public.boarding_houses using gist (geom);
create index boarding_houses_unit_idx on public.boarding_houses (admin_unit_id);

create table public.campaigns (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  starts_on date not null check (starts_on between date '2000-01-01' and date '2100-12-31'),
  ends_on date not null check (ends_on between date '2000-01-01' and date '2100-12-31'),
  admin_unit_id uuid references public.admin_units (id),
  is_demo boolean not null default false,
  check (ends_on >= starts_on)
);
comment on table public.campaigns is 'Campaigns, e.g. the peak campaign 1/7–30/9 around the National Day against trafficking (30/7).';

create table public.outreach_activities (
  id uuid primary key default gen_random_uuid(),
  form text not null references public.outreach_forms (code),
  held_on date not null check (held_on between date '2000-01-01' and date '2100-12-31'),
  admin_unit_id uuid not null references public.admin_units (id),
  campaign_id uuid references public.campaigns (id),
  -- The organising body (e.g. "Đồn Biên phòng Mộc Bài"), never a person.
  organiser text check (length(organiser) <= 200),
  people_reached integer not null default 0 check (people_reached >= 0),
  materials integer not null default 0 check (materials >= 0),
  geom extensions.geometry(Point, 4326) not null,
  is_demo boolean not null default false
);
comment on table public.outreach_activities is 'Awareness-raising activities: form, date, place, people reached, organising unit.';
create index outreach_activities_geom_idx on public.outreach_activities using gist (geom);
create index outreach_activities_unit_idx on public.outreach_activities (admin_unit_id);
create index outreach_activities_held_idx on public.outreach_activities (held_on);

create table public.model_sites (
  id uuid primary key default gen_random_uuid(),
  kind text not null references public.model_site_kinds (code),
  name text not null check (length(name) between 1 and 200),
  admin_unit_id uuid not null references public.admin_units (id),
  opened_on date check (opened_on between date '2000-01-01' and date '2100-12-31'),
  active boolean not null default true,
  geom extensions.geometry(Point, 4326) not null,
  is_demo boolean not null default false
);
comment on table public.model_sites is 'Model sites: peaceful houses, tip boxes, hotline 111 points, victim support centres.';
create index model_sites_geom_idx on public.model_sites using gist (geom);
create index model_sites_unit_idx on public.model_sites (admin_unit_id);

create table public.cases (
  id uuid primary key default gen_random_uuid(),
  case_type text not null references public.case_types (code),
  occurred_on date not null check (occurred_on between date '2000-01-01' and date '2100-12-31'),
  admin_unit_id uuid not null references public.admin_units (id),
  -- How exactly geom is known: an exact place, or the centre of the commune/district.
  location_precision text not null check (location_precision in ('exact', 'commune', 'district')),
  geom extensions.geometry(Point, 4326) not null,
  victims_female integer not null default 0 check (victims_female >= 0),
  victims_male integer not null default 0 check (victims_male >= 0),
  victims_under_16 integer not null default 0 check (victims_under_16 >= 0),
  victims_16_17 integer not null default 0 check (victims_16_17 >= 0),
  victims_adult integer not null default 0 check (victims_adult >= 0),
  destination_country text check (destination_country ~ '^[A-Z]{2}$'),
  status text not null default 'reported'
    check (status in ('reported', 'investigating', 'prosecuted', 'closed')),
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  -- Victims are counted by sex and by age band; both breakdowns must add up to the same total.
  check (victims_female + victims_male = victims_under_16 + victims_16_17 + victims_adult)
);
comment on table public.cases is
  'Trafficking cases without personal identifiers. Exact rows are readable by investigators only; everyone else gets suppressed aggregates.';
create index cases_geom_idx on public.cases using gist (geom);
create index cases_unit_idx on public.cases (admin_unit_id);
create index cases_occurred_idx on public.cases (occurred_on);

create table public.deployments (
  id uuid primary key default gen_random_uuid(),
  campaign_id uuid references public.campaigns (id),
  team_type text not null check (team_type in ('patrol', 'propaganda')),
  team_name text not null check (length(team_name) between 1 and 200),
  admin_unit_id uuid references public.admin_units (id),
  area extensions.geometry(Geometry, 4326) check (area is null or extensions.st_isvalid(area)),
  starts_on date not null check (starts_on between date '2000-01-01' and date '2100-12-31'),
  ends_on date not null check (ends_on between date '2000-01-01' and date '2100-12-31'),
  status text not null default 'planned' check (status in ('planned', 'active', 'done', 'cancelled')),
  -- Parameters and solver figures of the plan that produced this deployment.
  plan jsonb not null default '{}'::jsonb,
  created_by uuid,
  is_demo boolean not null default false,
  check (ends_on >= starts_on)
);
comment on table public.deployments is 'Patrol and propaganda-team deployments, with the plan they came from.';
create index deployments_area_idx on public.deployments using gist (area);
create index deployments_campaign_idx on public.deployments (campaign_id);

create table public.profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  role text not null check (role in ('admin', 'planner', 'district_official', 'investigator', 'leader')),
  -- The unit a district official may edit (and everything below it).
  admin_unit_id uuid references public.admin_units (id),
  display_name text check (length(display_name) <= 120),
  created_at timestamptz not null default now(),
  check ((role = 'district_official') = (admin_unit_id is not null))
);
comment on table public.profiles is 'Application role of each user; RLS decides everything from it. A banned auth user (auth.users.banned_until) has no role.';
create index profiles_unit_idx on public.profiles (admin_unit_id);

create table public.audit_log (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor uuid,
  actor_role text,
  action text not null,
  target text not null,
  details jsonb not null default '{}'::jsonb
);
comment on table public.audit_log is 'Every write and every read of exact case locations.';
create index audit_log_at_idx on public.audit_log (at);
