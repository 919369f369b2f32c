/**
 * What a tooltip and a click popup say about a feature of the map: a title and labelled rows,
 * in the reader's language. Clusters and aggregates say how many they hold.
 */
import type { Locale, MessageKey } from '$lib/i18n/messages';

export interface Description {
	title: string;
	rows: [string, string][];
	/** True for grid clusters: the popup offers to zoom in. */
	cluster: boolean;
}

type T = (key: MessageKey) => string;
type Props = Record<string, unknown>;

const LAYER_TITLES: Record<string, MessageKey> = {
	'boarding-houses': 'boardingHouses',
	outreach: 'outreach',
	'model-sites': 'modelSites',
	cases: 'cases'
};

export function describe(layerId: string, p: Props, t: T, locale: Locale): Description | null {
	const num = (v: unknown) => Number(v ?? 0).toLocaleString(locale);
	const date = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v.split('-').reverse().join('/') : '');
	const label = (prefix: string, v: unknown) => t(`${prefix}${String(v)}` as MessageKey) ?? String(v);
	const unit = (): [string, string][] => (p.unit_name ? [[t('unit'), String(p.unit_name)]] : []);
	const demo = (): [string, string][] => (p.is_demo ? [[t('demoRecord'), '✓']] : []);
	// Clusters (-clusters, their counts -clusters-counts) and case areas (-areas) describe as their layer.
	const base = layerId.replace(/(-clusters)?(-counts)?$/, '').replace(/-areas$/, '');

	// Grid clusters of a point layer: how many, and their weight.
	if (p.weight !== undefined && p.count !== undefined && base in LAYER_TITLES) {
		const weightLabel: Record<string, MessageKey> = { 'boarding-houses': 'workers', outreach: 'peopleReached', cases: 'victims' };
		return {
			title: `${t(LAYER_TITLES[base]!)} — ${t('clusterOf').replace('{n}', num(p.count))}`,
			rows: weightLabel[base] ? [[t(weightLabel[base]!), num(p.weight)]] : [],
			cluster: true
		};
	}
	switch (base) {
		case 'border-gates':
			return { title: String(p.name ?? ''), rows: [[t('borderGates'), label('country', p.country)], ...demo()], cluster: false };
		case 'border-lines':
			return { title: p.kind === 'trail' ? String(p.name) : t(`country${p.country}` as MessageKey), rows: [], cluster: false };
		case 'industrial-zones':
			return { title: String(p.name), rows: [[t('workers'), num(p.workers)], ...demo()], cluster: false };
		case 'boarding-houses':
			return {
				title: String(p.label),
				rows: [[t('workers'), num(p.workers)], [t('rooms'), num(p.rooms)], ...(p.industrial_zone ? [[t('industrialZones'), String(p.industrial_zone)] as [string, string]] : []), ...unit(), ...demo()],
				cluster: false
			};
		case 'outreach':
			return {
				title: `${label('form_', p.form)} · ${date(p.held_on)}`,
				rows: [[t('peopleReached'), num(p.people_reached)], [t('materials'), num(p.materials)], [t('organiser'), String(p.organiser ?? '—')], ...unit(), ...demo()],
				cluster: false
			};
		case 'outreach-surface':
			return { title: t('outreachSurface'), rows: [[t('peopleReached'), num(p.people_reached)], [t('outreach'), num(p.count)]], cluster: false };
		case 'model-sites':
			return {
				title: String(p.name),
				rows: [[t('modelSites'), label('kind_', p.kind)], [t('openedOn'), date(p.opened_on) || '—'], [t('status'), p.active ? t('active') : t('disabled')], ...unit(), ...demo()],
				cluster: false
			};
		case 'cases':
			if (p.count !== undefined) {
				return {
					title: String(p.name ?? t('cases')),
					rows: [[t('ind_cases'), num(p.count)], [t('ind_victims'), num(p.victims)]],
					cluster: false
				};
			}
			return {
				title: `${label('ct_', p.case_type)} · ${date(p.occurred_on)}`,
				rows: [
					[t('caseStatus'), label('status_', p.status)],
					[t('ind_victims'), `${num(p.victims)} (${t('female')} ${num(p.victims_female)}, ${t('under16')} ${num(p.victims_under_16)})`],
					[t('destination'), String(p.destination_country ?? '—')],
					[t('precision'), label('precision_', p.location_precision)],
					...unit(),
					...demo()
				],
				cluster: false
			};
		default:
			return null;
	}
}
