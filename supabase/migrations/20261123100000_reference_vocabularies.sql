-- Reference vocabularies of the provincial anti-trafficking plans (see shared seeds):
-- neighbour countries of the land border, case types, outreach forms, model-site kinds.
-- They are data the constraints of the domain tables depend on, so they ship in a migration.

create extension if not exists postgis with schema extensions;
create schema if not exists private;

create table public.neighbour_countries (
  code text primary key check (code ~ '^[A-Z]{2}$'),
  name_vi text not null,
  name_en text not null
);
comment on table public.neighbour_countries is 'Countries sharing Vietnam''s land border (ISO 3166-1 alpha-2).';

insert into public.neighbour_countries (code, name_vi, name_en) values
  ('LA', 'Lào', 'Laos'),
  ('KH', 'Campuchia', 'Cambodia'),
  ('CN', 'Trung Quốc', 'China');

create table public.case_types (
  code text primary key check (code ~ '^[a-z0-9_]+$'),
  name_vi text not null,
  name_en text not null,
  sort_order int not null default 0
);
comment on table public.case_types is 'Kinds of trafficking case as the provincial plans name them.';

insert into public.case_types (code, name_vi, name_en, sort_order) values
  ('cross_border', 'Mua bán người ra nước ngoài', 'Cross-border trafficking', 1),
  ('labour_fraud', 'Lừa đảo đi làm "việc nhẹ lương cao"', 'Labour-export fraud ("light work, high pay")', 2),
  ('marriage_brokering', 'Môi giới kết hôn trái phép', 'Illegal marriage brokering', 3),
  ('domestic', 'Mua bán người trong nội địa', 'Domestic trafficking', 4),
  ('child_under_16', 'Mua bán người dưới 16 tuổi', 'Trafficking of a person under 16', 5),
  ('organ_removal', 'Mua bán bộ phận cơ thể người', 'Trafficking for organ removal', 6);

create table public.outreach_forms (
  code text primary key check (code ~ '^[a-z0-9_]+$'),
  name_vi text not null,
  name_en text not null,
  -- Reach radius used by coverage analyses: how far one activity of this form is heard or seen.
  reach_km double precision not null check (reach_km > 0),
  sort_order int not null default 0
);
comment on table public.outreach_forms is 'Forms of awareness-raising (tuyên truyền) named in the provincial plans.';

insert into public.outreach_forms (code, name_vi, name_en, reach_km, sort_order) values
  ('meeting', 'Hội nghị, tọa đàm', 'Meeting or seminar', 2, 1),
  ('loudspeaker', 'Loa truyền thanh cơ sở', 'Commune loudspeaker', 1.5, 2),
  ('poster', 'Pano, áp phích, băng rôn', 'Poster, billboard or banner', 0.5, 3),
  ('leaflet', 'Tờ rơi, tờ gấp', 'Leaflet', 1, 4),
  ('sms', 'Tin nhắn SMS', 'SMS message', 5, 5),
  ('social_media', 'Mạng xã hội (Zalo, Facebook)', 'Social media (Zalo, Facebook)', 5, 6),
  ('school_talk', 'Ngoại khóa trong trường học', 'School talk', 1, 7);

create table public.model_site_kinds (
  code text primary key check (code ~ '^[a-z0-9_]+$'),
  name_vi text not null,
  name_en text not null,
  sort_order int not null default 0
);
comment on table public.model_site_kinds is 'Model sites of the plans: peaceful houses, tip boxes, hotline points, support centres.';

insert into public.model_site_kinds (code, name_vi, name_en, sort_order) values
  ('peaceful_house', 'Ngôi nhà bình yên', 'Peaceful house (shelter)', 1),
  ('tip_box', 'Hòm thư tố giác tội phạm', 'Crime tip box', 2),
  ('hotline_point', 'Điểm đường dây nóng 111', 'Hotline 111 point', 3),
  ('support_centre', 'Cơ sở hỗ trợ nạn nhân', 'Victim support centre', 4);

-- Settings an admin may change; read by the SQL functions (e.g. small-count suppression k).
create table public.app_settings (
  key text primary key check (key ~ '^[a-z0-9_]+$'),
  value jsonb not null,
  description text not null
);

insert into public.app_settings (key, value, description) values
  ('suppression_k', '3', 'Case aggregates with fewer cases than this are not shown to non-investigators.');
