/**
 * The planner page's state: the scope shared by the analyses, and each analysis's inputs, answer,
 * error and busy flag, with the calls that run them. The tabs (route-local components) read and
 * change it; the page draws its answers on the map.
 */
import { api } from '$lib/api';
import { CASE_TYPES, DATA_YEARS } from '$lib/map/filters';
import { periodRange } from '$lib/periods';
import { scheduleTeams } from '$lib/analysis/schedule';
import {
	DEFAULT_DEMAND_WEIGHTS,
	DEMAND_KINDS,
	type CoverageReport,
	type DemandWeights,
	type HotspotComparison,
	type HotspotResult,
	type PlanResult
} from '$lib/planning/types';
import { corridorBbox, type CorridorAnswer } from '$lib/planning/corridors';
import type { CampaignCounts, CampaignEffect } from '$lib/analysis/campaign';
import type { SavedPlan } from '$lib/supabase/database.types';

export type Tab = 'hotspots' | 'coverage' | 'campaign' | 'corridors' | 'plan' | 'saved';
export type Bbox = [number, number, number, number];
export const METHODS = ['gistar', 'kde', 'hex', 'emerging'] as const;
export const HOTSPOT_DATA = ['cases', 'outreach', 'boarding_houses', 'model_sites'] as const;
export const CELL_SIZES = ['0.02', '0.05', '0.1', '0.2'];

/** POSTs to an analysis endpoint; the error text is the server's own (which field, why). */
const post = <T>(url: string, body: unknown) => api<T>(url, { method: 'POST', json: body });

/** [west, south, east, north] around some sites. */
export function bboxOfSites(p: { sites: { lon: number; lat: number }[] }): Bbox {
	const lons = p.sites.map((s) => s.lon);
	const lats = p.sites.map((s) => s.lat);
	return [Math.min(...lons) - 0.05, Math.min(...lats) - 0.05, Math.max(...lons) + 0.05, Math.max(...lats) + 0.05];
}

/** A solved plan kept for comparison: what was asked, what it covers, what it costs. */
export interface Scenario {
	key: string;
	teamType: 'patrol' | 'propaganda';
	/** The outreach form whose reach set the radius (propaganda), or null (a radius of its own). */
	mode: string | null;
	k: number;
	radiusKm: number;
	capacity: number | null;
	teams: number;
	share: number;
	covered: number;
	total: number;
	/** Weeks of work of all teams over the campaign. */
	teamWeeks: number;
	/** Great-circle km the teams travel between sites over the campaign. */
	travelKm: number;
	/** Demand no site reaches at this radius. */
	outOfReach: number;
}

export class Planner {
	tab = $state<Tab>('hotspots');

	// The scope shared by the analyses.
	period = $state('peak-2025');
	unit = $state('');
	types = $state<string[]>([]);
	/** Site records the analyses count: all, or approved ones only (cases are not approved). */
	records = $state<'all' | 'approved'>('all');
	range = $derived(periodRange(this.period)!);

	// Hot spots.
	method = $state<(typeof METHODS)[number]>('gistar');
	hotspotData = $state<(typeof HOTSPOT_DATA)[number]>('cases');
	cellDeg = $state('');
	/** The same preset in every year of data, for the emerging-trend view ("peak-2025" → peak 2021 … 2025). */
	slices = $derived(DATA_YEARS.map((y) => periodRange(`${this.period.split('-')[0]}-${y}`)!).map((r) => ({ from: r.from, to: r.to })));
	hotspots = $state.raw<HotspotResult | null>(null);
	hotspotError = $state('');
	/** Set when the area and period hold too few cases the viewer may see for an analysis. */
	hotspotTooFew = $state('');
	hotspotBusy = $state(false);

	// Coverage gaps.
	gaps = $state.raw<CoverageReport | null>(null);
	gapsError = $state('');
	gapsBusy = $state(false);
	/** How much each kind of demand counts in the overall share. */
	weights = $state<DemandWeights>({ ...DEFAULT_DEMAND_WEIGHTS });

