import type { ExpressionSpecification, FilterSpecification, LayerSpecification, VectorSourceSpecification } from 'maplibre-gl';

/**
 * An offline vector basemap an admin installed (a PMTiles file: an OpenStreetMap extract in the
 * OpenMapTiles or Protomaps schema, or a province's own base map), as the pages receive it. The
 * server serves its tiles from /basemap/tiles; the style below draws whatever the file holds by what
 * its layers are (water, roads, places…), so a schema this app has never seen still shows.
 */
export interface InstalledBasemap {
	/** Changes with every install: part of the tile URLs, so browsers never mix two files' tiles. */
	version: string;
	/** The file name the admin installed, or the name in its metadata. */
	name: string;
	minZoom: number;
	maxZoom: number;
	/** [west, south, east, north] */
	bounds: [number, number, number, number];
	attribution: string;
	layers: { id: string; role: BasemapRole }[];
}

/** What a vector layer of the file is drawn as. */
export type BasemapRole = 'water' | 'waterway' | 'landuse' | 'building' | 'road' | 'boundary' | 'place' | 'land' | 'other';

const ROLE_PATTERNS: [BasemapRole, RegExp][] = [
	['waterway', /waterway|river|stream|song|suoi/i],
	['water', /water|ocean|lake|sea|ho_|^ho$/i],
	['building', /building|nha/i],
	['road', /road|transport|highway|street|duong|giao_?thong/i],
	['boundary', /boundar|admin|ranh_?gioi/i],
	['place', /place|label|settlement|commune|village|xa_|dia_?danh|poi/i],
	['land', /^earth$|^land$|coastline/i],
	['landuse', /landuse|landcover|park|forest|natural|rung/i]
];

/** The role of a vector layer, from its id (OpenMapTiles, Protomaps and plain Vietnamese names). */
export function layerRole(id: string): BasemapRole {
	return ROLE_PATTERNS.find(([, pattern]) => pattern.test(id))?.[0] ?? 'other';
}

/** The tile source of an installed basemap (vector tiles served by this app). */
export function installedSource(basemap: InstalledBasemap): VectorSourceSpecification {
	return {
		type: 'vector',
		tiles: [`/basemap/tiles/{z}/{x}/{y}?v=${encodeURIComponent(basemap.version)}`],
		minzoom: basemap.minZoom,
		maxzoom: basemap.maxZoom,
		bounds: basemap.bounds,
		attribution: basemap.attribution
	};
}

const POLYGON: FilterSpecification = ['==', ['geometry-type'], 'Polygon'];
const LINE: FilterSpecification = ['==', ['geometry-type'], 'LineString'];
const POINT: FilterSpecification = ['==', ['geometry-type'], 'Point'];
/** kind (Protomaps) or class (OpenMapTiles) or type (most home-made files). */
const KIND: ExpressionSpecification = ['coalesce', ['get', 'kind'], ['get', 'class'], ['get', 'type'], ''];
const NAME: ExpressionSpecification = [
	'coalesce',
	['get', 'name:vi'],
	['get', 'name_vi'],
	['get', 'name'],
	['get', 'ten'],
	['get', 'TEN'],
	['get', 'Name'],
	''
];
const MAJOR_ROADS = ['highway', 'motorway', 'trunk', 'major_road', 'primary'];
const MID_ROADS = ['secondary', 'tertiary', 'medium_road'];
const BIG_PLACES = ['city', 'town', 'locality', 'region', 'state', 'county'];

/**
 * Style layers for an installed basemap, in two groups: `under` goes between the land and the
 * country outlines (so Vietnam's border and the archipelagos stay on top), `labels` above them.
 * The labels' font is the page's own (Be Vietnam Pro), drawn by the browser: no glyph server.
 */
export function installedLayers(basemap: InstalledBasemap): { under: LayerSpecification[]; labels: LayerSpecification[] } {
	const under: LayerSpecification[] = [];
	const labels: LayerSpecification[] = [];
	const base = (id: string) => ({ id: `installed-${id}`, source: 'installed', 'source-layer': id });
	// Drawn in this order whatever order the file lists its layers in.
	const order: BasemapRole[] = ['land', 'landuse', 'water', 'waterway', 'building', 'boundary', 'road', 'other', 'place'];
	const layers = [...basemap.layers].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
	for (const { id, role } of layers) {
		switch (role) {
			case 'land':
				break; // the bundled countries already draw the land
			case 'landuse':
				under.push({ ...base(id), type: 'fill', filter: POLYGON, paint: { 'fill-color': '#e3ecd6', 'fill-opacity': 0.6 } });
				break;
			case 'water':
				under.push({ ...base(id), type: 'fill', filter: POLYGON, paint: { 'fill-color': '#bcd6e8' } });
				under.push({ ...base(id), id: `installed-${id}-lines`, type: 'line', filter: LINE, paint: { 'line-color': '#9cc3de', 'line-width': 1.2 } });
				break;
			case 'waterway':
				under.push({
					...base(id),
					type: 'line',
					filter: LINE,
					paint: { 'line-color': '#9cc3de', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 0.6, 14, 2.5] }
				});
				break;
			case 'building':
				under.push({ ...base(id), type: 'fill', minzoom: 14, filter: POLYGON, paint: { 'fill-color': '#e0dbd2' } });
				break;
			case 'boundary':
				under.push({ ...base(id), type: 'line', filter: LINE, paint: { 'line-color': '#b9a7c4', 'line-width': 0.8, 'line-dasharray': [3, 2] } });
				break;
			case 'road':
				under.push({
					...base(id),
					type: 'line',
					filter: LINE,
					layout: { 'line-cap': 'round', 'line-join': 'round' },
					paint: {
						'line-color': ['match', KIND, MAJOR_ROADS, '#e8a25c', MID_ROADS, '#f0cf8a', '#c9c4ba'],
						'line-width': [
							'interpolate',
							['linear'],
							['zoom'],
							8,
							['match', KIND, MAJOR_ROADS, 1.4, MID_ROADS, 0.8, 0.3],
							14,
							['match', KIND, MAJOR_ROADS, 5, MID_ROADS, 3.5, 1.8]
						]
					}
				});
				break;
			case 'other':
				under.push({ ...base(id), type: 'fill', filter: POLYGON, paint: { 'fill-color': '#d9d4c7', 'fill-opacity': 0.3 } });
				under.push({ ...base(id), id: `installed-${id}-lines`, type: 'line', filter: LINE, paint: { 'line-color': '#a8a295', 'line-width': 0.8 } });
				break;
			case 'place':
				labels.push({
					...base(id),
					type: 'symbol',
					filter: POINT,
					layout: {
						'text-field': NAME,
						'text-font': ['Be Vietnam Pro'],
						'text-size': ['match', KIND, BIG_PLACES, 13, 11],
						'text-max-width': 8,
						'text-padding': 4,
						// Big places first when labels collide.
						'symbol-sort-key': ['match', KIND, BIG_PLACES, 0, 1]
					},
					paint: { 'text-color': '#4a4f55', 'text-halo-color': '#fdfbf5', 'text-halo-width': 1.4 }
				});
				break;
		}
	}
	return { under, labels };
}
