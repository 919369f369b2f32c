/**
 * `npm run bench [-- --sizes 100000,1000000 --runs 5 --only publication --pg-url postgres://… --backends postgresql]`
 * For each demo size: the time of layer_geojson('cases') for a province-sized bbox (Tây Ninh)
 * through the HTTP API (a real HTTP server around the embedded handler, as supabase-js calls it),
 * against the same aggregation written as plain SQL on the same database, in the same run.
 * Then the map's viewport loading: map_layer for a national, a province and a district view at the
 * zoom the map would ask with, against the same answer (grid clusters, points or unit counts) as
 * plain SQL.
 * Then the case publication (issue 16): the time to rebuild it, and the map's case reads from it
 * against the per-request aggregation of raw rows they replace, on PGlite and, with --pg-url, on a
 * PostgreSQL server (a database per size is created there and kept).
 * Then a 100,000-row import, and the map's p95 while one runs (on PGlite and, with --pg-url, on
 * PostgreSQL in a fresh database hotspot_bench_import).
 * Data dirs are kept in .bench-data/ so a second run does not regenerate them.
 */
import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { EmbeddedBackend } from '../src/lib/server/embedded/backend';
import { benchAnalysis, printTable } from './bench-analysis';
import { benchImport } from './bench-import';
import { benchPublication } from './bench-publication';
import { medianTime, serveOverHttp } from './bench-timing';
import { benchLoad } from './bench-load';

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
if (values.only !== undefined && !['api', 'load', 'analysis', 'import', 'publication'].includes(values.only)) {
	console.error('--only takes "api", "load", "analysis", "import" or "publication"');
	process.exit(2);
}
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const TAY_NINH = [105.7, 10.4, 106.7, 11.95];
/** Views the map asks for: what is in view (padded as the page pads it) at the page's zoom step. */
const VIEWS = [
	{ name: 'Vietnam, zoom 5', bbox: [98.3, 4.6, 113.3, 27.2], zoom: 5 },
	{ name: 'Tây Ninh, zoom 8', bbox: TAY_NINH, zoom: 8 },
	{ name: 'Mộc Bài, zoom 11', bbox: [105.95, 10.94, 106.35, 11.18], zoom: 11 }
];

const time = (fn: () => Promise<unknown>) => medianTime(fn, runs);

const rows: string[][] = [['cases', 'role / query', 'features', 'HTTP API ms', 'raw SQL ms', 'ratio']];
const viewRows: string[][] = [['cases', 'view', 'role', 'mode', 'features', 'in view', 'HTTP API ms', 'raw SQL ms', 'ratio']];