	// Did the peak campaign work (the year of the period chosen).
	campaign = $state.raw<{ counts: CampaignCounts; effect: CampaignEffect } | null>(null);
	campaignError = $state('');
	campaignBusy = $state(false);

	// Border corridors.
	corridors = $state.raw<CorridorAnswer | null>(null);
	corridorsError = $state('');
	corridorsBusy = $state(false);

	// Deployment planner.
	teamType = $state<'patrol' | 'propaganda'>('propaganda');
	k = $state(10);
	radiusKm = $state(5);
	teams = $state(2);
	/** Most demand one site serves (null: no limit). */
	capacity = $state<number | null>(null);
	exact = $state(false);
	pinned = $state<string[]>([]);
	forbidden = $state<string[]>([]);
	/** A saved plan whose sites stay deployed (existing deployments to keep). */
	keepPlan = $state('');
	plan = $state.raw<PlanResult | null>(null);
	planError = $state('');
	planBusy = $state(false);

	// Saved plans, and for propaganda plans the coverage achieved by the outreach actually held.
	shownPlanId = $state<string | null>(null);
	achieved = $state<{ planId: string; share: number } | null>(null);

	/**
	 * @param plans the saved plans as the page has them now
	 * @param fit shows an area on the map
	 * @param tier 'export' when the analysis is drawn for a picture that leaves the app
	 */
	constructor(
		private readonly plans: () => SavedPlan[],
		private readonly fit: (bbox: Bbox) => void,
		private readonly tier: 'screen' | 'export',
		query: URLSearchParams
	) {
		// An analysis can be opened from its query (a briefing slide): ?analysis=hotspots|coverage|campaign|corridors&period=
		// &unit=&types=&method=&data=&cell=&records=.
		const asked = query.get('analysis');
		if (asked === 'coverage' || asked === 'corridors' || asked === 'campaign') this.tab = asked;
		if (periodRange(query.get('period'))) this.period = query.get('period')!;
		this.unit = query.get('unit') ?? '';
		this.types = (query.get('types') ?? '').split(',').filter((c) => (CASE_TYPES as readonly string[]).includes(c));
		this.records = query.get('records') === 'approved' ? 'approved' : 'all';
		this.method = METHODS.find((m) => m === query.get('method')) ?? 'gistar';
		this.hotspotData = HOTSPOT_DATA.find((d) => d === query.get('data')) ?? 'cases';
		this.cellDeg = CELL_SIZES.includes(query.get('cell') ?? '') ? query.get('cell')! : '';
		const compare = query.get('compare');
		if (compare === 'before' || compare === 'last_year') {
			this.compareWith = compare;
			this.compareAsked = true;
		}
		const weights = (query.get('weights') ?? '').split(',').map(Number);
		if (weights.length === DEMAND_KINDS.length && weights.every((w) => w >= 0 && w <= 100) && weights.some((w) => w > 0))
			this.weights = Object.fromEntries(DEMAND_KINDS.map((k, i) => [k, weights[i]!])) as DemandWeights;
	}

	/** The saved plan being shown; follows the page data, so a status change or a deletion shows at once. */
	get shownPlan(): SavedPlan | null {
		return this.plans().find((p) => p.id === this.shownPlanId) ?? null;
	}

	/** An analysis' address: case counts as shown outside the app when this page is drawn for a picture. */
	private tiered(path: string): string {
		return this.tier === 'export' ? `${path}?tier=export` : path;
	}

	async runHotspots() {
		this.hotspotBusy = true;
		this.hotspotError = '';
		this.hotspotTooFew = '';
		try {
			const answer = await post<HotspotResult | { tooFew: true; message: string }>(this.tiered('/api/hotspots'), {
				data: this.hotspotData,
				from: this.range.from,
				to: this.range.to,
				types: this.types,
				unit: this.unit || null,
				method: this.method,
				cellDeg: this.cellDeg ? Number(this.cellDeg) : undefined,
				slices: this.method === 'emerging' ? this.slices : undefined,
				records: this.records
			});
			if ('tooFew' in answer) {
				this.hotspotTooFew = answer.message;
				this.hotspots = null;
			} else {
				this.hotspots = answer;
				this.fit(answer.area);
			}
		} catch (e) {
			this.hotspotError = (e as Error).message;
			this.hotspots = null;
		} finally {
			this.hotspotBusy = false;
		}
	}

