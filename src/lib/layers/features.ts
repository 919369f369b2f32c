import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';

/** Properties of the features layer_geojson returns. */
export type Props = Record<string, unknown>;

/** The point features of a collection, typed for ScatterplotLayer accessors. */
export function pointFeatures(fc: FeatureCollection<Geometry, Props>): Feature<Point, Props>[] {
	return fc.features.filter((f): f is Feature<Point, Props> => f.geometry.type === 'Point');
}
