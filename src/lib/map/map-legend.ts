/**
 * The legend of the map page: one section per drawn layer (layers of a group — sites, border —
 * share one), each layer's part given by its own module in the colours and sizes it draws with.
 */
import type { MessageKey } from '$lib/i18n/messages';
import { MAP_LAYER_DEFS, type LayerDef, type LayerKey } from './layers';
import borderGates from './layers/border-gates';
import borderLines from './layers/border-lines';
import { layerLabel, type LayerContext, type LayerData } from './layers/types';
import type { LegendSection } from './legend';

const GROUP_TITLES: Record<'sites' | 'border', MessageKey> = { sites: 'legendSites', border: 'legendBorder' };

export interface MapLegendInput {
	visible: Record<LayerKey, boolean>;
	/** The data each layer draws (viewport answers, page layers), by descriptor. */
	dataOf: (def: LayerDef) => LayerData | undefined;
	ctx: LayerContext;
}

export function mapLegend({ visible, dataOf, ctx }: MapLegendInput): LegendSection[] {
	const sections: LegendSection[] = [];
	const drawn = MAP_LAYER_DEFS.filter((d) => d.legend && visible[d.key]).sort((a, b) => a.legend!.order - b.legend!.order);
	for (const def of drawn) {
		const part = def.legend!.part(dataOf(def), ctx);
		if (!part) continue;
		const group = def.legend!.group;
		const id = group ?? def.key;
		const section = sections.find((s) => s.id === id);
		if (section) section.entries.push(...part.entries);
		else
			sections.push({
				id,
				title: part.title ?? (group ? ctx.t(GROUP_TITLES[group]) : layerLabel(def, ctx)),
				entries: [...part.entries],
				...(part.note ? { note: part.note } : {})
			});
	}
	return sections;
}

/** The border lines by neighbour, trails, gates and informal crossings, as the border layers draw them. */
export function borderLegend(ctx: LayerContext): LegendSection {
	return {
		id: 'border',
		title: ctx.t('legendBorder'),
		entries: [borderLines, borderGates].flatMap((def) => def.legend!.part(undefined, ctx)?.entries ?? [])
	};
}
