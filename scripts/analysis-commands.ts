/**
 * The analysts' commands of `npm run cli`: `hotspots` (Gi* on cells) and `plan` (MCLP).
 * Input problems are reported as UsageError (one clear line, exit code 2 in cli.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import centroid from '@turf/centroid';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { chooseBand } from '../src/lib/analysis/bandwidth';
import { giStar } from '../src/lib/analysis/gistar';
import { mclpExact, mclpHeuristic } from '../src/lib/analysis/mclp';
import type { LonLat } from '../src/lib/analysis/points';

export class UsageError extends Error {}

function readCollection(path: string, what: string): FeatureCollection<Geometry | null, Record<string, unknown> | null> {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch {
		throw new UsageError(`${what}: cannot read ${path}`);
	}
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		throw new UsageError(`${what}: ${path} is not GeoJSON (not valid JSON)`);
	}
	const fc = data as { type?: unknown; features?: unknown };
	if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
		throw new UsageError(`${what}: ${path} is not a GeoJSON FeatureCollection`);
	}
	return data as FeatureCollection<Geometry | null, Record<string, unknown> | null>;
}

function numberProperty(f: Feature<Geometry | null, Record<string, unknown> | null>, name: string, i: number, what: string): number {
	const raw = f.properties?.[name];
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw new UsageError(`${what}: feature ${i} has no numeric property "${name}" (got ${JSON.stringify(raw ?? null)})`);
	}
	return value;
}

function location(f: Feature<Geometry | null, unknown>, i: number, what: string, allowed: string[]): LonLat {
	const type = f.geometry?.type;
	if (!type || !allowed.includes(type)) {
		throw new UsageError(`${what}: feature ${i} has geometry ${type ?? 'null'}, expected ${allowed.join(' or ')}`);
	}
	const [lon, lat] = type === 'Point' ? (f.geometry as { coordinates: number[] }).coordinates : centroid(f as Feature<Geometry>).geometry.coordinates;
	if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon!) > 180 || Math.abs(lat!) > 90) {
		throw new UsageError(`${what}: feature ${i} has coordinates outside the world`);
	}
	return { lon: lon!, lat: lat! };
}

function positive(value: string | undefined, flag: string, { integer = false, allowZero = false } = {}): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n) || (allowZero ? n < 0 : n <= 0) || (integer && !Number.isInteger(n))) {
		throw new UsageError(`${flag} must be a ${integer ? 'whole number' : 'number'} ${allowZero ? '≥ 0' : '> 0'}, got "${value}"`);
	}
	return n;
}

function required(value: string | undefined, flag: string): string {
	if (!value) throw new UsageError(`${flag} is required`);
	return value;
}

export function hotspotsCommand(flags: { cells?: string; value?: string; 'band-km'?: string; out?: string }, log: (line: string) => void): void {
	const cellsPath = required(flags.cells, '--cells');
	const property = required(flags.value, '--value');
	const out = required(flags.out, '--out');
	const band = positive(flags['band-km'], '--band-km');
	const fc = readCollection(cellsPath, '--cells');
	if (fc.features.length < 3) throw new UsageError(`--cells: Gi* needs at least 3 features, ${cellsPath} has ${fc.features.length}`);
	const points = fc.features.map((f, i) => location(f, i, '--cells', ['Point', 'Polygon', 'MultiPolygon']));
	const values = fc.features.map((f, i) => numberProperty(f, property, i, '--cells'));
	let bandKm = band;
	if (bandKm === undefined) {
		const choice = chooseBand(points, values);
		bandKm = choice.bandKm;
		log(`distance band: ${bandKm.toFixed(3)} km — ${choice.reason}`);
	}
	const result = giStar(points, values, { neighbourhood: { kind: 'distance', bandKm }, fdr: true });
	const features = fc.features.map((f, i) => ({
		...f,
		properties: { ...(f.properties ?? {}), gi_z: result.z[i], gi_p: result.p[i], gi_class: result.classes[i] }
	}));
	writeFileSync(out, JSON.stringify({ ...fc, features }));
	const counts = new Map<number, number>();
	for (const c of result.classes) counts.set(c, (counts.get(c) ?? 0) + 1);
	log(
		`${features.length} cells, band ${bandKm.toFixed(3)} km, FDR-corrected classes: ${[3, 2, 1, 0, -1, -2, -3].map((c) => `${c > 0 ? '+' : ''}${c}: ${counts.get(c) ?? 0}`).join(', ')} → ${out}`
	);
}

export async function planCommand(
	flags: { demand?: string; weight?: string; candidates?: string; 'radius-km'?: string; k?: string; exact?: boolean; fast?: boolean; out?: string },
	log: (line: string) => void
): Promise<void> {
	const demandPath = required(flags.demand, '--demand');
	const weight = required(flags.weight, '--weight');
	const candidatesPath = required(flags.candidates, '--candidates');
	const out = required(flags.out, '--out');
	if (flags['radius-km'] === undefined) throw new UsageError('--radius-km is required');
	if (flags.k === undefined) throw new UsageError('--k is required');
	const radiusKm = positive(flags['radius-km'], '--radius-km', { allowZero: true })!;
	const k = positive(flags.k, '--k', { integer: true })!;
	if (flags.exact && flags.fast) throw new UsageError('choose one of --exact and --fast');
	const demandFc = readCollection(demandPath, '--demand');
	const candidateFc = readCollection(candidatesPath, '--candidates');
	const demand = demandFc.features.map((f, i) => ({ ...location(f, i, '--demand', ['Point']), weight: numberProperty(f, weight, i, '--demand') }));
	demand.forEach((d, i) => {
		if (d.weight < 0) throw new UsageError(`--demand: feature ${i} has a negative ${weight}`);
	});
	const candidates = candidateFc.features.map((f, i) => location(f, i, '--candidates', ['Point']));
	const ids = candidateFc.features.map((f, i) => {
		const id = f.properties?.id;
		if (id === undefined || id === null || id === '') throw new UsageError(`--candidates: feature ${i} has no property "id"`);
		return id;
	});
	if (k > candidates.length) throw new UsageError(`--k ${k} is larger than the ${candidates.length} candidates`);
	const problem = { demand, candidates, radiusKm, k };
	const solution = flags.fast ? mclpHeuristic(problem) : await mclpExact(problem, { timeLimitSeconds: 60 });
	const plan = {
		chosen: solution.chosen.map((j) => ids[j]),
		covered: solution.covered,
		total: solution.total,
		optimal: solution.optimal,
		gap: Number.isNaN(solution.gap) ? null : solution.gap,
		// "optimal" only when proven; otherwise the best plan found, never below the fast one.
		status: solution.optimal ? 'optimal' : 'best found',
		...(solution.fallback ? { fallback: solution.fallback } : {})
	};
	writeFileSync(out, JSON.stringify(plan, null, 2));
	log(
		`${solution.method}: ${k} sites cover ${solution.covered} of ${solution.total} (${((100 * solution.covered) / Math.max(solution.total, 1e-12)).toFixed(1)} %), ${solution.optimal ? 'optimal' : `best found, gap ${plan.gap === null ? 'unknown' : `${(100 * plan.gap).toFixed(2)} %`}`}${solution.fallback ? ` (${solution.fallback})` : ''}, ${solution.seconds.toFixed(2)} s → ${out}`
	);
}
