import { TextLayer } from '@deck.gl/layers';
import { labelPoint } from '$lib/geo/label-point';
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

/** Names of the units of a level inside them, for the zooms where they fit: provinces from zoom 6, districts from zoom 8.5. */
export function unitLabels(units: FeatureCollection<Geometry, Record<string, unknown>>, zoom: number): Label[] {
	const levels = zoom >= 8.5 ? ['province', 'district'] : zoom >= 6 ? ['province'] : [];
	return units.features.flatMap((f) => {
		if (!levels.includes(String(f.properties.level))) return [];
		const at = labelPoint(f.geometry);
		if (!at) return [];
		const province = f.properties.level === 'province';
		return [{ text: String(f.properties.name), at, size: province ? 13 : 11, kind: province ? ('province' as const) : ('district' as const) }];
	});
}

/** Which label stays when two would overlap: countries and archipelagos, then provinces, then districts. */
const PRIORITY: Record<Label['kind'], number> = { country: 2, province: 1, district: 0 };

/** Web Mercator world pixels (512-pixel tiles, as MapLibre) of a point at a zoom. */
function worldPixels([lon, lat]: [number, number], zoom: number): [number, number] {
	const scale = 512 * 2 ** zoom;
	const sin = Math.sin((Math.max(-85, Math.min(85, lat)) * Math.PI) / 180);
	return [((lon + 180) / 360) * scale, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale];
}

/**
 * The labels that fit at a zoom, placed greedily: the more important first (countries, then
 * provinces, then districts; a longer name of a kind after a shorter one's rival is dropped), each
 * kept only if its box (estimated from its letters) clears the boxes kept before it and the
 * `obstacles` (cluster circles, in pixels around their point). Nothing piles up, nothing hides
 * under a cluster; the same view always shows the same names.
 */
export function declutter(labels: Label[], zoom: number, obstacles: { at: [number, number]; radius: number }[] = [], pad = 3): Label[] {
	type Box = [number, number, number, number];
	const boxOf = (label: Label): Box => {
		const [x, y] = worldPixels(label.at, zoom);
		const lines = label.text.split('\n');
		const w = (Math.max(...lines.map((l) => l.length)) * label.size * 0.58) / 2 + pad;
		const h = (lines.length * label.size * 1.25) / 2 + pad;
		return [x - w, y - h, x + w, y + h];
	};
	const meets = (a: Box, b: Box) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
	const blocked: Box[] = obstacles.map((o) => {
		const [x, y] = worldPixels(o.at, zoom);
		return [x - o.radius, y - o.radius, x + o.radius, y + o.radius];
	});
	const order = labels
		.map((label, i) => ({ label, i }))
		.sort((a, b) => PRIORITY[b.label.kind] - PRIORITY[a.label.kind] || a.label.text.length - b.label.text.length || a.i - b.i);
	const kept: { label: Label; i: number }[] = [];
	const boxes: Box[] = [];
	for (const item of order) {
		const box = boxOf(item.label);
		// Countries and archipelagos are always named; the rest only where there is room.
		if (item.label.kind !== 'country' && (blocked.some((b) => meets(box, b)) || boxes.some((b) => meets(box, b)))) continue;
		kept.push(item);
		boxes.push(box);
	}
	return kept.sort((a, b) => a.i - b.i).map((k) => k.label);
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
