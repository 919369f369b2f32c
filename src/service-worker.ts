/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The app at a border post without network: its files from the cache (one per build), the records
 * pages of the official's unit and the unit's basemap tiles as last fetched. Pages are asked of the
 * network first and the cache only answers when the network does not; only what the server marks
 * as fit for a device is kept (site records pages for those who edit them: never case data, never
 * an API answer). A navigation the server sends to sign-in (signed out, disabled) removes what is
 * kept, as does signing out.
 */
import { build, files, version } from '$service-worker';
import { DATA_CACHE, OFFLINE_HEADER, OUTBOX_DB, SHELL_CACHE_PREFIX, TILES_CACHE, offlineKey } from '$lib/offline/keys';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SHELL = `${SHELL_CACHE_PREFIX}${version}`;
const ASSETS = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
	event.waitUntil(
		caches
			.open(SHELL)
			.then((cache) => cache.addAll([...ASSETS]))
			.then(() => sw.skipWaiting())
	);
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		caches
			.keys()
			.then((keys) => Promise.all(keys.filter((k) => k.startsWith(SHELL_CACHE_PREFIX) && k !== SHELL).map((k) => caches.delete(k))))
			.then(() => sw.clients.claim())
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;
	if (ASSETS.has(url.pathname)) event.respondWith(cacheFirst(SHELL, request));
	else if (url.pathname.startsWith('/basemap/tiles/')) event.respondWith(cacheFirst(TILES_CACHE, request));
	else if (url.pathname === '/data' || url.pathname === '/data/__data.json') event.respondWith(recordsPage(request, url));
	else if (request.mode === 'navigate') event.respondWith(elsewhere(request));
});

async function cacheFirst(name: string, request: Request): Promise<Response> {
	const cache = await caches.open(name);
	const hit = await cache.match(request);
	if (hit) return hit;
	const response = await fetch(request);
	if (response.ok) await cache.put(request, response.clone());
	return response;
}

/** A records page: the network's answer (kept when the server marks it), else the kept one. */
async function recordsPage(request: Request, url: URL): Promise<Response> {
	const key = offlineKey(url);
	try {
		const response = await fetch(request);
		const kind = response.headers.get(OFFLINE_HEADER);
		if (response.ok && kind && !filtered(url)) {
			const cache = await caches.open(DATA_CACHE);
			// Kept under its kind, and as the bare address it was asked by (the header link).
			await cache.put(offlineKey(url, kind), response.clone());
			if (key !== offlineKey(url, kind)) await cache.put(key, response.clone());
		} else if (response.type === 'opaqueredirect' && request.mode === 'navigate') {
			// Sent to sign in: this user's session is over (signed out, disabled). Nothing of theirs stays.
			await forget();
		}
		return response;
	} catch (e) {
		const cache = await caches.open(DATA_CACHE);
		const hit = (await kept(cache, key)) ?? (request.mode === 'navigate' ? await kept(cache, offlineKey(url, null)) : undefined);
		if (hit) return hit;
		if (request.mode === 'navigate') return offlinePage(cache);
		throw e;
	}
}

/** A list narrowed by a search or a unit is not the kind's page: it is shown, never kept as it. */
const PAGE_PARAMS = new Set(['kind', 'lang', 'x-sveltekit-invalidated', 'x-sveltekit-trailing-slash']);
const filtered = (url: URL) => [...url.searchParams.keys()].some((k) => !PAGE_PARAMS.has(k));

/** Any other page: the network; without it, the records page when one is kept (what works offline), else a page saying so. */
async function elsewhere(request: Request): Promise<Response> {
	try {
		return await fetch(request);
	} catch {
		const cache = await caches.open(DATA_CACHE);
		const page = await keptPage(cache);
		return page ? Response.redirect(new URL(page, sw.location.origin).href, 302) : offlinePage(cache);
	}
}

/**
 * A kept answer by its address. Vary is ignored: an entry is kept under its address alone (the
 * server's Vary: Accept-Encoding describes the wire, and the kept body is already decoded).
 */
const kept = (cache: Cache, address: string) => cache.match(address, { ignoreVary: true });

/** The address of a kept records page to open offline (the bare page first, then any kind's). */
async function keptPage(cache: Cache): Promise<string | null> {
	if (await kept(cache, '/data')) return '/data';
	const pages = (await cache.keys()).map((r) => new URL(r.url)).filter((u) => u.pathname === '/data');
	const preferred = pages.find((u) => u.searchParams.get('kind') === 'boarding_houses') ?? pages[0];
	return preferred ? `${preferred.pathname}${preferred.search}` : null;
}

/** Says so when a page is not kept; its meta tag lists the addresses the device does keep (never their contents). */
async function offlinePage(cache: Cache): Promise<Response> {
	const addresses = (await cache.keys()).map((r) => new URL(r.url)).map((u) => `${u.pathname}${u.search}`);
	const html = `<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không có mạng — Hotspot Atlas</title><meta name="atlas-kept" content="${addresses.join(' ').replace(/[&"<>]/g, '')}">
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem">
<h1>Không có mạng</h1><p>Trang này chưa được lưu trên máy. Trang <a href="/data">Dữ liệu</a> mở được khi không có mạng; thay đổi được gửi khi có mạng trở lại.</p>
<p lang="en">You are offline and this page is not kept on this device. The <a href="/data">records</a> page works offline; changes are sent when the network is back.</p>
</body></html>`;
	return new Response(html, { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

async function forget(): Promise<void> {
	await Promise.all([caches.delete(DATA_CACHE), caches.delete(TILES_CACHE)]);
	await new Promise<void>((resolve) => {
		const r = indexedDB.deleteDatabase(OUTBOX_DB);
		r.onsuccess = r.onerror = r.onblocked = () => resolve();
	});
}
