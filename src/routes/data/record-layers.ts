/**
 * The records page's map: the unit outlines, the listed records (points, or zone outlines) with
 * the one being edited highlighted, and the draft's point or the outline being drawn.
 */
import { GeoJsonLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { Feature, FeatureCollection } from 'geojson';
import type { Draft, RecordKind } from '$lib/records/kinds';
import type { StoredRecord } from '$lib/supabase/database.types';

export interface RecordMapInput {
	kind: RecordKind;
	records: StoredRecord[];
	outlines: FeatureCollection;
	/** The id of the record being edited, if any. */
	selected: string | undefined;
	/** The draft being edited, if any. */
	draft: Draft | null;
}

const HIGHLIGHT: [number, number, number, number] = [245, 197, 24, 255];
const DRAFT: [number, number, number] = [220, 38, 38];

/** The draft's point, when both its coordinates are numbers. */
export function draftPoint(kind: RecordKind, draft: Draft | null): [number, number] | null {
	if (!draft || kind === 'industrial_zones' || draft.lon === '' || draft.lat === '') return null;
	const lon = Number(draft.lon);
	const lat = Number(draft.lat);
	return Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : null;
}

export function recordLayers({ kind, records, outlines, selected, draft }: RecordMapInput): Layer[] {
	const list: Layer[] = [
		new GeoJsonLayer({
			id: 'units',
			data: outlines,
			filled: false,
			stroked: true,
			getLineColor: [100, 116, 139, 160],
			lineWidthUnits: 'pixels',
			getLineWidth: 1
		})
	];
	if (kind === 'industrial_zones') {
		list.push(
			new GeoJsonLayer({
				id: 'records',
				data: records.map((r): Feature => ({ type: 'Feature', geometry: r.geometry, properties: { id: r.id, name: r.name } })),
				getFillColor: (f: Feature) => ((f.properties as { id: string }).id === selected ? [245, 197, 24, 120] : [124, 58, 237, 70]),
				getLineColor: [91, 33, 182, 220],
				lineWidthUnits: 'pixels',
				getLineWidth: 1.5,
				pickable: true,
				updateTriggers: { getFillColor: selected }
			})
		);
		const outline = draft?.outline ?? [];
		if (outline.length) {
			list.push(
				new PathLayer({
					id: 'outline',
					data: [outline.length > 2 ? [...outline, outline[0]!] : outline],
					getPath: (p) => p,
					getColor: DRAFT,
					widthUnits: 'pixels',
					getWidth: 2
				}),
				new ScatterplotLayer({ id: 'corners', data: outline, getPosition: (p) => p, radiusUnits: 'pixels', getRadius: 4, getFillColor: DRAFT })
			);
		}
		return list;
	}
	list.push(
		new ScatterplotLayer<StoredRecord>({
			id: 'records',
			data: records,
			getPosition: (r) => (r.geometry.type === 'Point' ? (r.geometry.coordinates as [number, number]) : [0, 0]),
			radiusUnits: 'pixels',
			getRadius: (r) => (r.id === selected ? 9 : 6),
			getFillColor: (r) => (r.id === selected ? HIGHLIGHT : kind === 'cases' ? [185, 28, 28, 220] : [29, 78, 216, 220]),
			stroked: true,
			getLineColor: [255, 255, 255, 230],
			lineWidthUnits: 'pixels',
			getLineWidth: 1,
			pickable: true,
			updateTriggers: { getRadius: selected, getFillColor: selected }
		})
	);
	const point = draftPoint(kind, draft);
	if (point) {
		list.push(
			new ScatterplotLayer({
				id: 'draft-point',
				data: [point],
				getPosition: (p) => p as [number, number],
				radiusUnits: 'pixels',
				getRadius: 8,
				getFillColor: [...DRAFT, 255],
				stroked: true,
				getLineColor: [255, 255, 255],
				lineWidthUnits: 'pixels',
				getLineWidth: 2
			})
		);
	}
	return list;
}

/** The box of the listed records (a little wider), or null when none has a place. */
export function recordsBox(records: StoredRecord[]): [number, number, number, number] | null {
	const points = records.flatMap((r) =>
		r.geometry.type === 'Point' ? [r.geometry.coordinates] : r.geometry.type === 'MultiPolygon' ? r.geometry.coordinates[0]![0]! : []
	);
	if (!points.length) return null;
	const xs = points.map((c) => c[0]!);
	const ys = points.map((c) => c[1]!);
	return [Math.min(...xs) - 0.01, Math.min(...ys) - 0.01, Math.max(...xs) + 0.01, Math.max(...ys) + 0.01];
}
