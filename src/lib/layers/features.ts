import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';

/** Properties of the features layer_geojson and map_layer return. */
export type Props = Record<string, unknown>;

/** How a layer is shown: the panel's toggle and opacity slider. */
export interface Show {
	visible: boolean;
	opacity: number;
}

export const SHOWN: Show = { visible: true, opacity: 1 };

/**
 * A function of a collection computed once per collection object: deck.gl compares `data` by
 * identity, so a layer rebuilt on every render must get the same array for the same answer
 * (deck.gl's performance guide) — a fresh filtered array would re-upload every attribute.
 */
export function perCollection<C extends object, R>(fn: (data: C) => R): (data: C) => R {
	const cache = new WeakMap<C, R>();
	return (data) => {
		if (!cache.has(data)) cache.set(data, fn(data));
		return cache.get(data)!;
	};
}

/** The point features of a collection, typed for ScatterplotLayer accessors (the same array each call). */
export const pointFeatures: (fc: FeatureCollection<Geometry, Props>) => Feature<Point, Props>[] = perCollection((fc: FeatureCollection<Geometry, Props>) =>
	fc.features.filter((f): f is Feature<Point, Props> => f.geometry.type === 'Point')
);

export const EMPTY: FeatureCollection<Geometry, Props> = { type: 'FeatureCollection', features: [] };
