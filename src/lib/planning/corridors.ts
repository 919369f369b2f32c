/**
 * Border corridors: where cases crossed the border (a gate, an informal crossing or a trail) and
 * where they led, as flows origin unit → crossing → destination country (corridor_flows in SQL).
 * Non-investigators get the case publication's cells (a corridor below k is absent, as an empty one
 * is); investigators on screen get exact counts. This module ranks them and turns them into the
 * segments a flow map draws.
 */
/** [lon, lat] in degrees, as deck.gl takes a position. */
export type Position2 = [number, number];

/** Unknown crossing, or no destination abroad. */
export const UNKNOWN = '-';

export interface CorridorFlow {
	origin: string;
	crossing: string;
	destination: string;
	cases: number;
}

export interface CorridorAnswer {
	tier: 'screen' | 'export';
	/** The suppression threshold of the tier; null when exact. */
	k: number | null;
	exact: boolean;
	/** The period the buckets cover (snapped to whole quarters for non-investigators). */
	period: { from: string | null; to: string | null };
	area: { key: string; code: string | null; name: string };
	/** All cases of the area and period; null when that cell is suppressed. */
	total: number | null;
	/** Origin unit → crossing → destination (shown cells only). */
	flows: CorridorFlow[];
	/** Origin unit → crossing, over all destinations (one cell each). */
	origin_crossings: { origin: string; crossing: string; cases: number }[];
	/** The area's crossing → destination totals. */
	corridors: Omit<CorridorFlow, 'origin'>[];
	/** The area's totals per crossing. */
	crossings_total: { crossing: string; cases: number }[];
	origins: Record<string, { code: string; name: string; rest: boolean; lon: number; lat: number }>;
	crossings: Record<string, { name: string | null; kind: 'gate' | 'crossing' | 'trail'; country: string; gate_class: string | null; lon: number; lat: number }>;
	destinations: Record<string, { vi: string; en: string; lon: number | null; lat: number | null }>;
}

export type CorridorLocale = 'vi' | 'en';

const WORDS = {
	vi: { unknownCrossing: 'Không rõ nơi qua biên giới', noAbroad: 'Không ra nước ngoài / không rõ', rest: 'không thuộc đơn vị nào' },
	en: { unknownCrossing: 'Crossing not known', noAbroad: 'Not abroad / not known', rest: 'in no unit' }
} as const;

export function crossingName(answer: CorridorAnswer, id: string, locale: CorridorLocale): string {
	if (id === UNKNOWN) return WORDS[locale].unknownCrossing;
	const c = answer.crossings[id];
	return c ? `${c.name ?? c.kind} (${c.country})` : id;
}

export function destinationName(answer: CorridorAnswer, code: string, locale: CorridorLocale): string {
	if (code === UNKNOWN) return WORDS[locale].noAbroad;
	return answer.destinations[code]?.[locale] ?? code;
}

export function originName(answer: CorridorAnswer, key: string, locale: CorridorLocale): string {
	const o = answer.origins[key];
	if (!o) return key;
	return o.rest ? `${o.name} (${WORDS[locale].rest})` : o.name;
}

/** A flow leaves by land when its crossing is known; one with neither crossing nor destination is not a corridor. */
export const crossesBorder = (f: { crossing: string; destination: string }) => f.crossing !== UNKNOWN || f.destination !== UNKNOWN;

export interface CorridorRow {
	crossing: string;
	destination: string;
	cases: number;
	/** Share of the area's cases (null when the total is suppressed). */
	share: number | null;
	label: string;
}

/**
 * The area's corridors ranked by cases (ties by name): those with a known crossing first-class,
 * "crossing not known" rows after them in the same order, cases that did not leave the country
 * (or say nothing of it) apart as `notAbroad`.
 */
export function rankCorridors(answer: CorridorAnswer, locale: CorridorLocale): { rows: CorridorRow[]; notAbroad: number | null; shown: number } {
	const rows = answer.corridors
		.filter(crossesBorder)
		.map((c) => ({
			...c,
			share: answer.total ? c.cases / answer.total : null,
			label: `${crossingName(answer, c.crossing, locale)} → ${destinationName(answer, c.destination, locale)}`
		}))
		.sort((a, b) => Number(a.crossing === UNKNOWN) - Number(b.crossing === UNKNOWN) || b.cases - a.cases || a.label.localeCompare(b.label, locale));
	const none = answer.corridors.find((c) => !crossesBorder(c));
	return { rows, notAbroad: none ? none.cases : null, shown: answer.corridors.reduce((s, c) => s + c.cases, 0) };
}

export interface FlowSegment {
	/** 'out': origin → crossing (in Vietnam); 'abroad': crossing → destination; 'direct': origin → destination, crossing unknown. */
	leg: 'out' | 'abroad' | 'direct';
	from: Position2;
	to: Position2;
	cases: number;
	/** What the segment joins, for its tooltip. */
	label: string;
}

/**
 * The segments of a flow map, each one published cell: origin → crossing (over all destinations),
 * crossing → destination (the area's corridors), and origin → destination where the crossing is
 * unknown.
 * Flows with neither crossing nor destination, and ends without a point, are not drawn.
 */
export function flowSegments(answer: CorridorAnswer, locale: CorridorLocale): FlowSegment[] {
	const legs: FlowSegment[] = [];
	const at = (p: { lon: number | null; lat: number | null } | undefined): Position2 | null => (p && p.lon !== null && p.lat !== null ? [p.lon, p.lat] : null);
	for (const f of answer.origin_crossings) {
		const origin = at(answer.origins[f.origin]);
		const crossing = f.crossing === UNKNOWN ? null : at(answer.crossings[f.crossing]);
		if (origin && crossing)
			legs.push({
				leg: 'out',
				from: origin,
				to: crossing,
				label: `${originName(answer, f.origin, locale)} → ${crossingName(answer, f.crossing, locale)}`,
				cases: f.cases
			});
	}
	for (const f of answer.flows) {
		const origin = at(answer.origins[f.origin]);
		const destination = f.destination === UNKNOWN ? null : at(answer.destinations[f.destination]);
		if (f.crossing === UNKNOWN && origin && destination)
			legs.push({
				leg: 'direct',
				from: origin,
				to: destination,
				label: `${originName(answer, f.origin, locale)} → ${destinationName(answer, f.destination, locale)}`,
				cases: f.cases
			});
	}
	// Legs abroad from the area's own corridors: one cell each, so none is lost to its origins' small counts.
	for (const c of answer.corridors) {
		const crossing = c.crossing === UNKNOWN ? null : at(answer.crossings[c.crossing]);
		const destination = c.destination === UNKNOWN ? null : at(answer.destinations[c.destination]);
		if (crossing && destination)
			legs.push({
				leg: 'abroad',
				from: crossing,
				to: destination,
				label: `${crossingName(answer, c.crossing, locale)} → ${destinationName(answer, c.destination, locale)}`,
				cases: c.cases
			});
	}
	return legs.sort((a, b) => b.cases - a.cases);
}

/** [west, south, east, north] around the origins and crossings of an answer (where in Vietnam its flows start and cross), or null. */
export function corridorBbox(answer: CorridorAnswer): [number, number, number, number] | null {
	const points = [...Object.values(answer.origins), ...Object.values(answer.crossings)];
	if (points.length === 0) return null;
	const lons = points.map((p) => p.lon);
	const lats = points.map((p) => p.lat);
	return [Math.min(...lons) - 0.3, Math.min(...lats) - 0.3, Math.max(...lons) + 0.3, Math.max(...lats) + 0.3];
}
