/**
 * Map legends as data: what each drawn layer's colours, sizes and lines mean. One description is
 * drawn twice — as HTML over the live map (MapLegend.svelte) and onto the PNG of a map (slides,
 * presenter pictures, the maps in PDF and Word reports) by paintLegend, with a scale bar — so a
 * picture that leaves the app still says what it shows.
 */
import { scaleSequentialSqrt } from 'd3-scale';
import { color } from 'd3-color';

export type Swatch =
	| { shape: 'fill'; color: string; outline?: string }
	| { shape: 'dot'; color: string; size?: number; outline?: string }
	| { shape: 'line'; color: string; width?: number; dashed?: boolean }
	| { shape: 'ring'; color: string; size?: number };

export interface LegendEntry {
	swatch: Swatch;
	label: string;
}

export interface LegendSection {
	/** Stable id (tests, keys). */
	id: string;
	title: string;
	entries: LegendEntry[];
	note?: string;
}

/**
 * The CSS colour of a sequential square-root scale from 0 to `max` at a value (as the layers draw
 * it). Count layers pass at least 1; a density may run below 1.
 */
export function sequentialColor(interpolator: (t: number) => string, max: number): (value: number) => string {
	const scale = scaleSequentialSqrt(interpolator).domain([0, max > 0 ? max : 1]);
	return (value) => color(scale(value))!.formatHex();
}

/**
 * Entries of a sequential ramp from `min` to `max`: at most `steps` distinct values, whole numbers
 * when the data are counts, labelled with the reader's number format.
 */
export function rampEntries(
	interpolator: (t: number) => string,
	max: number,
	format: (value: number) => string,
	options: { min?: number; steps?: number; whole?: boolean } = {}
): LegendEntry[] {
	const { min = 0, steps = 5, whole = true } = options;
	if (!(max > min)) return [{ swatch: { shape: 'fill', color: sequentialColor(interpolator, Math.max(1, max))(max) }, label: format(max) }];
	const colorOf = sequentialColor(interpolator, Math.max(1, max));
	// Evenly spaced on the square-root scale, as the colours are.
	const values = Array.from({ length: steps }, (_, i) => {
		const at = Math.sqrt(min) + ((Math.sqrt(max) - Math.sqrt(min)) * i) / (steps - 1);
		const v = at * at;
		return whole ? Math.round(v) : v;
	});
	const distinct = values.filter((v, i) => i === 0 || v !== values[i - 1]);
	return distinct.map((v) => ({ swatch: { shape: 'fill', color: colorOf(v) }, label: format(v) }));
}

/**
 * Ground metres per CSS pixel at a latitude and zoom (MapLibre's 512-pixel tiles, Web Mercator).
 */
export const metresPerPixel = (latitude: number, zoom: number) => (40_075_016.686 * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);

/** A scale bar no longer than maxPx: a round length (1, 2 or 5 × 10ⁿ m) and its width in pixels. */
export function scaleBar(mPerPx: number, maxPx: number, formatKm: (km: number) => string): { px: number; label: string } {
	const most = mPerPx * maxPx;
	const power = 10 ** Math.floor(Math.log10(most));
	const metres = [5, 2, 1].map((f) => f * power).find((m) => m <= most) ?? power;
	return { px: metres / mPerPx, label: metres >= 1000 ? `${formatKm(metres / 1000)} km` : `${Math.round(metres)} m` };
}

const FONT = '"Be Vietnam Pro", "DejaVu Sans", sans-serif';

/**
 * Draws the legend (bottom right) and a scale bar (bottom left) onto a map picture's canvas.
 * `scale` is canvas pixels per CSS pixel (the picture's device pixel ratio).
 */
