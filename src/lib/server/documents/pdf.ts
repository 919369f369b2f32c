/**
 * pdfmake on the server with the Roboto fonts it ships (full Vietnamese). Only those font files are
 * read from disk and nothing from a URL: images come as data URLs, charts as SVG. Charts for Word
 * are drawn to PNG with resvg and the same font.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';
import { Resvg } from '@resvg/resvg-js';

const require = createRequire(import.meta.url);
const FONTS = require('pdfmake/fonts/Roboto.js') as Record<string, Record<string, string>>;
const FONT_DIR = dirname(FONTS.Roboto!.normal!);
/** The regular Roboto file (also used to draw charts as PNG). */
export const ROBOTO = FONTS.Roboto!.normal!;
pdfmake.setFonts(FONTS);
pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(FONT_DIR));
pdfmake.setUrlAccessPolicy(() => false);

/** pdfmake content (text, image, svg, table, stack…), loosely typed. */
export type Content = object;

/** A4 landscape PDF with a footer line on every page ("… · page / pages"). */
export async function makePdf(title: string, footer: string, content: Content[], landscape = true): Promise<Uint8Array> {
	const definition = {
		pageSize: 'A4',
		pageOrientation: landscape ? 'landscape' : 'portrait',
		pageMargins: [40, 36, 40, 40],
		info: { title, creator: 'Hotspot Atlas' },
		defaultStyle: { font: 'Roboto', fontSize: 12 },
		content,
		footer: (page: number, pages: number) => ({ text: `${footer} · ${page} / ${pages}`, fontSize: 9, color: '#555555', margin: [40, 12, 40, 0] })
	};
	return new Uint8Array(await pdfmake.createPdf(definition).getBuffer());
}

/** The <svg> of a server-rendered Svelte component's HTML. */
export const svgOf = (html: string) => html.match(/<svg[\s\S]*<\/svg>/)?.[0] ?? '';

/** A chart's SVG as PNG (resvg, with Roboto), for documents that take pictures only (Word). */
export function svgPng(svg: string, width = 1600): { png: Uint8Array; width: number; height: number } {
	const source = svg.includes('xmlns=') ? svg : svg.replace('<svg', '<svg xmlns="http://www.w3.org/2000/svg"');
	const image = new Resvg(source, {
		fitTo: { mode: 'width', value: width },
		background: '#ffffff',
		font: { loadSystemFonts: false, fontFiles: [ROBOTO], defaultFontFamily: 'Roboto' }
	}).render();
	return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}
