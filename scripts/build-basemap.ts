/**
 * Writes static/basemap/countries.geojson: Natural Earth 1:50m countries (world-atlas, public
 * domain) around mainland Southeast Asia, for the air-gapped basemap. Run by `npm run build`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import turfBbox from '@turf/bbox';
import { worldGeometry } from '../src/lib/geo/world';

const EXTENT = [85, -5, 130, 36] as const;
const world = worldGeometry();
const round = (v: number) => Math.round(v * 1e4) / 1e4;
const roundCoords = (c: unknown): unknown => (typeof c === 'number' ? round(c) : (c as unknown[]).map(roundCoords));

const features = world.countries.features
	.filter((f) => {
		const [w, s, e, n] = turfBbox(f);
		return e >= EXTENT[0] && w <= EXTENT[2] && n >= EXTENT[1] && s <= EXTENT[3];
	})
	.map((f) => ({
		type: 'Feature' as const,
		id: Number(f.id),
		properties: { iso_n3: String(f.id), name: f.properties.name },
		geometry: { type: f.geometry.type, coordinates: roundCoords(f.geometry.coordinates) }
	}));

mkdirSync('static/basemap', { recursive: true });
writeFileSync('static/basemap/countries.geojson', JSON.stringify({ type: 'FeatureCollection', features }));
console.log(`basemap: ${features.length} countries written to static/basemap/countries.geojson`);
