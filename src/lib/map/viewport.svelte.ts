/**
 * Loads the viewport layers for the current view from /api/map/<layer>, one request per layer,
 * cancelling a request the next move makes stale. A view inside the box loaded last at the same
 * zoom step and filters is served from what is already there.
 */
import type { ViewCollection } from '$lib/supabase/database.types';
import { api, ApiError } from '$lib/api';
import type { MapLayerName as ViewportLayer } from '$lib/supabase/database.types';

export type Bbox = [number, number, number, number];

/**
 * The box to load for a view: the view padded by half its size on each side (clamped to the
 * world), so small pans are served by what is already loaded.
 */
export function paddedBounds([w, s, e, n]: Bbox): Bbox {
	const dx = (e - w) / 2;
	const dy = (n - s) / 2;
	const r = (v: number) => Math.round(v * 1e4) / 1e4;
	return [r(Math.max(-180, w - dx)), r(Math.max(-85, s - dy)), r(Math.min(180, e + dx)), r(Math.min(85, n + dy))];
}

/** True when box a lies inside box b. */
export function within(a: Bbox, b: Bbox): boolean {
	return a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3];
}

interface Loaded {
	/** Layer, zoom step and filters of the request. */
	key: string;
	bbox: Bbox;
}

export class ViewportData {
	/** The collection of each layer for the latest view (raw: large and replaced whole). */
	collections = $state.raw<Partial<Record<ViewportLayer, ViewCollection>>>({});
	/** Layers with a request under way. */
	pending = $state<ViewportLayer[]>([]);
	/** The last failure, in words, per layer. */
	errors = $state<Partial<Record<ViewportLayer, string>>>({});

	// Bookkeeping that nothing renders: plain, not reactive, Maps.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#loaded = new Map<ViewportLayer, Loaded>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#controllers = new Map<ViewportLayer, AbortController>();

	/**
	 * @param onunauthorized called when the session has ended (401), e.g. the account was disabled
	 */
	constructor(
		private readonly onunauthorized: () => void = () => {},
		private readonly fetcher: typeof fetch = fetch
	) {}

	/** Loads one layer for a view; query holds the filters (URL parameters) of the layer. */
	async load(layer: ViewportLayer, view: Bbox, zoom: number, query: string): Promise<void> {
		const step = Math.floor(zoom);
		const key = `${layer}|${step}|${query}`;
		const loaded = this.#loaded.get(layer);
		if (loaded && loaded.key === key && within(view, loaded.bbox)) return;
		const bbox = paddedBounds(view);
		this.#controllers.get(layer)?.abort();
		const controller = new AbortController();
		this.#controllers.set(layer, controller);
		const url = `/api/map/${layer}?${query}${query ? '&' : ''}bbox=${bbox.join(',')}&zoom=${step}`;
		if (!this.pending.includes(layer)) this.pending = [...this.pending, layer];
		try {
			const body = await api<ViewCollection>(url, { signal: controller.signal }, this.fetcher);
			this.collections = { ...this.collections, [layer]: body };
			this.#loaded.set(layer, { key, bbox });
			const errors = { ...this.errors };
			delete errors[layer];
			this.errors = errors;
		} catch (e) {
			if (controller.signal.aborted) return;
			if (e instanceof ApiError && e.status === 401) return this.onunauthorized();
			this.errors = { ...this.errors, [layer]: (e as Error).message };
		} finally {
			if (this.#controllers.get(layer) === controller) {
				this.#controllers.delete(layer);
				this.pending = this.pending.filter((l) => l !== layer);
			}
		}
	}
}
