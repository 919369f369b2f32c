/**
 * Coverage gaps: which boarding-house workers no outreach reaches. Demand is the workers of each
 * boarding house of the area; reach is every outreach activity held in the period (radius per form)
 * and every active model site (radius per kind), radii from the vocabularies (reach_km). Read with
 * the caller's rights, from all site records or approved ones only.
 */
import type { Feature, Point } from 'geojson';
import { coverage, type DemandPoint, type ServiceSite } from '../../analysis/coverage';
export type { CoverageParams, CoverageReport, DistrictCoverage, ModeCoverage } from '../../planning/types';
import type { CoverageParams, CoverageReport, ModeCoverage } from '../../planning/types';
import type { Vocabularies } from '../../supabase/shapes';
import { layerGeojson, PlanningInputError, type Client } from './hotspots';

const xy = (f: Feature) => (f.geometry as Point).coordinates as [number, number];

export async function runCoverage(client: Client, params: CoverageParams): Promise<CoverageReport> {
	const scope = params.unit ? { admin_unit: params.unit } : {};
	const period = { ...(params.from ? { from: params.from } : {}), ...(params.to ? { to: params.to } : {}) };
	const records = params.records ?? 'all';
	const [houses, outreach, sites, units, reachKm, vocabularies] = await Promise.all([
		layerGeojson(client, { layer: 'boarding_houses', filters: scope }, records),
		layerGeojson(client, { layer: 'outreach', filters: { ...scope, ...period } }, records),
		layerGeojson(client, { layer: 'model_sites', filters: scope }, records),
		layerGeojson(client, { layer: 'admin_units', filters: { level: 'district', ...scope } }),
		client.rpc('reach_km'),
		client.rpc('record_vocabularies')
	]);
	if (reachKm.error) throw new Error(reachKm.error.message);
	if (vocabularies.error) throw new Error(vocabularies.error.message);
	const names = new Map(units.features.map((f) => [String(f.properties.code), String(f.properties.name)]));
	const demand: (DemandPoint & { label: string; unit: string })[] = houses.features.map((f, i) => {
		const [lon, lat] = xy(f);
		return {
			id: String(f.id ?? i),
			lon,
			lat,
			weight: Number(f.properties.workers) || 0,
			label: String(f.properties.label),
			unit: String(f.properties.admin_unit)
		};
	});
	if (demand.length === 0) throw new PlanningInputError('no boarding houses in this area');
	const reach: (ServiceSite & { mode: string })[] = [
		...outreach.features.map((f, i) => {
			const [lon, lat] = xy(f);
			const form = String(f.properties.form);
			return { id: `o${i}`, lon, lat, radiusKm: reachKm.data.forms[form] ?? 1, mode: `form:${form}` };
		}),
		...sites.features
			.filter((f) => f.properties.active)
			.map((f, i) => {
				const [lon, lat] = xy(f);
				const kind = String(f.properties.kind);
				return { id: `s${i}`, lon, lat, radiusKm: reachKm.data.sites[kind] ?? 1, mode: `site:${kind}` };
			})
	];
	const result = coverage(demand, reach);
	const modes = coverageByMode(demand, reach, result.reach, reachKm.data, vocabularies.data);
	const byUnit = new Map<string, { workers: number; covered: number }>();
	demand.forEach((d, i) => {
		const u = byUnit.get(d.unit) ?? { workers: 0, covered: 0 };
		u.workers += d.weight;
		if (result.reach[i]! > 0) u.covered += d.weight;
		byUnit.set(d.unit, u);
	});
	const districts = [...byUnit]
		.map(([code, u]) => ({ code, name: names.get(code) ?? code, workers: u.workers, covered: u.covered, share: u.workers ? u.covered / u.workers : 1 }))
		.sort((a, b) => b.workers - b.covered - (a.workers - a.covered) || a.code.localeCompare(b.code));
	const outreachCount = outreach.features.length;
	return {
		totalWorkers: result.totalWeight,
		coveredWorkers: result.coveredWeight,
		share: result.share,
		demand: demand.map((d, i) => ({
			lon: d.lon,
			lat: d.lat,
			workers: d.weight,
			label: d.label,
			unit: names.get(d.unit) ?? d.unit,
			covered: result.reach[i]! > 0
		})),
		reach: reach.map((r, i) => ({ lon: r.lon, lat: r.lat, radiusKm: r.radiusKm, kind: i < outreachCount ? 'outreach' : 'model_site', mode: r.mode })),
		districts,
		uncovered: result.uncovered.slice(0, 20).map((d) => {
			const full = demand.find((x) => x.id === d.id)!;
			return { label: full.label, unit: names.get(full.unit) ?? full.unit, workers: full.weight, lon: full.lon, lat: full.lat };
		}),
		activities: outreachCount,
		sites: reach.length - outreachCount,
		modes,
		records
	};
}

/**
 * Coverage by mode (each outreach form, each model-site kind with its own reach): the workers each
 * reaches, and those only it reaches (what the area would lose without it). Every mode is listed,
 * those with nothing in the area too: a form never used here is a gap of its own.
 */
function coverageByMode(
	demand: DemandPoint[],
	reach: (ServiceSite & { mode: string })[],
	overall: Int32Array,
	radii: { forms: Record<string, number>; sites: Record<string, number> },
	vocabularies: Vocabularies
): ModeCoverage[] {
	const total = demand.reduce((a, d) => a + d.weight, 0);
	const all = [
		...vocabularies.form.map((o) => ({ mode: `form:${o.code}`, kind: 'form' as const, option: o, radiusKm: radii.forms[o.code] ?? 1 })),
		...vocabularies.kind.map((o) => ({ mode: `site:${o.code}`, kind: 'site' as const, option: o, radiusKm: radii.sites[o.code] ?? 1 }))
	];
	return all.map(({ mode, kind, option, radiusKm }) => {
		const own = reach.filter((r) => r.mode === mode);
		const result = coverage(demand, own);
		let only = 0;
		demand.forEach((d, i) => {
			if (result.reach[i]! > 0 && result.reach[i] === overall[i]) only += d.weight;
		});
		return {
			kind,
			code: option.code,
			name: { vi: option.vi, en: option.en },
			radiusKm,
			count: own.length,
			coveredWorkers: result.coveredWeight,
			share: total ? result.coveredWeight / total : 0,
			onlyWorkers: only
		};
	});
}
