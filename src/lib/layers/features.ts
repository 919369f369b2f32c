import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';

/** Properties of the features layer_geojson and map_layer return. */
export type Props = Record<string, unknown>;

/** How a layer is shown: the panel's toggle and opacity slider. */
export interface Show {
	visible: boolean;
	opacity: number;
}

export const SHOWN: Show = { visible: true, opacity: 1 };

/** The point features of a collection, typed for ScatterplotLayer accessors. */
export function pointFeatures(fc: FeatureCollection<Geometry, Props>): Feature<Point, Props>[] {
	return fc.features.filter((f): f is Feature<Point, Props> => f.geometry.type === 'Point');
}

export const EMPTY: FeatureCollection<Geometry, Props> = { type: 'FeatureCollection', features: [] };
