-- The case reads take optional filters (`date_from is null or c.occurred_on >= date_from`, a box or
-- none, a unit or none). PL/pgSQL caches their statements, and after five calls PostgreSQL may
-- switch to one generic plan for all values — a plan that cannot use the place or date indexes,
-- so a 28-case view at zoom 12 read the whole table after a few country-wide views (130–145 ms
-- instead of 4–6 ms, measured on PostgreSQL 15; issue 21). Each call is planned for its own values.
alter function private.case_aggregates(extensions.geometry, date, date, text[], uuid, text, double precision, text)
  set plan_cache_mode = force_custom_plan;
alter function private.case_pub_view(text, text, extensions.geometry, uuid, date, date, text[])
  set plan_cache_mode = force_custom_plan;
alter function private.layer_geojson_sites(text, double precision[], jsonb)
  set plan_cache_mode = force_custom_plan;
alter function public.layer_geojson(text, double precision[], jsonb)
  set plan_cache_mode = force_custom_plan;
alter function public.map_layer(text, double precision[], double precision, jsonb, integer)
  set plan_cache_mode = force_custom_plan;
alter function public.export_case_points(double precision[], double precision, jsonb)
  set plan_cache_mode = force_custom_plan;
