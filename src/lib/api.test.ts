import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { api, ApiError } from './api';

// A real HTTP server: what it answers is what the browser would get.
let server: Server;
let base = '';
beforeAll(async () => {
	server = createServer((req, res) => {
		let body = '';
		req.on('data', (c) => (body += c));
		req.on('end', () => {
			if (req.url === '/echo') {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body || 'null') }));
			} else if (req.url === '/refused') {
				res.writeHead(409, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ message: 'changed meanwhile', code: 'PT409', errors: { name: 'required' } }));
			} else if (req.url === '/proxy') {
				res.writeHead(502, { 'content-type': 'text/html' });
				res.end('<html>Bad gateway</html>');
			} else {
				res.writeHead(204);
				res.end();
			}
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('the browser’s api()', () => {
	it('sends JSON and reads JSON; an empty answer is null', async () => {
		expect(await api(`${base}/echo`, { method: 'POST', json: { a: 1 } })).toEqual({ method: 'POST', type: 'application/json', body: { a: 1 } });
		expect(await api(`${base}/empty`)).toBeNull();
	});

	it('throws the refusal with its status, code, words and whole body; a non-JSON failure by its status', async () => {
		const refused = await api(`${base}/refused`).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(ApiError);
		expect(refused).toMatchObject({ status: 409, code: 'PT409', message: 'changed meanwhile', body: { errors: { name: 'required' } } });
		const proxy = (await api(`${base}/proxy`).catch((e: unknown) => e)) as ApiError;
		expect([proxy.status, proxy.code, proxy.message]).toEqual([502, null, '502 Bad Gateway']);
	});
});
