/**
 * Loads the viewport layers for the current view from /api/map/<layer>, one request per layer,
 * cancelling a request the next move makes stale. A view inside the box loaded last at the same
 * zoom step and filters is served from what is already there.
 */
import type { ViewCollection } from '$lib/supabase/database.types';
import { paddedBounds, within, type ViewportLayer } from './layers';

export type Bbox = [number, number, number, number];

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
			const response = await this.fetcher(url, { signal: controller.signal });
			if (response.status === 401) return this.onunauthorized();
			const body = await response.json().catch(() => null);
			if (!response.ok) throw new Error(body?.message ?? `${response.status} ${response.statusText}`);
			this.collections = { ...this.collections, [layer]: body as ViewCollection };
			this.#loaded.set(layer, { key, bbox });
			const errors = { ...this.errors };
			delete errors[layer];
			this.errors = errors;
		} catch (e) {
			if (controller.signal.aborted) return;
			this.errors = { ...this.errors, [layer]: (e as Error).message };
		} finally {
			if (this.#controllers.get(layer) === controller) {
				this.#controllers.delete(layer);
				this.pending = this.pending.filter((l) => l !== layer);
			}
		}
	}
}