/** The baseline of a map_layer('cases') answer: the same result as plain SQL by the database owner. */
function rawViewSql(mode: string): string {
	const envelope = 'extensions.st_makeenvelope($1, $2, $3, $4, 4326)';
	if (mode === 'clusters')
		return `select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object('type', 'Feature',
		          'geometry', jsonb_build_object('type', 'Point', 'coordinates', jsonb_build_array(round(g.x::numeric, 5), round(g.y::numeric, 5))),
		          'properties', jsonb_build_object('count', g.n, 'weight', g.w))), '[]'))::text
		        from (select count(*) as n, sum(c.victims_female + c.victims_male) as w, avg(extensions.st_x(c.geom)) as x, avg(extensions.st_y(c.geom)) as y
		              from public.cases c where c.geom && ${envelope} and $5::float8 > 0
		              group by floor(extensions.st_x(c.geom) / $5::float8), floor(extensions.st_y(c.geom) / $5::float8)) g`;
	// Every property map_layer gives an investigator's point, with the unit's code and name (before
	// 2026-12-02 this baseline built three of them and no join: not the same answer).
	if (mode === 'features')
		return `select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
		          'type', 'Feature', 'id', c.id, 'geometry', extensions.st_asgeojson(c.geom, 6)::jsonb,
		          'properties', jsonb_build_object('case_type', c.case_type, 'occurred_on', c.occurred_on,
		            'status', c.status, 'location_precision', c.location_precision,
		            'victims', c.victims_female + c.victims_male, 'victims_female', c.victims_female,
		            'victims_under_16', c.victims_under_16, 'victims_16_17', c.victims_16_17,
		            'destination_country', c.destination_country, 'admin_unit', u.code, 'unit_name', u.name,
		            'is_demo', c.is_demo))), '[]'))::text
		        from public.cases c join public.admin_units u on u.id = c.admin_unit_id
		        where c.geom && ${envelope} and $5::float8 > 0`;
	return `select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
	          'type', 'Feature', 'geometry', extensions.st_asgeojson(u.geom, 5)::jsonb,
	          'properties', jsonb_build_object('count', g.n, 'admin_unit', u.code, 'name', u.name))), '[]'))::text
	        from (select c.admin_unit_id, count(*) as n from public.cases c
	              where c.geom && ${envelope} and $5::float8 > 0 group by 1 having count(*) >= 3) g
	        join public.admin_units u on u.id = g.admin_unit_id`;
}
let loadRows: string[][] = [];
for (const size of values.only === undefined || values.only === 'api' || values.only === 'load' ? sizes : []) {
	const dataDir = resolve('.bench-data', `cases-${size}`);
	const startedAt = performance.now();
	const backend = await EmbeddedBackend.start({
		dataDir,
		demo: true,
		demoCases: size,
		log: (m) => console.log(`[${size}] ${m}`)
	});
	const info = await backend.demoInfo();
	if (info?.cases !== size) throw new Error(`${dataDir} holds ${info?.cases} cases, not ${size}: delete it and run again`);
	console.log(`[${size}] ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);

	const { base, close } = await serveOverHttp(backend);

	if (values.only === 'load' || (values.only === undefined && size === sizes[0])) loadRows = await benchLoad(backend, base);
	for (const role of values.only === 'load' ? [] : (['planner', 'investigator'] as const)) {
		const token = await backend.demoToken(role);
		let features = 0;
		const http = await time(async () => {
			const response = await fetch(`${base}/rest/v1/rpc/layer_geojson`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', apikey: backend.anonKey, authorization: `Bearer ${token}` },
				body: JSON.stringify({ layer: 'cases', bbox: TAY_NINH })
			});
			if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
			features = ((await response.json()) as { features: unknown[] }).features.length;
		});
		// The baseline: the same result written as plain SQL, run by the database owner.
		const raw =
			role === 'planner'
				? `select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
				     'type', 'Feature', 'geometry', extensions.st_asgeojson(u.geom, 5)::jsonb,
				     'properties', jsonb_build_object('count', g.n, 'admin_unit', u.code, 'name', u.name))), '[]'))::text
				   from (select c.admin_unit_id, count(*) as n from public.cases c
				         where c.geom && extensions.st_makeenvelope($1, $2, $3, $4, 4326) group by 1 having count(*) >= 3) g
				   join public.admin_units u on u.id = g.admin_unit_id`
				: `select jsonb_build_object('type', 'FeatureCollection', 'features', coalesce(jsonb_agg(jsonb_build_object(
				     'type', 'Feature', 'id', c.id, 'geometry', extensions.st_asgeojson(c.geom, 6)::jsonb,
				     'properties', jsonb_build_object('case_type', c.case_type, 'occurred_on', c.occurred_on, 'status', c.status))), '[]'))::text
				   from public.cases c where c.geom && extensions.st_makeenvelope($1, $2, $3, $4, 4326)`;
		const sql = await time(() => backend.db.query(raw, TAY_NINH));
		rows.push([
			size.toLocaleString('en'),
			`${role} (${role === 'planner' ? 'aggregates' : 'exact points'})`,
			String(features),
			http.toFixed(1),
			sql.toFixed(1),
			(http / sql).toFixed(2)
		]);
	}
	// Viewport loading as the map does it (map_layer through the same HTTP API).
	for (const view of values.only === 'load' ? [] : VIEWS) {
		for (const role of ['planner', 'investigator'] as const) {
			const token = await backend.demoToken(role);
			let answer = { mode: '', total: 0, features: [] as unknown[], cell_deg: 0 };
			const http = await time(async () => {
				const response = await fetch(`${base}/rest/v1/rpc/map_layer`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', apikey: backend.anonKey, authorization: `Bearer ${token}` },
					body: JSON.stringify({ layer: 'cases', bbox: view.bbox, zoom: view.zoom, max_features: 3000 })
				});
				if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
				answer = (await response.json()) as typeof answer;
			});
			const sql = await time(() => backend.db.query(rawViewSql(answer.mode), [...view.bbox, answer.cell_deg || 1]));
			viewRows.push([
				size.toLocaleString('en'),
				view.name,
				role,
				answer.mode,
				String(answer.features.length),
				String(answer.total),
				http.toFixed(1),
				sql.toFixed(1),
				(http / sql).toFixed(2)
			]);
		}
	}
	close();
	await backend.close();
}

if (values.only === undefined || values.only === 'api') {
	printTable(
		`layer_geojson('cases', Tây Ninh bbox ${JSON.stringify(TAY_NINH)}), median of ${runs} runs, embedded PGlite (${join('.bench-data')})`,
		rows,
		[0, 1]
	);
	printTable(`Viewport loading: map_layer('cases', view, zoom, max_features 3000), median of ${runs} runs`, viewRows, [0, 1, 2, 3]);
}
if (loadRows.length)
	printTable(`Load (issue 21): the map during a heavy analysis, and bytes on the wire (${sizes[0]!.toLocaleString('en')} cases)`, loadRows, [0]);
if (values.only === undefined || values.only === 'publication') {
	printTable(
		`Case publication: rebuild, and map reads from it vs per-request aggregation of raw rows (planner, median of ${runs})`,
		await benchPublication(),
		[0, 1]
	);
}
if (values.only === undefined || values.only === 'analysis') printTable('Analysis engine (same run)', await benchAnalysis());
if (values.only === undefined || values.only === 'import') {
	printTable(
		'Import of a 100,000-row boarding-house file (read, check, commit all-or-nothing via the API) vs one plain INSERT',
		await benchImport(values['pg-url']),
		[0]
	);
}
