/**
 * Answers travel compressed: JSON and GeoJSON (the map's layers, analyses, page data), HTML and
 * vector tiles, with Brotli or gzip as the browser accepts, off the event loop (zlib's thread
 * pool). A GET answer carries an ETag of its bytes, so a browser that kept it (cache-control
 * private, no-cache) revalidates it with If-None-Match and gets 304 without the body.
 */
import { brotliCompress, constants, gzip } from 'node:zlib';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const COMPRESSIBLE = /^(application\/(json|geo\+json|javascript|xml|vnd\.mapbox-vector-tile|x-protobuf)|text\/|image\/svg\+xml)/;
/** Below this a compressed answer saves less than its headers cost. */
export const MIN_COMPRESS_BYTES = 1024;

/** The encoding to use for a request's Accept-Encoding: Brotli first, then gzip. */
export function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
	const accepted = new Map<string, number>();
	for (const part of (acceptEncoding ?? '').split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
		accepted.set(name, q === undefined ? 1 : Number(q));
	}
	const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
	return ok('br') ? 'br' : ok('gzip') ? 'gzip' : null;
}

/** A weak validator of an answer's bytes (weak: the same bytes may travel in two encodings). */
const etagOf = (body: Uint8Array) => `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

const matches = (ifNoneMatch: string | null, etag: string) => (ifNoneMatch ?? '').split(',').some((t) => t.trim() === etag || t.trim() === '*');

/** The response to send for a request: compressed when worth it, 304 when the browser has it. */
export async function compressed(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (!response.body || response.status === 204 || response.headers.has('content-encoding') || !COMPRESSIBLE.test(type)) return response;
	const length = Number(response.headers.get('content-length') ?? NaN);
	if (Number.isFinite(length) && length < MIN_COMPRESS_BYTES) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const headers = new Headers(response.headers);
	headers.delete('content-length');
	if (request.method === 'GET' && response.status === 200) {
		const etag = etagOf(body);
		headers.set('etag', etag);
		if (matches(request.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
	}
	const encoding = body.byteLength < MIN_COMPRESS_BYTES ? null : chooseEncoding(request.headers.get('accept-encoding'));
	headers.append('vary', 'Accept-Encoding');
	if (!encoding) return new Response(body, { status: response.status, statusText: response.statusText, headers });
	const packed =
		encoding === 'br'
			? await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
			: await gzipAsync(body, { level: 6 });
	headers.set('content-encoding', encoding);
	return new Response(new Uint8Array(packed), { status: response.status, statusText: response.statusText, headers });
}
