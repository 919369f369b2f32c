import { interpolateGnBu, interpolateOrRd, interpolateYlOrRd } from 'd3-scale-chromatic';
import { color } from 'd3-color';
import { sequentialColor, type LegendEntry } from '$lib/map/legend';

/** Colours shared by the map layers and their legends (RGB). */
export type Rgb = [number, number, number];

/** Border colour per neighbour country: distinct for readers with colour-vision deficiency. */
export const COUNTRY_COLORS: Record<string, Rgb> = {
	LA: [0, 114, 178],
	KH: [213, 94, 0],
	CN: [204, 121, 167]
};

export const GATE_CLASS_RADIUS: Record<string, number> = { international: 7, main: 5.5, secondary: 4.5 };

export const INDUSTRIAL_ZONE_COLOR: Rgb = [120, 94, 160];
export const BOARDING_HOUSE_COLOR: Rgb = [230, 159, 0];
export const ADMIN_UNIT_LINE: Rgb = [110, 110, 110];

export const rgbCss = ([r, g, b]: Rgb, alpha = 1) => `rgba(${r}, ${g}, ${b}, ${alpha})`;

/** Outreach forms (Okabe–Ito palette, readable with colour-vision deficiency). */
export const OUTREACH_COLORS: Record<string, Rgb> = {
	meeting: [0, 114, 178],
	loudspeaker: [86, 180, 233],
	poster: [0, 158, 115],
	leaflet: [240, 228, 66],
	sms: [230, 159, 0],
	social_media: [204, 121, 167],
	school_talk: [213, 94, 0]
};

export const MODEL_SITE_COLORS: Record<string, Rgb> = {
	peaceful_house: [0, 158, 115],
	tip_box: [0, 114, 178],
	hotline_point: [213, 94, 0],
	support_centre: [204, 121, 167]
};

export const CASE_POINT_COLOR: Rgb = [185, 28, 28];

/** ArcGIS Hot Spot Analysis colours: hot 99/95/90 %, not significant, cold 90/95/99 %. */
export const GI_CLASS_COLORS: Record<string, Rgb> = {
	'3': [215, 48, 39],
	'2': [252, 141, 89],
	'1': [254, 224, 144],
	'0': [238, 238, 238],
	'-1': [224, 243, 248],
	'-2': [145, 191, 219],
	'-3': [69, 117, 180]
};

/** Sequential ramps (square root, from 0 to the largest value in view) of the count layers. */
export const CASES_RAMP = interpolateOrRd;
export const SURFACE_RAMP = interpolateGnBu;
export const DENSITY_RAMP = interpolateYlOrRd;

/** A unit whose choropleth value is hidden (suppressed, or too small a base). */
export const CHOROPLETH_SUPPRESSED: Rgb = [190, 190, 190];

/** Radius (pixels) of a snapped case circle of `count` cases when the largest in view holds `most`. */
export const snappedRadius = (count: number, most: number) => 5 + 17 * Math.sqrt(count / Math.max(1, most));

/** The largest value of a numeric property in a collection (0 when empty). */
export const maxOf = (data: { features: { properties: Record<string, unknown> | null }[] } | undefined, property: string) =>
	(data?.features ?? []).reduce((most, f) => Math.max(most, Number(f.properties?.[property]) || 0), 0);

/** The legend's sequential scale (square root, so small values stay distinguishable) as deck.gl colours. */
export function sequentialRgba(interpolator: (t: number) => string, max: number, alpha: number) {
	const colorOf = sequentialColor(interpolator, max);
	return (n: number): [number, number, number, number] => {
		const c = color(colorOf(n))!.rgb();
		return [c.r, c.g, c.b, alpha];
	};
}

/** The fill of an area layer shaded by a count property: the sequential scale from 0 to the largest in view (at least 1). */
export function rampFill(data: Parameters<typeof maxOf>[0], interpolator: (t: number) => string, property: string, alpha: number) {
	const fill = sequentialRgba(interpolator, Math.max(1, maxOf(data, property)), alpha);
	return (f: { properties: Record<string, unknown> | null }) => fill(Number(f.properties?.[property]) || 0);
}

/** Three colours of a ramp for a small sample of it (the layer panel). */
export const rampSwatch = (interpolator: (t: number) => string) => [0.05, 0.5, 1].map(interpolator);

/** One dot per entry of a palette (outreach forms, model-site kinds), labelled by code. */
export const paletteLegend = (colors: Record<string, Rgb>, label: (code: string) => string, size: number): LegendEntry[] =>
	Object.entries(colors).map(([code, c]) => ({ swatch: { shape: 'dot', color: rgbCss(c), size }, label: label(code) }));
