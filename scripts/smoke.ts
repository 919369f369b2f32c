import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { EmbeddedBackend } from '../src/lib/server/embedded/backend';
const t0 = Date.now();
const b = await EmbeddedBackend.start({ dataDir: '/tmp/smoke-data', demo: true, log: (m) => console.log(Date.now() - t0, m) });
const base = 'http://embedded.local/supabase';
for (const role of ['planner', 'investigator'] as const) {
	const token = await b.demoToken(role);
	const sb = createClient(base, b.anonKey, { global: { fetch: b.fetchFor(base), headers: { Authorization: `Bearer ${token}` } }, auth: { persistSession: false }, realtime: { transport: WebSocket as never } });
	for (const layer of ['admin_units', 'border_lines', 'border_gates', 'industrial_zones', 'boarding_houses', 'outreach', 'model_sites', 'cases']) {
		const t = Date.now();
		const { data, error } = await sb.rpc('layer_geojson', { layer, bbox: [105.5, 10.5, 106.8, 12] });
		console.log(role, layer, error ?? (data as { features: unknown[] }).features.length, Date.now() - t, 'ms');
	}
	const bad = await sb.rpc('layer_geojson', { layer: 'nope' });
	console.log(bad.error, bad.status);
	const bad2 = await sb.rpc('layer_geojson', { layer: 'cases', filters: { from: '2024-13-01' } });
	console.log(bad2.error, bad2.status);
}
const anon = createClient(base, b.anonKey, { global: { fetch: b.fetchFor(base) }, auth: { persistSession: false }, realtime: { transport: WebSocket as never } });
const r = await anon.rpc('layer_geojson', { layer: 'admin_units' });
console.log('anon', r.error, r.status);
await b.close();
