-- Reference vocabularies live in the migrations (constraints depend on them, and
-- `supabase db push` must create them in production too). Demo data is not seeded
-- here: it is generated deterministically by `npm run demo` (data/demo/generate.ts)
-- and is labelled as demo (is_demo = true) in every table.
select 1;
