import { describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseEncoding, compressed } from './compress';

const answer = (body: string, type = 'application/json') => new Response(body, { headers: { 'content-type': type, 'cache-control': 'private, no-cache' } });
const get = (headers: Record<string, string> = {}) => new Request('http://app.test/api/map/cases?bbox=1,2,3,4&zoom=5', { headers });
const big = JSON.stringify({
	type: 'FeatureCollection',
	features: Array.from({ length: 500 }, (_, i) => ({ type: 'Feature', properties: { count: i }, geometry: null }))
});

describe('compressed answers', () => {
	it('picks Brotli, then gzip, honouring q=0', () => {
		expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
		expect(chooseEncoding('gzip')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
	});

	it('sends JSON compressed as asked, the same bytes inside, and says it varies by encoding', async () => {
		const br = await compressed(get({ 'accept-encoding': 'br, gzip' }), answer(big));
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toContain('Accept-Encoding');
		const packed = Buffer.from(await br.arrayBuffer());
		expect(packed.byteLength).toBeLessThan(big.length / 5);
		expect(brotliDecompressSync(packed).toString()).toBe(big);
		const gz = await compressed(get({ 'accept-encoding': 'gzip' }), answer(big));
		expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(big);
		// Small answers and pictures go as they are.
		expect((await compressed(get({ 'accept-encoding': 'br' }), answer('{"a":1}'))).headers.get('content-encoding')).toBeNull();
		expect((await compressed(get({ 'accept-encoding': 'br' }), answer(big, 'image/png'))).headers.get('content-encoding')).toBeNull();
	});

	it('answers 304 without the body when the browser holds the same answer, and 200 when it changed', async () => {
		const first = await compressed(get({ 'accept-encoding': 'br' }), answer(big));
		const etag = first.headers.get('etag')!;
		expect(etag).toMatch(/^W\/"[\w-]+"$/);
		const again = await compressed(get({ 'accept-encoding': 'br', 'if-none-match': etag }), answer(big));
		expect(again.status).toBe(304);
		expect(await again.text()).toBe('');
		const changed = await compressed(get({ 'if-none-match': etag }), answer(big.replace('"count":1}', '"count":2}')));
		expect(changed.status).toBe(200);
		// Only GET answers are revalidated: an analysis POSTed twice is answered twice.
		const post = await compressed(new Request('http://app.test/api/hotspots', { method: 'POST', headers: { 'if-none-match': etag } }), answer(big));
		expect([post.status, post.headers.get('etag')]).toEqual([200, null]);
	});
});
