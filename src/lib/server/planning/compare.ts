/**
 * Hot spots of two periods compared cell by cell (Gi*, $lib/analysis/compare): the same area, case
 * types and grid in both, the first period's distance band used for the second so a cell's class
 * changes only with its cases. Counts are the caller's (the publication for everyone but
 * investigators; tier export for a picture that leaves the app).
 */
import { compareClasses, type Transition } from '../../analysis/compare';
import type { HotspotComparison } from '../../planning/types';
import { caseCells, PlanningInputError, runHotspots, type Client } from './hotspots';

export interface CompareParams {
	first: { from: string; to: string };
	second: { from: string; to: string };
	types: string[];
	unit: string | null;
	tier?: 'screen' | 'export';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function compareHotspots(client: Client, params: CompareParams): Promise<HotspotComparison> {
	for (const [name, p] of [
		['first', params.first],
		['second', params.second]
	] as const)
		if (!p || !DAY.test(p.from ?? '') || !DAY.test(p.to ?? '') || p.to < p.from)
			throw new PlanningInputError(`${name} needs a first and a last day (YYYY-MM-DD), the last not before the first`);
	const scope = { types: params.types, unit: params.unit, method: 'gistar' as const, ...(params.tier ? { tier: params.tier } : {}) };
	const countedA = await caseCells(client, { ...scope, ...params.first });
	const countedB = await caseCells(client, { ...scope, ...params.second, cellDeg: countedA.cellDeg }, countedA.units);
	if (countedB.cellDeg !== countedA.cellDeg || countedB.cells.length !== countedA.cells.length)
		throw new Error(`the second period came on another grid (${countedB.cellDeg}° against ${countedA.cellDeg}°)`);
	const a = await runHotspots(client, { ...scope, ...params.first }, countedA);
	const bandKm = a.band!.bandKm;
	const b = await runHotspots(client, { ...scope, ...params.second, bandKm }, countedB);
	const featuresA = a.cells.features;
	const featuresB = b.cells.features;
	const result = compareClasses(
		featuresA.map((f) => f.properties.class ?? 0),
		featuresB.map((f) => f.properties.class ?? 0)
	);
	const cells = featuresA
		.map((f, i) => ({
			type: 'Feature' as const,
			geometry: f.geometry,
			properties: {
				transition: result.transitions[i]! as Transition,
				first: f.properties.class ?? 0,
				second: featuresB[i]!.properties.class ?? 0,
				zFirst: f.properties.z ?? 0,
				zSecond: featuresB[i]!.properties.z ?? 0
			}
		}))
		.filter((f) => f.properties.transition !== 'none');
	return {
		first: { ...params.first, casesShown: a.casesShown, hot: featuresA.filter((f) => (f.properties.class ?? 0) > 0).length },
		second: { ...params.second, casesShown: b.casesShown, hot: featuresB.filter((f) => (f.properties.class ?? 0) > 0).length },
		cellDeg: countedA.cellDeg,
		bandKm,
		suppressionK: a.suppressionK,
		exact: !!countedA.exact,
		cellCount: featuresA.length,
		counts: result.counts,
		similarity: result.similarity,
		kappa: result.kappa,
		p: result.p,
		permutations: result.permutations,
		cells: { type: 'FeatureCollection', features: cells },
		area: a.area
	};
}
