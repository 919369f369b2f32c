/**
 * What this device keeps for work without a network, and how it is removed. The service worker
 * (src/service-worker.ts) keeps the app's files, the records pages the server marks as fit for a
 * device (site records of the official's own unit: never cases) and the basemap tiles of the unit;
 * the outbox (IndexedDB) keeps changes waiting to be sent; drafts (localStorage) what is being typed.
 */
import { clearChanges } from './outbox';
import { DATA_CACHE, TILES_CACHE } from './keys';

export * from './keys';

/** Removes everything this app keeps on the device: pages, tiles, waiting changes, drafts. */
export async function forgetDevice(): Promise<void> {
	if (typeof caches !== 'undefined') await Promise.all([caches.delete(DATA_CACHE), caches.delete(TILES_CACHE)]);
	await clearChanges().catch(() => undefined);
	for (let i = localStorage.length - 1; i >= 0; i--) {
		const key = localStorage.key(i);
		if (key?.startsWith('hotspot-atlas:')) localStorage.removeItem(key);
	}
}

let keeping: Promise<void> = Promise.resolve();

/**
 * Fetches the pages an official needs offline (each kind they edit) and the basemap tiles of their
 * unit, through the service worker, which keeps what the server marks as fit for the device.
 */
export function keepForOffline(kinds: string[], tiles: string[]): Promise<void> {
	// One after the other: a page asked before a save must never land after the one asked after it.
	keeping = keeping.then(() => keep(kinds, tiles)).catch(() => undefined);
	return keeping;
}

async function keep(kinds: string[], tiles: string[]): Promise<void> {
	const sw = navigator.serviceWorker;
	if (!sw) return;
	// The first visit installs the worker: wait until it controls this page (or give up quietly).
	await Promise.race([sw.ready, new Promise((r) => setTimeout(r, 15_000))]);
	if (!sw.controller) await new Promise((r) => (sw.addEventListener('controllerchange', r, { once: true }), setTimeout(r, 15_000)));
	if (!sw.controller) return;
	const pages = kinds.flatMap((k) => [`/data?kind=${k}`, `/data/__data.json?kind=${k}&x-sveltekit-invalidated=11`]);
	for (const url of [...pages, ...tiles]) {
		await fetch(url, { credentials: 'same-origin' }).catch(() => undefined);
	}
}

/** Tiles {z}/{x}/{y} covering a box at zooms from..to, at most `max` (the coarser zooms first). */
export function tilesOf([west, south, east, north]: [number, number, number, number], from: number, to: number, max = 400): [number, number, number][] {
	const out: [number, number, number][] = [];
	const x = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
	const y = (lat: number, z: number) => {
		const r = (lat * Math.PI) / 180;
		return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
	};
	for (let z = from; z <= to; z++) {
		const [x0, x1, y0, y1] = [x(west, z), x(east, z), y(north, z), y(south, z)];
		if ((x1 - x0 + 1) * (y1 - y0 + 1) + out.length > max) break;
		for (let tx = x0; tx <= x1; tx++) for (let ty = y0; ty <= y1; ty++) out.push([z, tx, ty]);
	}
	return out;
}
