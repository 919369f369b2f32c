/**
 * Pictures of briefing slides, made in the browser (air-gapped: nothing leaves the origin). A map
 * slide is drawn by its own page in a hidden same-origin frame, which keeps its WebGL frame
 * readable; when the map and its data have loaded, the canvas is read as PNG. Other slides are
 * drawn from their DOM with html-to-image.
 */
import { toPng } from 'html-to-image';
import { embedUrl, type Slide } from './slides';

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

/** A PNG (data URL) of a map slide at width × height pixels. */
export async function mapSlidePng(slide: Slide, lang: string, width = 1600, height = 900): Promise<string> {
	const frame = document.createElement('iframe');
	// In the page (hidden behind it), so that the browser keeps drawing it.
	frame.style.cssText = `position:fixed;left:0;top:0;width:${width}px;height:${height}px;border:0;opacity:0.01;pointer-events:none;z-index:-1`;
	frame.setAttribute('aria-hidden', 'true');
	frame.src = embedUrl(slide, lang);
	document.body.append(frame);
	try {
		const canvas = await until(() => {
			const doc = frame.contentDocument;
			const ready = doc?.querySelector('[data-map-ready="true"]') && doc.querySelector('.app[data-loading="false"]');
			return ready ? (doc!.querySelector('canvas.maplibregl-canvas') as HTMLCanvasElement | null) : null;
		}, 45_000, 'the map');
		// Let deck.gl draw the data that has just arrived.
		await sleep(800);
		return canvas.toDataURL('image/png');
	} finally {
		frame.remove();
	}
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
	const response = await fetch('/api/exports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind, format, details }) });
	if (!response.ok) throw new Error((await response.json().catch(() => ({}))).message ?? response.statusText);
}

/**
 * Saves a file the server made, under the name it gave (Content-Disposition: DEMO- in front for demo
 * data); throws the server's message when it refused.
 */
export async function downloadAnswer(response: Response, fallbackName: string): Promise<void> {
	if (!response.ok) throw new Error((await response.json().catch(() => ({}))).message ?? response.statusText);
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
