import along from '@turf/along';
import length from '@turf/length';
import centroid from '@turf/centroid';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { Feature, LineString, MultiLineString, MultiPolygon, Point, Polygon } from 'geojson';
import { hexBin, type Binned } from './hexbin';
import { cellToLatLng } from 'h3-js';
import type { LonLat } from './points';

export type CandidateKind = 'border_segment' | 'gate' | 'trail' | 'commune' | 'boarding_cluster' | 'industrial_zone' | 'hotspot' | 'existing';

export interface Candidate extends LonLat {
	id: string;
	kind: CandidateKind;
	/** A name or a short English description; `detail` holds its figures for other languages. */
	label: string;
	detail?: { country?: string; km?: number; houses?: number; workers?: number; n?: number; place?: string; near?: string };
}

/** Points every `spacingKm` along a line (geodesic, turf), its first point included. */
export function pointsAlong(line: Feature<LineString | MultiLineString>, spacingKm: number): LonLat[] {
	if (!(spacingKm > 0)) throw new Error('spacingKm must be positive');
	const parts: Feature<LineString>[] =
		line.geometry.type === 'LineString'
			? [line as Feature<LineString>]
			: line.geometry.coordinates.map((coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates } }));
	const points: LonLat[] = [];
	for (const part of parts) {
		const km = length(part, { units: 'kilometers' });
		for (let d = 0; d <= km; d += spacingKm) {
			const [lon, lat] = along(part, d, { units: 'kilometers' }).geometry.coordinates;
			points.push({ lon: lon!, lat: lat! });
		}
	}
	return points;
}

/**
 * Candidate posts for patrol teams: points along the border every `spacingKm`, every border gate,
 * the Vietnamese end of every trail, and (optionally) hot-spot cell centres.
 */
export function patrolCandidates(input: {
	borderLines: Feature<LineString | MultiLineString, { country?: string }>[];
	gates: Feature<Point, { name?: string }>[];
	trails?: Feature<LineString, { name?: string }>[];
	hotspots?: LonLat[];
	spacingKm?: number;
}): Candidate[] {
	const spacing = input.spacingKm ?? 10;
	const out: Candidate[] = [];
	input.borderLines.forEach((line, l) =>
		pointsAlong(line, spacing).forEach((p, i) =>
			out.push({
				...p,
				id: `border-${l}-${i}`,
				kind: 'border_segment',
				label: `${line.properties?.country ?? ''} border km ${i * spacing}`,
				detail: { country: line.properties?.country ?? '', km: i * spacing }
			})
		)
	);
	input.gates.forEach((g, i) => {
		const [lon, lat] = g.geometry.coordinates;
		out.push({ lon: lon!, lat: lat!, id: `gate-${i}`, kind: 'gate', label: g.properties?.name ?? `gate ${i}` });
	});
	(input.trails ?? []).forEach((t, i) => {
		const end = t.geometry.coordinates[t.geometry.coordinates.length - 1]!;
		out.push({ lon: end[0]!, lat: end[1]!, id: `trail-${i}`, kind: 'trail', label: t.properties?.name ?? `trail ${i}` });
	});
	(input.hotspots ?? []).forEach((h, i) => out.push({ ...h, id: `hotspot-${i}`, kind: 'hotspot', label: `hot spot ${i}`, detail: { n: i + 1 } }));
	return out;
}

/** Cluster candidates of a propaganda plan, at most (the hexagons are made coarser until they fit). */
export const MAX_CLUSTER_CANDIDATES = 1500;
/** The coarsest hexagons clusters are drawn on (H3 resolution 5: about 250 km²). */
const MIN_CLUSTER_RESOLUTION = 5;

/**
 * Candidate places for propaganda teams: commune (or district) centres, the centres of H3 cells
 * (resolution 8, about 0.7 km², coarser when more than `maxClusters` hold houses) holding boarding
 * houses, weighted clusters first, and industrial zones.
 */
