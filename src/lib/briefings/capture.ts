/**
 * Pictures of briefing slides, made in the browser (air-gapped: nothing leaves the origin). A map
 * slide is drawn by its own page in a hidden same-origin frame, which keeps its WebGL frame
 * readable; when the map and its data have loaded, the canvas is read as PNG. Other slides are
 * drawn from their DOM with html-to-image.
 */
import { toPng } from 'html-to-image';
import { embedUrl, type Slide } from './slides';
import { paintLegend, scaleBar, type LegendSection } from '$lib/map/legend';
import { api, refusalOf } from '$lib/api';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => T | null | undefined, timeoutMs: number, what: string): Promise<T> {
	const start = Date.now();
	for (;;) {
		const found = probe();
		if (found) return found;
		if (Date.now() - start > timeoutMs) throw new Error(`${what} did not load in ${timeoutMs / 1000} s`);
		await sleep(150);
	}
}

/**
 * The map of a document as PNG once everything it shows has arrived and been drawn: the page says
 * its data is in (data-settled) and the map that it drew the layers it holds (data-map-drawn), twice
 * in a row 300 ms apart (data arriving in between starts the wait again). Refuses after timeoutMs
 * rather than saving a half-drawn map.
 */
export async function drawnMapPng(doc: () => Document | null | undefined, timeoutMs: number): Promise<string> {
	const drawn = () => {
		const d = doc();
		const done = d?.querySelector('.app[data-settled="true"]') && d.querySelector('[data-map-drawn="true"]');
		return done ? (d!.querySelector('canvas.maplibregl-canvas') as HTMLCanvasElement | null) : null;
	};
	const start = Date.now();
	for (;;) {
		const canvas = await until(drawn, Math.max(1, timeoutMs - (Date.now() - start)), 'the map');
		await sleep(300);
		if (drawn() === canvas) return withLegend(canvas, doc()!);
	}
}

/**
 * The map's frame with its legend (the page's data-legend) and a scale bar painted on: a picture
 * that leaves the app says what its colours mean and how far is far.
 */
async function withLegend(map: HTMLCanvasElement, doc: Document): Promise<string> {
	const sections = JSON.parse(doc.querySelector('.app')?.getAttribute('data-legend') ?? '[]') as LegendSection[];
	const mPerPx = Number(doc.querySelector('[data-m-per-px]')?.getAttribute('data-m-per-px'));
	const canvas = document.createElement('canvas');
	canvas.width = map.width;
	canvas.height = map.height;
	const ctx = canvas.getContext('2d')!;
	ctx.drawImage(map, 0, 0);
	const scale = map.width / Math.max(1, map.clientWidth);
	const lang = doc.documentElement.lang === 'en' ? 'en-GB' : 'vi-VN';
	const km = (v: number) => v.toLocaleString(lang, { maximumFractionDigits: 1 });
	await paintLegend(ctx, sections, { scale, bar: mPerPx > 0 ? scaleBar(mPerPx, 120, km) : null });
	return canvas.toDataURL('image/png');
}

/** A PNG (data URL) of a map slide at width × height pixels. */
export async function mapSlidePng(slide: Slide, lang: string, width = 1600, height = 900): Promise<string> {
	const frame = document.createElement('iframe');
	// In the page (hidden behind it), so that the browser keeps drawing it.
	frame.style.cssText = `position:fixed;left:0;top:0;width:${width}px;height:${height}px;border:0;opacity:0.01;pointer-events:none;z-index:-1`;
	frame.setAttribute('aria-hidden', 'true');
	frame.src = embedUrl(slide, lang);
	// Inside the full-screen element when there is one: outside it, nothing is drawn (the frame's
	// map would never finish, and a picture taken anyway would lack its data layers).
	(document.fullscreenElement ?? document.body).append(frame);
	try {
		return await drawnMapPng(() => frame.contentDocument, 45_000);
	} finally {
		frame.remove();
	}
}

/**
 * A slide picture that says what it is: the title above, the period, the unit and the briefing below
 * it, and the DEMO label on demo data, drawn around the picture (a PNG leaves the app on its own).
 */
export async function framedPng(picture: string, frame: { title: string; lines: string[]; demo: string | null }): Promise<string> {
	const image = new Image();
	image.src = picture;
	await image.decode();
	const pad = Math.round(image.width / 40);
	const titleSize = Math.round(image.width / 32);
	const lineSize = Math.round(titleSize * 0.6);
	const head = pad + titleSize + frame.lines.length * (lineSize * 1.4) + pad;
	const canvas = document.createElement('canvas');
	canvas.width = image.width;
	canvas.height = image.height + head;
	const ctx = canvas.getContext('2d')!;
	ctx.fillStyle = '#ffffff';
	ctx.fillRect(0, 0, canvas.width, canvas.height);
	const font = '"Be Vietnam Pro", "DejaVu Sans", sans-serif';
	await document.fonts.load(`700 ${titleSize}px ${font}`).catch(() => undefined);
	ctx.fillStyle = '#1f2a37';
	ctx.textBaseline = 'top';
	ctx.font = `700 ${titleSize}px ${font}`;
	ctx.fillText(frame.title, pad, pad, canvas.width - 2 * pad);
	ctx.font = `400 ${lineSize}px ${font}`;
	frame.lines.forEach((line, i) => ctx.fillText(line, pad, pad + titleSize * 1.25 + i * lineSize * 1.4, canvas.width - 2 * pad));
	if (frame.demo) {
		ctx.font = `700 ${lineSize}px ${font}`;
		const width = ctx.measureText(frame.demo).width + lineSize;
		ctx.fillStyle = '#f5c518';
		ctx.fillRect(canvas.width - pad - width, pad, width, lineSize * 1.6);
		ctx.fillStyle = '#222222';
		ctx.fillText(frame.demo, canvas.width - pad - width + lineSize / 2, pad + lineSize * 0.3);
	}
	ctx.drawImage(image, 0, head);
	return canvas.toDataURL('image/png');
}

/** A PNG (data URL) of a slide's element as shown (charts, figures, tables). */
export function elementPng(element: HTMLElement): Promise<string> {
	return toPng(element, { pixelRatio: 2, backgroundColor: '#ffffff', cacheBust: false });
}

/** Saves a data URL or blob as a file. */
export function download(data: string | Blob, name: string): void {
	const url = typeof data === 'string' ? data : URL.createObjectURL(data);
	const link = document.createElement('a');
	link.href = url;
	link.download = name;
	document.body.append(link);
	link.click();
	link.remove();
	if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Records in the audit log an export the browser makes (before the file is saved); throws if refused. */
export async function logExport(kind: 'briefing_slide', format: 'png', details: Record<string, unknown>): Promise<void> {
	await api('/api/exports', { method: 'POST', json: { kind, format, details } });
}

/**
 * Saves a file the server made, under the name it gave (Content-Disposition: DEMO- in front for demo
 * data); throws the server's message when it refused.
 */
export async function downloadAnswer(response: Response, fallbackName: string): Promise<void> {
	if (!response.ok) throw await refusalOf(response);
	const named = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
	download(await response.blob(), named ?? fallbackName);
}

/** A file name from a title: letters and digits without diacritics, dashes between. */
export function fileName(title: string, extension: string): string {
	const base = title
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.toLowerCase();
	return `${base || 'briefing'}.${extension}`;
}
