/**
 * The shapes of what the data API takes and answers (supabase/migrations): layers, records, plans,
 * briefings, reports, profiles. A leaf: it imports nothing of the app but the vocabulary's codes.
 * database.types.ts names the functions with these shapes; supabase/tests/contract.test.ts checks
 * the functions' names and arguments against the database.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { AppRole } from '$lib/vocabulary';

export { APP_ROLES, type AppRole } from '$lib/vocabulary';

export interface Option {
	code: string;
	vi: string;
	en: string;
}
/** Vocabularies from the reference tables, by the field that uses them. */
export type Vocabularies = Record<'form' | 'kind' | 'case_type' | 'destination_country' | 'crossing', Option[]>;

export type SlideKind = 'map' | 'chart' | 'figures' | 'deployments';
export type ChartKind = 'cases_by_month' | 'outreach_by_form' | 'hotspot_classes' | 'coverage';
export const CHARTS: ChartKind[] = ['cases_by_month', 'outreach_by_form', 'hotspot_classes', 'coverage'];

export interface SlideFilters {
	from?: string;
	to?: string;
	admin_unit?: string;
}
export interface Slide {
	id: string;
	kind: SlideKind;
	title: string;
	notes: string;
	/** Map slides: which page and its query (view, layers, filters, analysis). */
	page?: 'map' | 'plan';
	query?: string;
	chart?: ChartKind;
	filters?: SlideFilters;
	/** Deployments slides and coverage charts: the saved plan. */
	plan_id?: string;
}
export interface Briefing {
	id: string;
	title: string;
	notes: string;
	slides: Slide[];
	/** Bumped by every change: a save names the version it started from. */
	version: number;
	updated_at: string;
	/** Who changed it last. */
	updated_by_name?: string | null;
	is_demo: boolean;
}

export type LayerName = 'admin_units' | 'border_lines' | 'border_gates' | 'industrial_zones' | 'boarding_houses' | 'outreach' | 'model_sites' | 'cases';

export type LayerFilters = {
	admin_unit?: string;
	level?: string | string[];
	country?: string | string[];
	kind?: string | string[];
	from?: string;
	to?: string;
	form?: string | string[];
	case_type?: string | string[];
	min_workers?: number;
	aggregate?: 'admin_unit' | 'grid' | 'none';
	cell_deg?: number;
	/** Cases: the protected publication of the app ("screen") or of what leaves it ("export"). */
	tier?: 'screen' | 'export';
};

export type LayerCollection = FeatureCollection<Geometry, Record<string, unknown>> & {
	aggregate?: string;
	suppression_k?: number;
	/** Case aggregates: the grid cell the publication used (its ladder: 0.8° … 0.05°). */
	cell_deg?: number | null;
	/** Case aggregates: the whole buckets a free period was snapped to (null ends: open). */
	period?: { from: string | null; to: string | null };
};

/** The protected case publication: when it was built and what suppression costs per level. */
export interface CasePublicationInfo {
	version: number;
	built_at: string;
	build_ms: number;
	suppression_k: number;
	export_k: number;
	levels: Record<
		string,
		| { cells: number; cases: number; hidden_cells_screen: number; hidden_cases_screen: number; hidden_cells_export: number; hidden_cases_export: number }
		| number
	>;
	/** The data version now; the publication is current when it was built from it (and the thresholds in force). */
	data_version: number;
	current: boolean;
	/** The server's publisher, while one beats: a stale publication is served while it builds the next. */
	publisher: { seen_at: string; building_since: string | null } | null;
}

/** Layers map_layer serves: those of layer_geojson and the outreach coverage surface. */
export type MapLayerName = LayerName | 'outreach_surface';

/** What map_layer answers for one view. */
export type ViewCollection = LayerCollection & {
	/** features: the records themselves; clusters: grid cells of points; aggregate: suppressed case counts; surface: outreach cells. */
	mode: 'features' | 'clusters' | 'aggregate' | 'surface';
	/** Records in view after the filters (for aggregates: the cases counted in the shown groups). */
	total: number;
	cell_deg?: number;
};

/** Figures of one administrative unit, rolled up from the units below it. */
export type UnitIndicators = {
	code: string;
	name: string;
	population: number | null;
	boarding_houses: number;
	workers: number;
	outreach: number;
	people_reached: number;
	model_sites: number;
	/** Null when below the suppression threshold (never for investigators). */
	cases: number | null;
	victims: number | null;
};