export async function paintLegend(
	ctx: CanvasRenderingContext2D,
	sections: LegendSection[],
	options: { scale: number; bar: { px: number; label: string } | null }
): Promise<void> {
	const s = options.scale;
	const { width, height } = ctx.canvas;
	const pad = 8 * s;
	const size = 12 * s;
	const row = 17 * s;
	await document.fonts?.load(`700 ${size}px ${FONT}`).catch(() => undefined);
	ctx.save();
	ctx.textBaseline = 'middle';
	if (sections.length > 0) {
		type Line = { title: string } | LegendEntry | { note: string };
		const lines: Line[] = sections.flatMap((section): Line[] => [
			{ title: section.title },
			...section.entries,
			...(section.note ? [{ note: section.note }] : [])
		]);
		ctx.font = `400 ${size}px ${FONT}`;
		const maxText = Math.min(
			width * 0.4,
			Math.max(...lines.map((line) => ctx.measureText('title' in line ? line.title : 'note' in line ? line.note : line.label).width))
		);
		const widest = Math.max(16, ...lines.map((line) => ('swatch' in line && 'size' in line.swatch ? (line.swatch.size ?? 0) : 0)));
		const boxWidth = pad * 3 + widest * s + maxText;
		// A big circle (sizes by count) takes the height it needs.
		const heightOf = (line: Line) =>
			'swatch' in line && line.swatch.shape !== 'fill' && line.swatch.shape !== 'line' ? Math.max(row, ((line.swatch.size ?? 0) + 4) * s) : row;
		// Entries that do not fit the height are left out: the picture's title names the layers.
		const shown: Line[] = [];
		let used = 2 * pad;
		for (const line of lines) {
			if (used + heightOf(line) > height * 0.8) break;
			shown.push(line);
			used += heightOf(line);
		}
		const boxHeight = used;
		const x = width - boxWidth - pad;
		let y = height - boxHeight - pad * 3;
		ctx.fillStyle = 'rgba(255, 255, 255, 0.92)';
		ctx.strokeStyle = '#9aa5b1';
		ctx.lineWidth = s;
		ctx.fillRect(x, y, boxWidth, boxHeight);
		ctx.strokeRect(x, y, boxWidth, boxHeight);
		y += pad;
		for (const line of shown) {
			const h = heightOf(line);
			const mid = y + h / 2;
			ctx.fillStyle = '#1f2a37';
			if ('title' in line) {
				ctx.font = `700 ${size}px ${FONT}`;
				ctx.fillText(line.title, x + pad, mid, boxWidth - 2 * pad);
			} else if ('note' in line) {
				ctx.font = `italic 400 ${size * 0.9}px ${FONT}`;
				ctx.fillText(line.note, x + pad, mid, boxWidth - 2 * pad);
			} else {
				paintSwatch(ctx, line.swatch, x + pad + (widest / 2) * s, mid, s);
				ctx.fillStyle = '#1f2a37';
				ctx.font = `400 ${size}px ${FONT}`;
				ctx.fillText(line.label, x + 2 * pad + widest * s, mid, maxText);
			}
			y += h;
		}
	}
	if (options.bar) {
		const px = options.bar.px * s;
		const x = pad * 2;
		const y = height - pad * 2;
		ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
		ctx.fillRect(x - 4 * s, y - 18 * s, px + 8 * s, 22 * s);
		ctx.strokeStyle = '#1f2a37';
		ctx.lineWidth = 2 * s;
		ctx.beginPath();
		ctx.moveTo(x, y - 6 * s);
		ctx.lineTo(x, y);
		ctx.lineTo(x + px, y);
		ctx.lineTo(x + px, y - 6 * s);
		ctx.stroke();
		ctx.fillStyle = '#1f2a37';
		ctx.font = `400 ${size * 0.9}px ${FONT}`;
		ctx.fillText(options.bar.label, x + 4 * s, y - 10 * s);
	}
	ctx.restore();
}

function paintSwatch(ctx: CanvasRenderingContext2D, swatch: Swatch, cx: number, cy: number, s: number) {
	ctx.save();
	ctx.fillStyle = swatch.color;
	ctx.strokeStyle = swatch.color;
	if (swatch.shape === 'fill') {
		ctx.fillRect(cx - 7 * s, cy - 6 * s, 14 * s, 12 * s);
		ctx.strokeStyle = swatch.outline ?? 'rgba(0, 0, 0, 0.25)';
		ctx.lineWidth = s;
		ctx.strokeRect(cx - 7 * s, cy - 6 * s, 14 * s, 12 * s);
	} else if (swatch.shape === 'line') {
		ctx.lineWidth = (swatch.width ?? 3) * s;
		if (swatch.dashed) ctx.setLineDash([3 * s, 2 * s]);
		ctx.beginPath();
		ctx.moveTo(cx - 8 * s, cy);
		ctx.lineTo(cx + 8 * s, cy);
		ctx.stroke();
	} else {
		const r = ((swatch.size ?? 10) / 2) * s;
		ctx.beginPath();
		ctx.arc(cx, cy, r, 0, 2 * Math.PI);
		if (swatch.shape === 'dot') {
			ctx.fill();
			ctx.strokeStyle = swatch.outline ?? '#ffffff';
		}
		ctx.lineWidth = 1.5 * s;
		ctx.stroke();
	}
	ctx.restore();
}
