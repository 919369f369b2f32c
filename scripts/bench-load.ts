/**
 * Issue 21's load figures, on the embedded backend of the first size:
 * - the map's p95 while a heavy analysis step (a country-scale Gi*) runs, against the idle p95: the
 *   step in a worker thread (how the app runs it) and, as the baseline, on the event loop (as it
 *   ran before);
 * - the map's p95 while the publisher rebuilds the case publication after a change to cases, against
 *   the idle p95;
 * - the bytes on the wire of the map's largest answers: as JSON, Brotli and gzip (hooks: compressed).
 */
import type { EmbeddedBackend } from '../src/lib/server/embedded/backend';
import { giStar } from '../src/lib/analysis/gistar';
import { scatter } from '../src/lib/analysis/testing';
import { giStarOff } from '../src/lib/server/planning/compute';
import { compressed } from '../src/lib/server/http/compress';
import { mapReadOnce, mapReadsWhile, p95 } from './bench-timing';

export async function benchLoad(backend: EmbeddedBackend, base: string): Promise<string[][]> {
	const token = await backend.demoToken('planner');
	const mapOnce = () => mapReadOnce(base, backend.anonKey, token);
	const mapWhile = (busy: Promise<unknown>) => mapReadsWhile(busy, mapOnce);
	// A Gi* of the size a country-wide grid of fine cells gives (the issue measured 31k cells).
	const points = scatter(
		24_000,
		[
			{ lon: 106.1, lat: 11.2 },
			{ lon: 105.4, lat: 10.4 },
			{ lon: 104.8, lat: 21.4 }
		],
		0.8,
		11
	);
	const values = Float64Array.from(points, (_, i) => (i * 7919) % 17);
	const options = { neighbourhood: { kind: 'distance' as const, bandKm: 30 }, fdr: true };
	// Idle means idle: no publication build running (one starts with the server when the data changed).
	await backend.publisher?.publishNow();
	await mapOnce();
	const idle: number[] = [];
	for (let i = 0; i < 40; i++) idle.push(await mapOnce());
	const worker = await mapWhile(giStarOff(points, values, options));
	// On the loop: the step starts after the first map request is sent, as a request arriving meanwhile would.
	const onLoop = await mapWhile(new Promise((resolve) => setTimeout(() => resolve(giStar(points, values, options)), 5)));
	const rows = [['measure', 'idle', 'as the app runs it', 'ratio', 'as it ran before', 'ratio']];
	// Throughput: planners panning at once (each a request after the other, views in turn), for 10 s.
	const views = [
		{ bbox: [98.3, 4.6, 113.3, 27.2], zoom: 5 },
		{ bbox: [105.7, 10.4, 106.7, 11.95], zoom: 8 },
		{ bbox: [105.95, 10.94, 106.35, 11.18], zoom: 11 }
	];
	const users: string[][] = [['planners at once', 'requests / s', 'p95 ms']];
	for (const planners of [1, 10, 30]) {
		const until = performance.now() + 10_000;
		const latencies: number[] = [];
		await Promise.all(
			Array.from({ length: planners }, async (_, u) => {
				for (let i = u; performance.now() < until; i++) {
					const view = views[i % views.length]!;
					const started = performance.now();
					const response = await fetch(`${base}/rest/v1/rpc/map_layer`, {
						method: 'POST',
						headers: { 'content-type': 'application/json', apikey: backend.anonKey, authorization: `Bearer ${token}` },
						body: JSON.stringify({ layer: 'cases', bbox: view.bbox, zoom: view.zoom, max_features: 3000 })
					});
					await response.arrayBuffer();
					latencies.push(performance.now() - started);
				}
			})
		);
		users.push([String(planners), (latencies.length / 10).toFixed(1), p95(latencies).toFixed(1)]);
	}
	rows.push([
		'map_layer p95 ms during a 24k-cell Gi* (worker | event loop)',
		p95(idle).toFixed(1),
		p95(worker).toFixed(1),
		(p95(worker) / p95(idle)).toFixed(2),
		p95(onLoop).toFixed(1),
		(p95(onLoop) / p95(idle)).toFixed(2)
	]);

	// Bytes on the wire: the investigator's exact points of a province and the planner's country view.
	const investigator = await backend.demoToken('investigator');
	const bodies: [string, string, Record<string, unknown>][] = [
		['layer_geojson cases, Tây Ninh, investigator', investigator, { layer: 'cases', bbox: [105.7, 10.4, 106.7, 11.95] }],
		['layer_geojson admin_units (page data of the map)', token, { layer: 'admin_units' }]
	];
	const wire = [['answer', 'JSON bytes', 'Brotli bytes', 'ratio', 'gzip bytes', 'ratio']];
	for (const [name, who, args] of bodies) {
		const response = await fetch(`${base}/rest/v1/rpc/layer_geojson`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', apikey: backend.anonKey, authorization: `Bearer ${who}` },
			body: JSON.stringify(args)
		});
		const json = await response.text();
		const size = async (encoding: string) => {
			const answer = await compressed(
				new Request('http://bench/', { method: 'POST', headers: { 'accept-encoding': encoding } }),
				new Response(json, { headers: { 'content-type': 'application/json' } })
			);
			return (await answer.arrayBuffer()).byteLength;
		};
		const [br, gz] = [await size('br'), await size('gzip')];
		const bytes = Buffer.byteLength(json);
		wire.push([name, String(bytes), String(br), (bytes / br).toFixed(1), String(gz), (bytes / gz).toFixed(1)]);
	}
	// A change to cases makes the publication stale; the map goes on being read while the publisher
	// rebuilds it (how the app runs it).
	const publisher = backend.publisher;
	if (publisher) {
		await backend.db.query('update public.cases set occurred_on = occurred_on where id = (select id from public.cases limit 1)');
		const builds = publisher.status.builds;
		const rebuilding = await mapWhile(publisher.publishNow());
		const built = publisher.status.builds > builds ? `publisher, ${publisher.status.last?.where}` : 'no build ran';
		rows.push([
			`map_layer p95 ms during a publication rebuild (${built})`,
			p95(idle).toFixed(1),
			p95(rebuilding).toFixed(1),
			(p95(rebuilding) / p95(idle)).toFixed(2),
			'',
			''
		]);
	}
	return [...rows, [], ...users, [], ...wire];
}
