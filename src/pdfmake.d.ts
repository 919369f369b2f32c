// pdfmake 0.3 ships no types; the server API the app uses. Document content follows
// https://pdfmake.github.io/docs/ (text, image, svg, table, stack…), typed loosely here.
declare module 'pdfmake' {
	const pdfmake: {
		setFonts(fonts: Record<string, Record<string, string>>): void;
		setLocalAccessPolicy(allow: (path: string) => boolean): void;
		setUrlAccessPolicy(allow: (url: string) => boolean): void;
		createPdf(definition: object): { getBuffer(): Promise<Uint8Array> };
	};
	export default pdfmake;
}
