import { PointIndex, checkPoints, type LonLat } from './points';

export interface DemandPoint extends LonLat {
	id: string;
	weight: number;
}

export interface ServiceSite extends LonLat {
	id: string;
	radiusKm: number;
}

export interface CoverageResult {
	totalWeight: number;
	coveredWeight: number;
	/** coveredWeight / totalWeight (1 when there is no demand). */
	share: number;
	/** For each demand point, how many sites reach it. */
	reach: Int32Array;
	/** Demand no site reaches, heaviest first. */
	uncovered: DemandPoint[];
}

/**
 * Coverage of weighted demand (e.g. boarding-house workers, border villages) by sites that each
 * serve a radius (e.g. outreach activities, model sites): the location set covering measure of
 * Toregas et al. (1971) read as a share of demand weight.
 */
export function coverage(demand: readonly DemandPoint[], sites: readonly ServiceSite[]): CoverageResult {
	checkPoints(demand, 'demand');
	checkPoints(sites, 'sites');
	demand.forEach((d, i) => {
		if (!(d.weight >= 0)) throw new Error(`demand[${i}] (${d.id}) has a negative or missing weight`);
	});
	sites.forEach((s, i) => {
		if (!(s.radiusKm >= 0)) throw new Error(`sites[${i}] (${s.id}) has a negative or missing radius`);
	});
	const index = new PointIndex(demand);
	const reach = new Int32Array(demand.length);
	for (const site of sites) for (const i of index.within(site, site.radiusKm)) reach[i]!++;
	let totalWeight = 0;
	let coveredWeight = 0;
	const uncovered: DemandPoint[] = [];
	demand.forEach((d, i) => {
		totalWeight += d.weight;
		if (reach[i]! > 0) coveredWeight += d.weight;
		else uncovered.push(d);
	});
	uncovered.sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id));
	return { totalWeight, coveredWeight, share: totalWeight > 0 ? coveredWeight / totalWeight : 1, reach, uncovered };
}
