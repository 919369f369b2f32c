-- Where victims were taken: not only the three land neighbours. Labour-export fraud leads to
-- Myanmar, Thailand and Malaysia; marriage brokering to Korea and Taiwan (China); "other" for the rest.
create table public.destination_countries (
  code text primary key check (code ~ '^[A-Z]{2}$'),
  name_vi text not null,
  name_en text not null,
  sort_order integer not null
);
comment on table public.destination_countries is
  'Countries cases lead to (ISO 3166-1 alpha-2; ZZ: another country). The options of cases.destination_country.';

insert into public.destination_countries (code, name_vi, name_en, sort_order) values
  ('CN', 'Trung Quốc', 'China', 1),
  ('KH', 'Campuchia', 'Cambodia', 2),
  ('LA', 'Lào', 'Laos', 3),
  ('MM', 'Myanmar', 'Myanmar', 4),
  ('TH', 'Thái Lan', 'Thailand', 5),
  ('MY', 'Malaysia', 'Malaysia', 6),
  ('KR', 'Hàn Quốc', 'South Korea', 7),
  ('TW', 'Đài Loan (Trung Quốc)', 'Taiwan (China)', 8),
  ('JP', 'Nhật Bản', 'Japan', 9),
  ('ZZ', 'Nước khác', 'Another country', 99);

alter table public.destination_countries enable row level security;
create policy destination_countries_select_any_role on public.destination_countries for select to authenticated
  using ((select private.app_role()) is not null);
create policy destination_countries_insert_admin on public.destination_countries for insert to authenticated
  with check ((select private.app_role()) = 'admin');
create policy destination_countries_update_admin on public.destination_countries for update to authenticated
  using ((select private.app_role()) = 'admin') with check ((select private.app_role()) = 'admin');
create policy destination_countries_delete_admin on public.destination_countries for delete to authenticated
  using ((select private.app_role()) = 'admin');
revoke all on public.destination_countries from anon;
grant select on public.destination_countries to authenticated, service_role;
grant insert, update, delete on public.destination_countries to authenticated;

-- Codes the cases already hold (earlier data, imports) stay valid as "another country" until an
-- admin names them; from now on a case names a listed country.
update public.cases set destination_country = 'ZZ'
where destination_country is not null and destination_country not in (select code from public.destination_countries);
alter table public.cases add constraint cases_destination_country_fkey
  foreign key (destination_country) references public.destination_countries (code);

create or replace function public.record_vocabularies() returns jsonb
language sql stable security invoker set search_path = public as $$
  select public.check_request();
  select jsonb_build_object(
    'form', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from outreach_forms),
    'kind', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from model_site_kinds),
    'case_type', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from case_types),
    'destination_country', (select jsonb_agg(jsonb_build_object('code', code, 'vi', name_vi, 'en', name_en) order by sort_order) from destination_countries))
$$;
