/** The coverage surface of outreach: grid cells shaded by the people reached in them. */
import { GeoJsonLayer } from '@deck.gl/layers';
import { formatNumber } from '$lib/i18n/format';
import { maxOf, rampFill, rampSwatch, SURFACE_RAMP } from '$lib/layers/colors';
import type { Props } from '$lib/layers/features';
import { rampEntries } from '../legend';
import { defineLayer, num } from './types';

export default defineLayer({
	key: 'outreachSurface',
	api: 'outreach_surface',
	id: 'outreach-surface',
	viewport: true,
	visibleByDefault: false,
	opacity: true,
	filters: { dated: true, forms: true, unit: true },
	drawOrder: 2,
	name: 'outreachSurface',
	swatch: () => ({ kind: 'ramp', colors: rampSwatch(SURFACE_RAMP) }),
	deck: (data, show) =>
		new GeoJsonLayer<Props>({
			id: 'outreach-surface',
			data,
			visible: show.visible,
			opacity: show.opacity,
			filled: true,
			stroked: false,
			getFillColor: rampFill(data, SURFACE_RAMP, 'people_reached', 150),
			pickable: true,
			updateTriggers: { getFillColor: data }
		}),
	describe: (p, { t, locale }) => ({
		title: t('outreachSurface'),
		rows: [
			[t('peopleReached'), num(p.people_reached, locale)],
			[t('outreach'), num(p.count, locale)]
		],
		cluster: false
	}),
	legend: {
		order: 2,
		part: (data, { locale }) => {
			const max = maxOf(data, 'people_reached');
			return { entries: max > 0 ? rampEntries(SURFACE_RAMP, max, (v) => formatNumber(v, locale), { steps: 4 }) : [] };
		}
	}
});
