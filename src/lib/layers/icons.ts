import { MODEL_SITE_COLORS, rgbCss } from './colors';

/** Size of one icon in the atlas, in pixels. */
const SIZE = 64;
export { MODEL_SITE_KINDS as MODEL_SITE_ICON_KINDS } from '$lib/vocabulary';
import { MODEL_SITE_KINDS as MODEL_SITE_ICON_KINDS } from '$lib/vocabulary';

export interface IconMappingEntry {
	x: number;
	y: number;
	width: number;
	height: number;
	anchorY: number;
	mask: boolean;
}

/** Where each kind's icon sits in the atlas. */
export const MODEL_SITE_ICON_MAPPING: Record<string, IconMappingEntry> = Object.fromEntries(
	MODEL_SITE_ICON_KINDS.map((kind, i) => [kind, { x: i * SIZE, y: 0, width: SIZE, height: SIZE, anchorY: SIZE / 2, mask: false }])
);

/** Draws the white pictogram of a kind centred on (0, 0) in a 64-px box. */
function pictogram(g: CanvasRenderingContext2D, kind: string) {
	g.fillStyle = '#fff';
	g.strokeStyle = '#fff';
	g.lineWidth = 4;
	g.lineJoin = 'round';
	g.beginPath();
	switch (kind) {
		case 'peaceful_house': // a house: roof and walls with a door
			g.moveTo(-15, -1);
			g.lineTo(0, -15);
			g.lineTo(15, -1);
			g.lineTo(11, -1);
			g.lineTo(11, 14);
			g.lineTo(3, 14);
			g.lineTo(3, 5);
			g.lineTo(-3, 5);
			g.lineTo(-3, 14);
			g.lineTo(-11, 14);
			g.lineTo(-11, -1);
			g.closePath();
			g.fill();
			break;
		case 'tip_box': // a letter box with its slot
			g.rect(-14, -10, 28, 24);
			g.fill();
			g.fillStyle = rgbCss(MODEL_SITE_COLORS.tip_box!);
			g.fillRect(-9, -4, 18, 4);
			break;
		case 'hotline_point': // "111" in a speech bubble
			g.font = 'bold 19px "Be Vietnam Pro", "DejaVu Sans", sans-serif';
			g.textAlign = 'center';
			g.textBaseline = 'middle';
			g.fillText('111', 0, 1);
			break;
		default: // support centre: a cross
			g.rect(-4.5, -14, 9, 28);
			g.rect(-14, -4.5, 28, 9);
			g.fill();
	}
}

let atlas: HTMLCanvasElement | null = null;

/**
 * The model-site icons drawn once on a canvas in the browser: coloured discs with a white
 * pictogram. No image file or request is needed, so the map works air-gapped.
 */
export function modelSiteAtlas(): HTMLCanvasElement {
	if (atlas) return atlas;
	const canvas = document.createElement('canvas');
	canvas.width = SIZE * MODEL_SITE_ICON_KINDS.length;
	canvas.height = SIZE;
	const g = canvas.getContext('2d')!;
	MODEL_SITE_ICON_KINDS.forEach((kind, i) => {
		g.save();
		g.translate(i * SIZE + SIZE / 2, SIZE / 2);
		g.beginPath();
		g.arc(0, 0, SIZE / 2 - 3, 0, 2 * Math.PI);
		g.fillStyle = rgbCss(MODEL_SITE_COLORS[kind]!);
		g.fill();
		g.lineWidth = 3;
		g.strokeStyle = '#fff';
		g.stroke();
		pictogram(g, kind);
		g.restore();
	});
	atlas = canvas;
	return canvas;
}

/** Svelte action: draws the icon of a kind onto a small canvas (for legends). */
export function drawIcon(canvas: HTMLCanvasElement, kind: string) {
	const paint = (k: string) => {
		const i = MODEL_SITE_ICON_KINDS.indexOf(k as (typeof MODEL_SITE_ICON_KINDS)[number]);
		const g = canvas.getContext('2d');
		if (i < 0 || !g) return;
		g.clearRect(0, 0, canvas.width, canvas.height);
		g.drawImage(modelSiteAtlas(), i * SIZE, 0, SIZE, SIZE, 0, 0, canvas.width, canvas.height);
	};
	paint(kind);
	return { update: paint };
}
