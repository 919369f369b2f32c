/**
 * What one kind of map layer is: a descriptor holding everything the app knows about it — its key in
 * links, its name in the data API, its deck.gl id, its label, panel swatch, legend, tooltip, filters
 * and the deck.gl layers that draw it. The registry (index.ts) lists the descriptors; the map page,
 * legend, tooltips, data API routes and filters derive from it. A new layer is one module here plus
 * its SQL (layer_geojson / map_layer).
 */
import type { Layer } from '@deck.gl/core';
import type { Locale, MessageKey } from '$lib/i18n/messages';
import { formatDate, formatNumber } from '$lib/i18n/format';
import type { LayerCollection, MapLayerName, UnitIndicators, ViewCollection } from '$lib/supabase/database.types';
import type { Props, Show } from '$lib/layers/features';
import { LOCATION_SOURCES, LOCATION_SOURCE_NAMES } from '$lib/records/kinds';
import type { Classes, Indicator } from '../indicators';
import type { LegendEntry } from '../legend';

/** A layer's features as the data API answers them (viewport answers carry mode, aggregate, total…). */
export type LayerData = LayerCollection & Partial<Pick<ViewCollection, 'mode' | 'total'>>;

/** What a tooltip and a click popup say about a feature: a title and labelled rows. */
export interface Description {
	title: string;
	rows: [string, string][];
	/** True for grid clusters: the popup offers to zoom in. */
	cluster: boolean;
}

/** The choropleth as the page has it: the indicator, its classes and each unit's value. */
export interface ChoroplethState {
	level: 'province' | 'district';
	indicator: Indicator;
	classes: Classes | null;
	values: Map<string, number | null>;
	figures: { units: UnitIndicators[]; suppression_k: number } | null;
}

/** What the descriptors' functions may read of the page. */
export interface LayerContext {
	t: (key: MessageKey) => string;
	locale: Locale;
	/** Cases are drawn as exact points (an investigator who has not asked for grid cells). */
	exactCases: boolean;
	choropleth: ChoroplethState | null;
}

/** The small sample beside a layer's name in the panel. */
export type PanelSwatch =
	| { kind: 'dot' | 'fill'; color: string }
	| { kind: 'lines'; colors: string[] }
	| { kind: 'ramp'; colors: string[] }
	| { kind: 'icon'; icon: string }
	| { kind: 'outline' };

/** A layer's part of the legend. Layers of one group (sites, border) share a section. */
export interface LegendPart {
	entries: LegendEntry[];
	title?: string;
	note?: string;
}

export interface MapLayerDef<K extends string = string> {
	/** Key in the page's state, in links (?layers=) and in test ids. */
	key: K;
	/** The data API layer it draws (map_layer / layer_geojson). */
	api: MapLayerName;
	/** deck.gl id; clusters add "-clusters", case areas "-areas". */
	id: string;
	/** Loaded for each view from /api/map/<api>; otherwise it comes with the page. */
	viewport: boolean;
	visibleByDefault: boolean;
	/** The panel offers an opacity slider. */
	opacity: boolean;
	/** Which map filters reach its data: the period/time step, case types, outreach forms, the unit. */
	filters: { dated?: boolean; caseTypes?: boolean; forms?: boolean; unit?: boolean };
	/** Lower draws first (underneath). */
	drawOrder: number;
	/** Its name (tooltips of its clusters, the legend). */
	name: MessageKey;
	/** Its name in the panel when that depends on the view (cases: points or counts); else name. */
	label?: (ctx: LayerContext) => string;
	swatch: (ctx: LayerContext) => PanelSwatch;
	/** The figure beside a page layer's name (viewport layers show what is in view). */
	count?: (data: LayerData | undefined, ctx: LayerContext) => number | null;
	deck: (data: LayerData, show: Show, ctx: LayerContext) => Layer | Layer[];
	describe?: (p: Props, ctx: LayerContext) => Description | null;
	/** Drawn as grid clusters when zoomed out; weight: what a cluster's weight counts. */
	clusters?: { weight?: MessageKey };
	legend?: { order: number; group?: 'sites' | 'border'; part: (data: LayerData | undefined, ctx: LayerContext) => LegendPart | null };
}

/** A layer's name in the panel. */
export const layerLabel = (def: MapLayerDef, ctx: LayerContext) => def.label?.(ctx) ?? ctx.t(def.name);

/** Keeps a descriptor's key as a literal type, so the registry's keys form a union. */
export const defineLayer = <const K extends string>(def: MapLayerDef<K>): MapLayerDef<K> => def;

/** Shared pieces of descriptions. */
export const num = (v: unknown, locale: Locale) => formatNumber(Number(v ?? 0), locale);
/** A stored day (YYYY-MM-DD) as dd/mm/yyyy; '' when there is none. */
export const day = (v: unknown, locale: Locale) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v, locale) : '');
export const codeLabel = (t: LayerContext['t'], prefix: string, v: unknown) => t(`${prefix}${String(v)}` as MessageKey) ?? String(v);
export const unitRow = (p: Props, t: LayerContext['t']): [string, string][] => (p.unit_name ? [[t('unit'), String(p.unit_name)]] : []);
export const demoRow = (p: Props, t: LayerContext['t']): [string, string][] => (p.is_demo ? [[t('demoRecord'), '✓']] : []);
/** Where a site's point came from (GPS with its accuracy, the map, typed, the commune centre only). */
export const placeRow = (p: Props, t: LayerContext['t'], locale: LayerContext['locale']): [string, string][] => {
	const source = LOCATION_SOURCES.find((s) => s === p.location_source);
	if (!source) return [];
	const accuracy = typeof p.location_accuracy_m === 'number' ? ` ± ${Math.round(p.location_accuracy_m)} m` : '';
	return [[t('locationSource'), `${LOCATION_SOURCE_NAMES[source][locale]}${accuracy}`]];
};
