/** The layers of the map, by the name the data API knows them and the key the page uses. */
import type { MapLayerName } from '$lib/supabase/database.types';

export const MAP_LAYERS = [
	'admin_units',
	'border_lines',
	'border_gates',
	'industrial_zones',
	'boarding_houses',
	'outreach',
	'outreach_surface',
	'model_sites',
	'cases'
] as const satisfies readonly MapLayerName[];

/** Layers loaded for the view on each move (the others are small and come with the page). */
export const VIEWPORT_LAYERS = ['industrial_zones', 'boarding_houses', 'outreach', 'outreach_surface', 'model_sites', 'cases'] as const;
export type ViewportLayer = (typeof VIEWPORT_LAYERS)[number];

export type LayerKey =
	| 'choropleth'
	| 'adminUnits'
	| 'borderLines'
	| 'borderGates'
	| 'industrialZones'
	| 'boardingHouses'
	| 'outreach'
	| 'outreachSurface'
	| 'modelSites'
	| 'cases';

export const LAYER_KEYS: LayerKey[] = [
	'borderLines',
	'borderGates',
	'industrialZones',
	'boardingHouses',
	'cases',
	'outreach',
	'outreachSurface',
	'modelSites',
	'adminUnits',
	'choropleth'
];

export const VIEWPORT_LAYER_OF: Partial<Record<LayerKey, ViewportLayer>> = {
	industrialZones: 'industrial_zones',
	boardingHouses: 'boarding_houses',
	outreach: 'outreach',
	outreachSurface: 'outreach_surface',
	modelSites: 'model_sites',
	cases: 'cases'
};

export const DEFAULT_VISIBLE: Record<LayerKey, boolean> = {
	choropleth: false,
	adminUnits: true,
	borderLines: true,
	borderGates: true,
	industrialZones: true,
	boardingHouses: true,
	outreach: false,
	outreachSurface: false,
	modelSites: false,
	cases: true
};

export const DEFAULT_OPACITY = 0.85;

/**
 * The box to load for a view: the view padded by half its size on each side (clamped to the
 * world), so small pans are served by what is already loaded.
 */
export function paddedBounds([w, s, e, n]: [number, number, number, number]): [number, number, number, number] {
	const dx = (e - w) / 2;
	const dy = (n - s) / 2;
	const r = (v: number) => Math.round(v * 1e4) / 1e4;
	return [r(Math.max(-180, w - dx)), r(Math.max(-85, s - dy)), r(Math.min(180, e + dx)), r(Math.min(85, n + dy))];
}

/** True when box a lies inside box b. */
export function within(a: [number, number, number, number], b: [number, number, number, number]): boolean {
	return a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3];
}
