import { TextLayer } from '@deck.gl/layers';
import centroid from '@turf/centroid';
import type { FeatureCollection, Geometry } from 'geojson';
import { ARCHIPELAGOS } from '$lib/map/archipelagos';

export interface Label {
	text: string;
	at: [number, number];
	size: number;
	kind: 'country' | 'province' | 'district';
}

/** Country names placed by hand where they read well around Vietnam. */
const COUNTRIES: { vi: string; en: string; at: [number, number]; size: number }[] = [
	{ vi: 'VIỆT NAM', en: 'VIETNAM', at: [105.9, 19.6], size: 15 },
	{ vi: 'LÀO', en: 'LAOS', at: [103.6, 19.0], size: 14 },
	{ vi: 'CAMPUCHIA', en: 'CAMBODIA', at: [104.8, 12.8], size: 14 },
	{ vi: 'TRUNG QUỐC', en: 'CHINA', at: [106.0, 23.6], size: 14 },
	{ vi: 'THÁI LAN', en: 'THAILAND', at: [101.0, 15.5], size: 13 },
	{ vi: 'MYANMAR', en: 'MYANMAR', at: [97.5, 21.0], size: 13 }
];

/** Country names, and the names of Quần đảo Hoàng Sa and Quần đảo Trường Sa beside their islands. */
export const countryLabels = (locale: 'vi' | 'en'): Label[] => [
	...COUNTRIES.map((c) => ({ text: c[locale], at: c.at, size: c.size, kind: 'country' as const })),
	...ARCHIPELAGOS.map((a) => ({ text: `${a[locale]}\n(${a.province[locale]})`, at: a.labelAt, size: 12, kind: 'country' as const }))
];

/**
 * Names of the units of a level at their centroids (the demo cells are convex, so the centroid lies
 * inside), for the zooms where they fit: provinces from zoom 6, districts from zoom 8.5.
 */
export function unitLabels(units: FeatureCollection<Geometry, Record<string, unknown>>, zoom: number): Label[] {
	const levels = zoom >= 8.5 ? ['province', 'district'] : zoom >= 6 ? ['province'] : [];
	return units.features
		.filter((f) => levels.includes(String(f.properties.level)))
		.map((f) => ({
			text: String(f.properties.name),
			at: centroid(f).geometry.coordinates as [number, number],
			size: f.properties.level === 'province' ? 13 : 11,
			kind: f.properties.level === 'province' ? ('province' as const) : ('district' as const)
		}));
}

/**
 * Labels drawn by deck.gl from a font in the page, so the basemap needs no glyph server and
 * Vietnamese diacritics render as the font draws them.
 */
export function labelsLayer(id: string, labels: Label[], visible = true) {
	return new TextLayer<Label>({
		id,
		data: labels,
		visible,
		characterSet: 'auto',
		fontFamily: '"Be Vietnam Pro", "DejaVu Sans", sans-serif',
		fontWeight: 600,
		getText: (d) => d.text,
		getPosition: (d) => d.at,
		getSize: (d) => d.size,
		getColor: (d) => (d.kind === 'country' ? [90, 90, 90, 220] : d.kind === 'province' ? [40, 40, 40, 230] : [70, 70, 70, 210]),
		outlineWidth: 3,
		outlineColor: [255, 255, 255, 220],
		fontSettings: { sdf: true },
		getTextAnchor: 'middle',
		getAlignmentBaseline: 'center'
	});
}
