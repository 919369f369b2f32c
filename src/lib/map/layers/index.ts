/**
 * The registry of map layers: every kind the map page can draw, each described once in its own
 * module (see types.ts). Lists the page, the data API and the legend need are derived from here.
 */
import type { MapFilters } from '../filters';
import { activeRange } from '../filters';
import type { LayerFilters, LayerName, MapLayerName } from '$lib/supabase/database.types';
import adminUnits from './admin-units';
import boardingHouses from './boarding-houses';
import borderGates from './border-gates';
import borderLines from './border-lines';
import cases from './cases';
import choropleth from './choropleth';
import industrialZones from './industrial-zones';
import modelSites from './model-sites';
import outreach from './outreach';
import outreachSurface from './outreach-surface';
import type { MapLayerDef } from './types';

/** In the order of the layer panel. */
export const MAP_LAYER_DEFS = [
	borderLines,
	borderGates,
	industrialZones,
	boardingHouses,
	cases,
	outreach,
	outreachSurface,
	modelSites,
	adminUnits,
	choropleth
] as const;

export type LayerKey = (typeof MAP_LAYER_DEFS)[number]['key'];
export type LayerDef = MapLayerDef<LayerKey>;

export const LAYER_KEYS: LayerKey[] = MAP_LAYER_DEFS.map((d) => d.key);
/** Bottom first. */
export const DRAW_ORDER: readonly LayerDef[] = [...MAP_LAYER_DEFS].sort((a, b) => a.drawOrder - b.drawOrder);

/** Layers loaded for the view on each move (/api/map/<api>). */
export const VIEWPORT_DEFS: readonly LayerDef[] = MAP_LAYER_DEFS.filter((d) => d.viewport);
export type ViewportLayer = MapLayerName;

/** Layers small enough to come with the page (layer_geojson), by API name. */
export const PAGE_LAYERS = [...new Set(MAP_LAYER_DEFS.filter((d) => !d.viewport).map((d) => d.api))] as LayerName[];

export const DEFAULT_VISIBLE = Object.fromEntries(MAP_LAYER_DEFS.map((d) => [d.key, d.visibleByDefault])) as Record<LayerKey, boolean>;
export const DEFAULT_OPACITY = 0.85;

/** The descriptor of a deck.gl layer id, its clusters ("-clusters", "-clusters-counts") and case areas ("-areas"). */
export function layerOfDeckId(id: string): LayerDef | undefined {
	const base = id.replace(/(-clusters)?(-counts)?$/, '').replace(/-areas$/, '');
	return MAP_LAYER_DEFS.find((d) => d.id === base);
}

/** The layer_geojson / map_layer filters of a data API layer for the map's filters. */
export function layerFilters(layer: MapLayerName, filters: MapFilters): LayerFilters {
	// A viewport layer's rules; admin_units is also the choropleth's, which takes none.
	const spec = (MAP_LAYER_DEFS as readonly LayerDef[]).find((d) => d.api === layer)?.filters ?? {};
	const out: LayerFilters = {};
	const range = activeRange(filters);
	if (spec.dated && range) Object.assign(out, { from: range.from, to: range.to });
	if (spec.caseTypes && filters.types.length) out.case_type = filters.types;
	if (spec.forms && filters.forms.length) out.form = filters.forms;
	if (spec.unit && filters.unit) out.admin_unit = filters.unit;
	return out;
}
