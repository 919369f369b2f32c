/**
 * What a tooltip and a click popup say about a feature of the map: a title and labelled rows,
 * in the reader's language. Each layer describes its own features (its module in ./layers);
 * grid clusters of a point layer say how many they hold and their weight.
 */
import { formatNumber } from '$lib/i18n/format';
import { layerOfDeckId } from './layers';
import type { Description, LayerContext } from './layers/types';

export type { Description };

export function describe(layerId: string, p: Record<string, unknown>, ctx: LayerContext): Description | null {
	const def = layerOfDeckId(layerId);
	if (!def) return null;
	const { t, locale } = ctx;
	if (def.clusters && p.weight !== undefined && p.count !== undefined) {
		const weight = def.clusters.weight;
		return {
			title: `${t(def.name)} — ${t('clusterOf').replace('{n}', formatNumber(Number(p.count), locale))}`,
			rows: weight ? [[t(weight), formatNumber(Number(p.weight), locale)]] : [],
			cluster: true
		};
	}
	return def.describe?.(p, ctx) ?? null;
}