	async runGaps() {
		this.gapsBusy = true;
		this.gapsError = '';
		try {
			this.gaps = await post<CoverageReport>(this.tiered('/api/coverage'), {
				from: this.range.from,
				to: this.range.to,
				unit: this.unit || null,
				records: this.records,
				weights: { ...this.weights }
			});
			if (this.gaps.demand.length) this.fit(bboxOfSites({ sites: this.gaps.demand }));
		} catch (e) {
			this.gapsError = (e as Error).message;
			this.gaps = null;
		} finally {
			this.gapsBusy = false;
		}
	}

	async runCampaign() {
		this.campaignBusy = true;
		this.campaignError = '';
		try {
			this.campaign = await post(this.tiered('/api/campaign'), { year: Number(this.range.from?.slice(0, 4)), unit: this.unit || null, types: this.types });
		} catch (e) {
			this.campaignError = (e as Error).message;
			this.campaign = null;
		} finally {
			this.campaignBusy = false;
		}
	}

	/** Hot spots of the peak compared with the quarter before it, or with last year's peak. */
	compareWith = $state<'before' | 'last_year'>('last_year');
	comparison = $state.raw<HotspotComparison | null>(null);
	comparisonTooFew = $state('');
	comparisonError = $state('');
	comparisonBusy = $state(false);
	/** The page was opened with a comparison to show (a briefing slide of the campaign tab). */
	compareAsked = false;

	/** The two periods compared: the peak of the period's year against the quarter before or last year's peak. */
	get comparedPeriods() {
		const y = Number(this.range.from?.slice(0, 4));
		const peak = { from: `${y}-07-01`, to: `${y}-09-30` };
		return this.compareWith === 'before'
			? { first: { from: `${y}-04-01`, to: `${y}-06-30` }, second: peak }
			: { first: { from: `${y - 1}-07-01`, to: `${y - 1}-09-30` }, second: peak };
	}

	async runComparison() {
		this.comparisonBusy = true;
		this.comparisonError = '';
		this.comparisonTooFew = '';
		try {
			const answer = await post<HotspotComparison | { tooFew: true; message: string }>(this.tiered('/api/hotspots/compare'), {
				...this.comparedPeriods,
				types: this.types,
				unit: this.unit || null
			});
			if ('tooFew' in answer) {
				this.comparisonTooFew = answer.message;
				this.comparison = null;
			} else {
				this.comparison = answer;
				this.fit(answer.area);
			}
		} catch (e) {
			this.comparisonError = (e as Error).message;
			this.comparison = null;
		} finally {
			this.comparisonBusy = false;
		}
	}

	async runCorridors() {
		this.corridorsBusy = true;
		this.corridorsError = '';
		try {
			this.corridors = await post<CorridorAnswer>(this.tiered('/api/corridors'), { from: this.range.from, to: this.range.to, unit: this.unit || null });
			const bbox = corridorBbox(this.corridors);
			if (bbox) this.fit(bbox);
		} catch (e) {
			this.corridorsError = (e as Error).message;
			this.corridors = null;
		} finally {
			this.corridorsBusy = false;
		}
	}

	/** The outreach form a propaganda plan is made for ('' : the radius typed); it sets the radius to its reach. */
	mode = $state('');
	/** The mode of the plan shown, as it was solved. */
	planMode = $state<string | null>(null);

	/** Plans for an outreach form: the radius becomes the reach an admin set for it. */
	setMode(code: string, radiusKm: number | null) {
		this.mode = code;
		if (code && radiusKm) this.radiusKm = radiusKm;
	}

