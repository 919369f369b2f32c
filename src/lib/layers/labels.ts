import { TextLayer } from '@deck.gl/layers';

export interface Label {
	text: string;
	at: [number, number];
	size: number;
	kind: 'country' | 'province' | 'gate';
}

/** Country names placed by hand where they read well around Vietnam. */
export const COUNTRY_LABELS: Record<'vi' | 'en', Label[]> = {
	vi: [
		{ text: 'VIỆT NAM', at: [105.9, 19.6], size: 15, kind: 'country' },
		{ text: 'LÀO', at: [103.6, 19.0], size: 14, kind: 'country' },
		{ text: 'CAMPUCHIA', at: [104.8, 12.8], size: 14, kind: 'country' },
		{ text: 'TRUNG QUỐC', at: [106.0, 23.6], size: 14, kind: 'country' },
		{ text: 'THÁI LAN', at: [101.0, 15.5], size: 13, kind: 'country' },
		{ text: 'MYANMAR', at: [97.5, 21.0], size: 13, kind: 'country' }
	],
	en: [
		{ text: 'VIETNAM', at: [105.9, 19.6], size: 15, kind: 'country' },
		{ text: 'LAOS', at: [103.6, 19.0], size: 14, kind: 'country' },
		{ text: 'CAMBODIA', at: [104.8, 12.8], size: 14, kind: 'country' },
		{ text: 'CHINA', at: [106.0, 23.6], size: 14, kind: 'country' },
		{ text: 'THAILAND', at: [101.0, 15.5], size: 13, kind: 'country' },
		{ text: 'MYANMAR', at: [97.5, 21.0], size: 13, kind: 'country' }
	]
};

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
		getColor: (d) => (d.kind === 'country' ? [90, 90, 90, 220] : [40, 40, 40, 230]),
		outlineWidth: 3,
		outlineColor: [255, 255, 255, 220],
		fontSettings: { sdf: true },
		getTextAnchor: 'middle',
		getAlignmentBaseline: 'center'
	});
}
