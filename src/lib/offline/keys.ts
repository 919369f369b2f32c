/** Names shared by the pages and the service worker (which imports nothing else of the app). */

/** The app's own files, one cache per build (older ones are dropped when a new build activates). */
export const SHELL_CACHE_PREFIX = 'atlas-shell-';
/** Records pages marked by the server (`OFFLINE_HEADER`), by address. */
export const DATA_CACHE = 'atlas-data';
/** Basemap tiles (a province's base map may be internal: removed with the data). */
export const TILES_CACHE = 'atlas-tiles';
/** Set by the server on pages a device may keep: the record kind shown. */
export const OFFLINE_HEADER = 'x-atlas-offline';
/**
 * Answered 204 by the server itself (hooks.server.ts), with no session looked up: whether the server
 * answers. Asked with HEAD, which the service worker never answers from its caches.
 */
export const PING_PATH = '/api/ping';

/** The address a records page is kept under: the path and the kind only (filters are not kept). */
export function offlineKey(url: URL, kind = url.searchParams.get('kind')): string {
	return kind ? `${url.pathname}?kind=${encodeURIComponent(kind)}` : url.pathname;
}
/** The IndexedDB database of changes waiting to be sent. */
export const OUTBOX_DB = 'hotspot-atlas-outbox';
