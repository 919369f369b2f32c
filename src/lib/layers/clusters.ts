import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import type { MessageKey } from '$lib/i18n/messages';
import type { LegendEntry } from '$lib/map/legend';
import { rgbCss, type Rgb } from './colors';
import { pointFeatures, type Props, type Show } from './features';

/**
 * Grid clusters of a point layer (map_layer mode "clusters"): a circle whose area follows the
 * cluster's weight (workers, people reached, victims…) and its count written on it. Their ids are
 * the layer's own plus "-clusters": one id never changes its layer class between answers (deck.gl
 * and MapLibre's interleaved drawing could draw a layer of the new class before it is set up).
 */
export function clusterLayers(id: string, data: FeatureCollection<Geometry, Props>, rgb: Rgb, show: Show) {
	const features = pointFeatures(data);
	const radius = clusterRadius(features);
	return [
		new ScatterplotLayer<Feature<Point, Props>>({
			id: `${id}-clusters`,
			data: features,
			visible: show.visible,
			opacity: show.opacity,
			radiusUnits: 'pixels',
			getPosition: (f) => f.geometry.coordinates as [number, number],
			getRadius: radius,
			getFillColor: [...rgb, 170],
			stroked: true,
			lineWidthUnits: 'pixels',
			getLineWidth: 1.5,
			getLineColor: [255, 255, 255, 230],
			pickable: true
		}),
		new TextLayer<Feature<Point, Props>>({
			id: `${id}-clusters-counts`,
			data: features,
			visible: show.visible,
			opacity: show.opacity,
			fontFamily: '"Be Vietnam Pro", "DejaVu Sans", sans-serif',
			fontWeight: 600,
			characterSet: '0123456789.k',
			getText: (f) => compact(Number(f.properties.count)),
			getPosition: (f) => f.geometry.coordinates as [number, number],
			getSize: 11,
			getColor: [20, 20, 20, 255],
			outlineWidth: 2,
			outlineColor: [255, 255, 255, 220],
			fontSettings: { sdf: true },
			getTextAnchor: 'middle',
			getAlignmentBaseline: 'center'
		})
	];
}

/** The pixel radius of each cluster circle: its area follows its weight, the heaviest in view 24 px. */
export function clusterRadius(features: Feature<Point, Props>[]): (f: Feature<Point, Props>) => number {
	const weight = (f: Feature<Point, Props>) => Number(f.properties.weight) || Number(f.properties.count) || 0;
	const maxWeight = Math.max(1, ...features.map(weight));
	return (f) => 7 + 17 * Math.sqrt(weight(f) / maxWeight);
}

/** The circles of a clustered answer, for labels to keep clear of: [lon, lat] and pixel radius. */
export function clusterCircles(data: FeatureCollection<Geometry, Props>): { at: [number, number]; radius: number }[] {
	const features = pointFeatures(data);
	const radius = clusterRadius(features);
	return features.map((f) => ({ at: f.geometry.coordinates as [number, number], radius: radius(f) }));
}

/** 1234 → "1.2k", short enough to sit on a cluster. */
export function compact(n: number): string {
	return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

/** The legend's entry for a layer drawn as clusters (none when it is not). */
export const clusterLegend = (data: { mode?: string } | undefined, rgb: Rgb, t: (key: MessageKey) => string): LegendEntry[] =>
	data?.mode === 'clusters' ? [{ swatch: { shape: 'dot', color: rgbCss(rgb), size: 22 }, label: t('legendCluster') }] : [];