export function propagandaCandidates(input: {
	units: Feature<Polygon | MultiPolygon, { code?: string; name?: string }>[];
	boardingHouses: (LonLat & { workers: number })[];
	industrialZones: Feature<Polygon | MultiPolygon, { name?: string }>[];
	clusterResolution?: number;
	/** At most this many cluster candidates: coarser hexagons when the houses spread over more. */
	maxClusters?: number;
}): Candidate[] {
	const out: Candidate[] = [];
	input.units.forEach((u, i) => {
		const [lon, lat] = centroid(u).geometry.coordinates;
		out.push({ lon: lon!, lat: lat!, id: `unit-${u.properties?.code ?? i}`, kind: 'commune', label: u.properties?.name ?? `unit ${i}` });
	});
	const workers = input.boardingHouses.map((b) => b.workers);
	const maxClusters = input.maxClusters ?? MAX_CLUSTER_CANDIDATES;
	let resolution = input.clusterResolution ?? 8;
	const byWeight = (list: Binned[]) => list.sort((a, b) => b.total - a.total || a.cell.localeCompare(b.cell));
	let bins = byWeight(hexBin(input.boardingHouses, resolution, workers));
	if (bins.length > maxClusters) {
		// 61,912 houses of a province fill some 7,700 hexagons of 0.7 km²: the plan would grow with
		// them. Half the places are the densest of those, half coarser hexagons covering every house.
		const dense = bins.slice(0, Math.ceil(maxClusters / 2));
		const room = maxClusters - dense.length;
		// At least one step coarser, so that no hexagon is a place twice.
		let coarse: Binned[];
		do coarse = hexBin(input.boardingHouses, --resolution, workers);
		while (coarse.length > room && resolution > MIN_CLUSTER_RESOLUTION);
		bins = [...dense, ...byWeight(coarse).slice(0, room)];
	}
	for (const bin of bins) {
		const [lat, lon] = cellToLatLng(bin.cell);
		out.push({
			lon,
			lat,
			id: `cluster-${bin.cell}`,
			kind: 'boarding_cluster',
			label: `${bin.count} boarding houses, ${bin.total} workers`,
			detail: { houses: bin.count, workers: bin.total }
		});
	}
	input.industrialZones.forEach((z, i) => {
		const [lon, lat] = centroid(z).geometry.coordinates;
		out.push({ lon: lon!, lat: lat!, id: `zone-${i}`, kind: 'industrial_zone', label: z.properties?.name ?? `zone ${i}` });
	});
	return out;
}

/** Candidates known only by their figures (a border kilometre, a cluster, a hot-spot cell). */
const UNNAMED: CandidateKind[] = ['border_segment', 'boarding_cluster', 'hotspot'];

/**
 * Names the place of every candidate known only by its figures, so that a team is sent somewhere a
 * person can find: the unit it lies in (`place`, the smallest unit holding it) and the nearest named
 * landmark within `nearKm` (`near`: a gate, an industrial zone, a boarding house).
 */
export function namePlaces(
	candidates: Candidate[],
	units: Feature<Polygon | MultiPolygon, { name?: string }>[],
	landmarks: (LonLat & { name: string })[],
	nearKm = 3
): Candidate[] {
	// Smallest first: a commune before its district.
	const sized = units.map((u) => ({ u, size: bboxArea(u) })).sort((a, b) => a.size - b.size);
	const index = new KDBush(Math.max(1, landmarks.length));
	for (const l of landmarks) index.add(l.lon, l.lat);
	index.finish();
	return candidates.map((c) => {
		if (!UNNAMED.includes(c.kind)) return c;
		const unit = sized.find(({ u }) => booleanPointInPolygon([c.lon, c.lat], u))?.u.properties?.name;
		const [nearest] = landmarks.length ? around(index, c.lon, c.lat, 1, nearKm) : [];
		const near = nearest === undefined ? undefined : landmarks[nearest]!.name;
		return { ...c, detail: { ...c.detail, ...(unit ? { place: unit } : {}), ...(near ? { near } : {}) } };
	});
}

function bboxArea(f: Feature<Polygon | MultiPolygon>): number {
	const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0]!] : f.geometry.coordinates.map((p) => p[0]!);
	const xs = rings.flat().map((p) => p[0]!);
	const ys = rings.flat().map((p) => p[1]!);
	return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}
