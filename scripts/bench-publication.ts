/**
 * The case publication in `npm run bench`: for each demo size and backend (PGlite in
 * .bench-data/cases-<size>, and PostgreSQL when --pg-url is given), the time to rebuild the
 * publication (both tiers), and a planner's case reads for three map views from it (what
 * map_layer does now: whole published cells) against the per-request aggregation of raw rows that
 * it replaced (grid cells or units cut by the box, small counts dropped), in the same run.
 */
import { openSession } from '../src/lib/server/embedded/auth';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { EmbeddedBackend } from '../src/lib/server/embedded/backend';
import { demoUserId } from '../src/lib/server/demo/seed';
import { benchDatabase, medianTime } from './bench-timing';

const { values } = parseArgs({
	options: {
		sizes: { type: 'string', default: '100000,1000000' },
		runs: { type: 'string', default: '5' },
		only: { type: 'string' },
		'pg-url': { type: 'string' },
		/** Which backends the publication bench runs on: pglite, postgresql (with --pg-url) or both. */
		backends: { type: 'string', default: 'pglite,postgresql' }
	}
});
const VIEWS = [
	{ name: 'Vietnam, zoom 5', bbox: [98.3, 4.6, 113.3, 27.2], zoom: 5, aggregate: 'admin_unit' },
	{ name: 'Tây Ninh, zoom 8', bbox: [105.7, 10.4, 106.7, 11.95], zoom: 8, aggregate: 'grid' },
	{ name: 'Mộc Bài, zoom 11', bbox: [105.95, 10.94, 106.35, 11.18], zoom: 11, aggregate: 'grid' }
];

/** The per-request aggregation of raw rows the publication replaced (as private.case_aggregates did it). */
const RAW = `select count(*) from (
  select floor(extensions.st_x(c.geom) / $5), floor(extensions.st_y(c.geom) / $5), count(*) as n
  from public.cases c where c.geom && extensions.st_makeenvelope($1, $2, $3, $4, 4326)
    and c.occurred_on between '2025-07-01' and '2025-09-30'
  group by 1, 2 having count(*) >= 3) g`;
const RAW_UNITS = `select count(*) from (
  select c.admin_unit_id, count(*) as n from public.cases c
  where c.geom && extensions.st_makeenvelope($1, $2, $3, $4, 4326) and c.occurred_on between '2025-07-01' and '2025-09-30'
  group by 1 having count(*) >= 3) g`;

/** Corridors the way an exact count makes them: every case of the period by province, crossing and destination. */
const RAW_CORRIDORS = `select count(*) from (
  select u.parent_id, c.crossing_id, c.destination_country, count(*) from public.cases c join public.admin_units u on u.id = c.admin_unit_id
  where c.occurred_on between '2025-07-01' and '2025-09-30' group by 1, 2, 3) g`;

export async function benchPublication(): Promise<string[][]> {
	const runs = Number(values.runs);
	const rows: string[][] = [['cases', 'backend', 'cells', 'rebuild s', 'view', 'publication ms', 'raw rows ms', 'ratio']];
	for (const size of values.sizes.split(',').map(Number)) {
		const backends = values.backends.split(',');
		const targets: { name: string; dataDir: string; databaseUrl?: string }[] = backends.includes('pglite')
			? [{ name: 'PGlite', dataDir: resolve('.bench-data', `cases-${size}`) }]
			: [];
		if (values['pg-url'] && backends.includes('postgresql')) {
			const databaseUrl = await benchDatabase(values['pg-url'], `hotspot_bench_${size}`);
			targets.push({ name: 'PostgreSQL', dataDir: resolve('.bench-data', `pg-${size}`), databaseUrl });
		}
		for (const target of targets) {
			const backend = await EmbeddedBackend.start({
				dataDir: target.dataDir,
				databaseUrl: target.databaseUrl,
				demo: true,
				demoCases: size,
				log: (m) => console.log(`[${size} ${target.name}] ${m}`)
			});
			const db = backend.db;
			const t0 = performance.now();
			await db.query('select private.build_case_publication()');
			const rebuild = (performance.now() - t0) / 1000;
			const cells = (await db.query<{ n: string }>('select count(*)::text as n from private.case_pub_cell')).rows[0]!.n;
			const planner = await demoUserId(db, 'planner');
			const claims = JSON.stringify({ role: 'authenticated', sub: planner, session_id: await openSession(db, planner), app_metadata: { app_role: 'planner' } });
			for (const view of VIEWS) {
				const cell = ((360 / 2 ** view.zoom) * 48) / 256;
				const asPlanner = async () =>
					db.transaction(async (tx) => {
						await tx.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [claims]);
						await tx.query(`select public.map_layer('cases', $1::float8[], $2, $3::jsonb)`, [
							view.bbox,
							view.zoom,
							JSON.stringify({ from: '2025-07-01', to: '2025-09-30' })
						]);
					});
				const raw = () => db.query(view.aggregate === 'grid' ? RAW : RAW_UNITS, view.aggregate === 'grid' ? [...view.bbox, Math.max(0.05, cell)] : view.bbox);
				const published = await medianTime(asPlanner, runs);
				const perRequest = await medianTime(raw, runs);
				rows.push([
					size.toLocaleString('en'),
					target.name,
					cells,
					rebuild.toFixed(1),
					view.name,
					published.toFixed(1),
					perRequest.toFixed(1),
					(published / perRequest).toFixed(2)
				]);
			}
			// Border corridors of the country in the peak campaign: from the publication, against an exact
			// grouping of the raw rows (origin, crossing, destination) in the same run.
			const corridors = async () =>
				db.transaction(async (tx) => {
					await tx.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [claims]);
					await tx.query(`select public.corridor_flows($1::jsonb)`, [JSON.stringify({ from: '2025-07-01', to: '2025-09-30' })]);
				});
			const corridorsPublished = await medianTime(corridors, runs);
			const corridorsRaw = await medianTime(() => db.query(RAW_CORRIDORS), runs);
			rows.push([
				size.toLocaleString('en'),
				target.name,
				cells,
				rebuild.toFixed(1),
				'Corridors, country, peak',
				corridorsPublished.toFixed(1),
				corridorsRaw.toFixed(1),
				(corridorsPublished / corridorsRaw).toFixed(2)
			]);
			await backend.close();
		}
	}
	return rows;
}
