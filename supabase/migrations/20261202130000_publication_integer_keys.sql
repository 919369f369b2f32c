-- The publication's protection ran its rounds on text keys: every round joined each group member
-- to its cell by (cube, space, time, class), four text columns, three times over. At 800 demo cases
-- that was 8.6 s of a 10.7 s build on PGlite, and every build (a reader's, the publisher's, a
-- threshold change) paid it (issue 21: a rebuild at 100,000 cases took minutes).
--
-- The rounds now work on integer keys: each cell numbered in (cube, s, t, c) order, each group by
-- its total's number and its tag. The number order is the key order, so a group's smallest part is
-- picked as before (least count, then key), and the suppression pattern is the same cell for cell:
-- checked on the demo data at 800 and 10,000 cases on PGlite and PostgreSQL (every cell's count and
-- both tiers' hidden flags equal). A group whose total has no cell never took part (it cannot fail,
-- die or give a bound): such groups are left out of the numbered table.
--
-- Restated whole (create or replace), with the checker pragma 20261201100000_supabase_parity.sql
-- added to the landed text.

create or replace function private.case_pub_protect(k integer) returns integer
language plpgsql volatile security definer set search_path = '' as $$
declare
  rounds integer := 0;
  picked integer;
begin
  -- Its temporary tables are made from queries, which plpgsql_check cannot follow (the publication
  -- tests check it: supabase/tests/attacks.test.ts, map_layer.test.ts).
  perform 'PRAGMA:DISABLE:CHECK';
  update pg_temp.pub_work set h = (n < k);
  -- Victims are hidden wherever their cases are: V with all types, T:<type> with that type.
  update pg_temp.pub_work v set h = true
  from pg_temp.pub_work c
  where v.cube = 'V' and c.cube = 'C' and c.h and v.s = c.s and v.t = c.t
    and ((v.c = 'V' and c.c = '*') or v.c = 'T:' || c.c);
  -- The rounds work on integer keys: each cell numbered in (cube, s, t, c) order, so that the
  -- order by number is the order by key that picks a group's smallest part; each group as its
  -- total's number and its tag. A group whose total and parts are all suppressed can never fail
  -- again (cells are only ever suppressed, never published back) and adds nothing to a reader's
  -- bounds: it is dropped, so each round looks only at groups still in play.
  create temp table pub_pcell on commit drop as
  select (row_number() over (order by w.cube, w.s, w.t, w.c))::integer as id, w.cube, w.s, w.t, w.c, w.n, w.h, 0::bigint as lb
  from pg_temp.pub_work w;
  alter table pg_temp.pub_pcell add primary key (id);
  create unique index on pg_temp.pub_pcell (cube, s, t, c);
  create temp table pub_live on commit drop as
  select g.id as gid, m.tag, p.id as mid
  from pg_temp.pub_members m
    join pg_temp.pub_pcell g on g.cube = m.cube and g.s = m.gs and g.t = m.gt and g.c = m.gc
    join pg_temp.pub_pcell p on p.cube = m.cube and p.s = m.s and p.t = m.t and p.c = m.c;
  create index on pg_temp.pub_live (gid, tag);
  analyze pg_temp.pub_pcell;
  analyze pg_temp.pub_live;
  loop
    rounds := rounds + 1;
    delete from pg_temp.pub_live l
    using (select m.gid, m.tag from pg_temp.pub_live m join pg_temp.pub_pcell w on w.id = m.mid
           group by 1, 2 having bool_and(w.h)) dead
      join pg_temp.pub_pcell p on p.id = dead.gid and p.h
    where l.gid = dead.gid and l.tag = dead.tag;
    -- What a reader can prove a suppressed cell holds at least: nothing (a suppressed cell may be
    -- empty: zeros are never told apart from small counts), or for a suppressed total the sum of its
    -- published parts, along whichever dimension says most.
    update pg_temp.pub_pcell set lb = case when h then 0 else n end where lb is distinct from case when h then 0 else n end;
    with sums as (
      select m.gid, sum(w.n) as floor_sum
      from pg_temp.pub_live m join pg_temp.pub_pcell w on w.id = m.mid
      where not w.h
      group by m.gid, m.tag
    ), best as (
      select gid, max(floor_sum) as floor_sum from sums group by 1
    )
    update pg_temp.pub_pcell w set lb = b.floor_sum
    from best b
    where w.h and w.id = b.gid and b.floor_sum > w.lb;

    with groups as (
      select m.gid, m.tag,
        count(*) filter (where w.h) as hidden_parts,
        coalesce(sum(w.n) filter (where w.h), 0) as residual,
        coalesce(sum(w.lb) filter (where w.h), 0) as floor_sum,
        count(*) filter (where not w.h) as published_parts
      from pg_temp.pub_live m join pg_temp.pub_pcell w on w.id = m.mid
      group by 1, 2
    ), failing as (
      select g.*, p.h as total_hidden
      from groups g join pg_temp.pub_pcell p on p.id = g.gid
      where (not p.h and g.hidden_parts >= 1 and (g.hidden_parts = 1 or g.residual < k or g.residual <= g.floor_sum))
         or (p.h and g.hidden_parts < 2 and g.published_parts > 0)
    ), pick as (
      -- The smallest published part of each failing group; with none, its total.
      select distinct on (f.gid, f.tag) f.gid, f.total_hidden, w.id
      from failing f
        left join pg_temp.pub_live m on m.gid = f.gid and m.tag = f.tag
        left join pg_temp.pub_pcell w on w.id = m.mid and not w.h and w.n > 0
      order by f.gid, f.tag, w.n nulls last, w.id
    ), targets as (
      select p.id from pick p where p.id is not null
      union
      select p.gid from pick p where p.id is null and not p.total_hidden
    )
    update pg_temp.pub_pcell w set h = true
    from targets x
    where w.id = x.id and not w.h;
    get diagnostics picked = row_count;
    exit when picked = 0 or rounds >= 1000;
  end loop;
  if picked > 0 then
    raise exception 'case publication: protection did not settle after % rounds', rounds;
  end if;
  update pg_temp.pub_work w set h = true
  from pg_temp.pub_pcell p
  where p.h and not w.h and w.cube = p.cube and w.s = p.s and w.t = p.t and w.c = p.c;
  drop table pg_temp.pub_live, pg_temp.pub_pcell;
  return rounds;
end
$$;