export type DeploymentStatus = 'planned' | 'active' | 'done' | 'cancelled';
export const DEPLOYMENT_STATUSES: DeploymentStatus[] = ['planned', 'active', 'done', 'cancelled'];

/** A site of a plan as save_plan takes it. */
export type PlanSiteInput = {
	label: string;
	lon: number;
	lat: number;
	team?: string;
	candidate?: string;
	covered?: number;
	weeks?: { start: string; end: string }[];
};

export type PlanInput = {
	/** Made by the client once per solved plan: a repeated save stores it once. */
	id?: string;
	name: string;
	team_type: 'patrol' | 'propaganda';
	starts_on: string;
	ends_on: string;
	admin_unit?: string | null;
	params: Record<string, unknown>;
	figures: Record<string, unknown>;
	sites: PlanSiteInput[];
};

export type SavedPlan = Omit<PlanInput, 'sites' | 'admin_unit'> & {
	id: string;
	admin_unit: string | null;
	admin_unit_name: string | null;
	created_at: string;
	sites: { id: string; label: string; team: string; lon: number; lat: number; weeks: { start: string; end: string }[]; status: DeploymentStatus }[];
};

export type Profile = {
	user_id: string;
	email: string;
	role: AppRole;
	admin_unit: string | null;
	admin_unit_name: string | null;
	display_name: string | null;
};

export type UserListing = {
	user_id: string;
	email: string;
	role: AppRole | null;
	admin_unit: string | null;
	display_name: string | null;
	disabled: boolean;
	last_sign_in_at: string | null;
	created_at: string;
};

/** A record as save_record and list_records give it: its columns, geometry as GeoJSON, unit name. */
export type Approval = 'submitted' | 'returned' | 'approved';
/** A change to an approved record awaiting review (site records). */
export type Proposal = {
	status: 'submitted' | 'returned';
	changed: string[];
	base_version: number;
	by_name: string | null;
	at: string;
	comment?: string;
	returned_by?: string | null;
	/** The record as it would be with the change. */
	record: Record<string, unknown>;
};
export type StoredRecord = {
	id: string;
	version: number;
	updated_at: string;
	updated_by_name: string | null;
	unit_name: string | null;
	admin_unit_id: string;
	is_demo: boolean;
	geometry: Geometry;
	/** Site records: review state (cases have none). */
	approval?: Approval;
	review_comment?: string | null;
	reviewed_by_name?: string | null;
	reviewed_at?: string | null;
	proposal?: Proposal | null;
	[field: string]: unknown;
};
export type SaveAnswer = {
	status: 'created' | 'updated' | 'unchanged' | 'conflict' | 'submitted';
	record: StoredRecord | null;
	current?: StoredRecord;
	changed: string[];
};
export type HistoryEntry = {
	at: string;
	/** Null for the creation of demo data. */
	actor: string | null;
	actor_role: string | null;
	op: 'insert' | 'update' | 'delete' | 'restore';
	version: number | null;
	changes: { field: string; from: unknown; to: unknown }[];
	record: StoredRecord | null;
	before: StoredRecord | null;
};
export type DeletedRecord = { id: string; deleted_at: string; actor: string; version: number; record: StoredRecord };

export type PlaceHit = {
	kind: string;
	name: string;
	detail: string | null;
	lon: number;
	lat: number;
	bbox: [number, number, number, number];
};

/** Filters of report figures and case exports; data: all records or approved site records only. */
export type ReportFilters = { from?: string; to?: string; admin_unit?: string; case_type?: string[]; data?: 'all' | 'approved' };
export type ReportFigures = {
	tier: 'screen' | 'export';
	k: number;
	exact: boolean;
	data: 'all' | 'approved';
	/** Site records in the area (and period, for outreach) not yet approved. */
	unapproved_records: number;
	outreach_by_form: { form: string; activities: number; people_reached: number }[];
	figures: Record<string, number | null>;
	cases_by_type: { case_type: string; cases: number | null; victims: number | null }[];
	cases_by_month: { month: string; case_type: string; cases: number | null }[];
	/** All types' published total per month (only when no type filter): null = suppressed or none. */
	cases_by_month_total?: { month: string; cases: number | null }[];
};
export type ReportApproval = {
	unit: string;
	period: string;
	from: string;
	to: string;
	figures: ReportFigures;
	approved_at: string;
	approved_by: string | null;
};
export type CaseTableRow = {
	row: 'total' | 'unit' | 'unit_type';
	unit: string;
	name: string;
	case_type: string | null;
	cases: number | null;
	victims: number | null;
};