	async solve() {
		this.planBusy = true;
		this.planError = '';
		try {
			const keep = this.plans()
				.find((p) => p.id === this.keepPlan)
				?.sites.map((s) => ({ label: s.label, lon: s.lon, lat: s.lat }));
			const { teamType, k, radiusKm, teams, types, exact, pinned, forbidden, capacity } = this;
			this.plan = await post<PlanResult>('/api/plan', {
				teamType,
				k,
				radiusKm,
				teams,
				from: this.range.from,
				to: this.range.to,
				unit: this.unit || null,
				types,
				exact,
				pinned,
				forbidden,
				keep,
				...(capacity ? { capacity } : {})
			});
			this.planMode = teamType === 'propaganda' ? this.mode || null : null;
			this.fit(this.plan.area);
		} catch (e) {
			this.planError = (e as Error).message;
		} finally {
			this.planBusy = false;
		}
	}

	/** Plans kept side by side to compare (this page only): their choices, coverage and cost. */
	scenarios = $state<Scenario[]>([]);

	/** Keeps the plan shown as a scenario (the same choices twice are kept once). */
	keepScenario() {
		const plan = this.plan;
		if (!plan) return;
		const p = plan.params;
		const key = JSON.stringify([
			p.teamType,
			p.k,
			p.radiusKm,
			p.teams,
			p.capacity ?? null,
			p.unit,
			p.from,
			p.to,
			[...p.pinned].sort(),
			[...p.forbidden].sort(),
			p.exact,
			this.planMode
		]);
		if (this.scenarios.some((x) => x.key === key)) return;
		this.scenarios = [
			...this.scenarios,
			{
				key,
				teamType: p.teamType,
				mode: this.planMode,
				k: plan.chosen.length,
				radiusKm: p.radiusKm,
				capacity: p.capacity ?? null,
				teams: Math.min(p.teams, plan.chosen.length),
				share: plan.share,
				covered: plan.covered,
				total: plan.total,
				// One visit is one team at one site for a week.
				teamWeeks: plan.schedule.visits.length,
				travelKm: plan.schedule.travelKm,
				outOfReach: plan.reach.outOfReach.weight
			}
		];
	}

	dropScenario(key: string) {
		this.scenarios = this.scenarios.filter((x) => x.key !== key);
	}

	/** Another kind of team: its own radius, and the other kind's pins and exclusions (other candidates) dropped. */
	changeTeamType() {
		this.radiusKm = this.teamType === 'patrol' ? 15 : 5;
		this.mode = '';
		this.pinned = [];
		this.forbidden = [];
	}

	/** Patrols: another drawn rotation of the same sites (the next seed), made here; the plan is not solved again. */
	redrawRotation() {
		const plan = this.plan;
		if (!plan || plan.schedule.seed === null) return;
		const seed = plan.schedule.seed + 1;
		const schedule = scheduleTeams(plan.chosen, Math.min(plan.params.teams, plan.chosen.length), plan.schedule.weeks, { seed });
		this.plan = { ...plan, params: { ...plan.params, seed }, schedule };
	}

	/** Pins a candidate (always chosen) or forbids it (never chosen); again undoes it. */
	toggle(list: 'pinned' | 'forbidden', id: string) {
		const other = list === 'pinned' ? 'forbidden' : 'pinned';
		this[list] = this[list].includes(id) ? this[list].filter((x) => x !== id) : [...this[list], id];
		this[other] = this[other].filter((x) => x !== id);
	}

	async showPlan(p: SavedPlan) {
		this.shownPlanId = p.id;
		this.achieved = null;
		this.fit(bboxOfSites(p));
		if (p.team_type !== 'propaganda') return;
		try {
			const report = await post<CoverageReport>('/api/coverage', { from: p.starts_on, to: p.ends_on, unit: p.admin_unit });
			if (this.shownPlanId === p.id) this.achieved = { planId: p.id, share: report.share };
		} catch {
			this.achieved = null;
		}
	}
}
