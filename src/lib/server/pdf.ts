/**
 * pdfmake on the server with the Roboto fonts it ships (full Vietnamese). Only those font files are
 * read from disk and nothing from a URL: images come as data URLs, charts as SVG.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';

const require = createRequire(import.meta.url);
const FONTS = require('pdfmake/fonts/Roboto.js') as Record<string, Record<string, string>>;
const FONT_DIR = dirname(FONTS.Roboto!.normal!);
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
