/**
 * Types of the data API (supabase/migrations). Written to match `supabase gen types typescript`
 * output for the functions the app calls; keep in step with the migrations.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { RecordKind, Vocabularies } from '$lib/records/kinds';
import type { Briefing, Slide, SlideFilters } from '$lib/briefings/slides';

export type LayerName =
	| 'admin_units'
	| 'border_lines'
	| 'border_gates'
	| 'industrial_zones'
	| 'boarding_houses'
	| 'outreach'
	| 'model_sites'
	| 'cases';

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
	levels: Record<string, { cells: number; cases: number; hidden_cells_screen: number; hidden_cases_screen: number; hidden_cells_export: number; hidden_cases_export: number } | number>;
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

export type AppRole = 'admin' | 'planner' | 'district_official' | 'investigator' | 'leader';
export const APP_ROLES: AppRole[] = ['admin', 'planner', 'district_official', 'investigator', 'leader'];

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

export type Database = {
	public: {
		Tables: Record<string, never>;
		Views: Record<string, never>;
		Functions: {
			layer_geojson: {
				Args: { layer: LayerName; bbox?: [number, number, number, number] | null; filters?: LayerFilters };
				Returns: LayerCollection;
			};
			map_layer: {
				Args: { layer: MapLayerName; bbox: [number, number, number, number]; zoom: number; filters?: LayerFilters; max_features?: number };
				Returns: ViewCollection;
			};
			unit_indicators: {
				Args: { level?: 'province' | 'district' | 'commune'; filters?: Pick<LayerFilters, 'from' | 'to' | 'case_type' | 'form'> };
				Returns: { level: string; suppression_k: number; exact: boolean; units: UnitIndicators[] };
			};
			save_plan: {
				Args: { plan: PlanInput };
				Returns: string;
			};
			set_deployment_status: {
				Args: { deployment_id: string; new_status: DeploymentStatus; seen_status?: DeploymentStatus | null };
				Returns: undefined;
			};
			delete_plan: {
				Args: { plan_id: string };
				Returns: undefined;
			};
			import_records: {
				Args: { kind: 'boarding_houses' | 'outreach' | 'model_sites'; records: Record<string, unknown>[]; dry_run?: boolean };
				Returns: { problems: { index: number; column: string; value: string | null; reason: string }[]; inserted: number; dry_run: boolean; records: number };
			};
			list_records: {
				Args: { record_kind: RecordKind; q?: string; unit_code?: string | null; max_rows?: number };
				Returns: { total: number; rows: StoredRecord[] };
			};
			save_record: {
				Args: { record_kind: RecordKind; record_id: string; base_version: number | null; fields: Record<string, unknown> };
				Returns: SaveAnswer;
			};
			delete_record: {
				Args: { record_kind: RecordKind; record_id: string; base_version?: number | null };
				Returns: { status: 'deleted' | 'conflict'; version?: number | null; current?: StoredRecord };
			};
			restore_record: {
				Args: { record_kind: RecordKind; record_id: string; at_version: number };
				Returns: { status: 'restored'; record: StoredRecord };
			};
			record_history: {
				Args: { record_kind: RecordKind; record_id: string };
				Returns: HistoryEntry[];
			};
			deleted_records: {
				Args: { record_kind: RecordKind; max_rows?: number };
				Returns: DeletedRecord[];
			};
			record_vocabularies: {
				Args: Record<string, never>;
				Returns: Vocabularies;
			};
			log_export: {
				Args: { record_kind: string; export_format: string; row_count: number; details?: Record<string, unknown> };
				Returns: undefined;
			};
			import_boundaries: {
				Args: { features: { code: string | null; name: string | null; level: string | null; geometry: Geometry | null }[]; dry_run?: boolean };
				Returns: {
					matched: { index: number; code: string; name: string; by: 'code' | 'name'; repaired: boolean; geometry: Geometry }[];
					skipped: { index: number; code: string | null; name: string | null }[];
					problems: { index: number; column: string; value: string | null; reason: string }[];
					updated: number;
				};
			};
			save_briefing: {
				Args: { briefing: { id?: string; version?: number; title: string; notes?: string; slides: Slide[] } };
				Returns: string;
			};
			create_briefing: {
				Args: { briefing_id: string; title: string };
				Returns: { status: 'created' | 'unchanged'; id: string };
			};
			add_briefing_slide: {
				Args: { briefing_id: string; slide: Slide };
				Returns: { id: string; title: string; slides: number };
			};
			update_briefing: {
				Args: { briefing_id: string; base_version: number; title: string; notes: string; slides: Slide[] };
				Returns: { status: 'saved' | 'unchanged' | 'conflict'; briefing: Briefing };
			};
			get_briefing: {
				Args: { briefing_id: string };
				Returns: Briefing | null;
			};
			list_briefings: {
				Args: Record<string, never>;
				Returns: { id: string; title: string; slides: number; updated_at: string; is_demo: boolean }[];
			};
			delete_briefing: {
				Args: { briefing_id: string };
				Returns: undefined;
			};
			review_record: {
				Args: { record_kind: RecordKind; record_id: string; decision: 'approve' | 'return'; comment?: string | null; seen_version?: number | null };
				Returns: { status: 'approved' | 'returned'; record: StoredRecord };
			};
			review_queue: {
				Args: { record_kind: RecordKind; max_rows?: number };
				Returns: { total: number; rows: StoredRecord[] };
			};
			report_figures: {
				Args: { filters?: ReportFilters; tier?: 'screen' | 'export' };
				Returns: ReportFigures;
			};
			approve_report: {
				Args: { unit_code: string; period_key: string; date_from: string; date_to: string };
				Returns: ReportApproval;
			};
			report_approval: {
				Args: { unit_code: string; period_key: string };
				Returns: ReportApproval | null;
			};
			unapprove_report: {
				Args: { unit_code: string; period_key: string };
				Returns: undefined;
			};
			export_case_table: {
				Args: { filters?: ReportFilters };
				Returns: { k: number; rows: CaseTableRow[] };
			};
			export_case_points: {
				Args: { bbox: number[]; zoom: number; filters?: Record<string, unknown> };
				Returns: FeatureCollection & { mode: 'aggregate'; total: number; suppression_k: number; tier: 'export' };
			};
			export_unit_indicators: {
				Args: { level?: string; filters?: Record<string, unknown> };
				Returns: Database['public']['Functions']['unit_indicators']['Returns'];
			};
			approved_site_layer: {
				Args: Database['public']['Functions']['layer_geojson']['Args'];
				Returns: Database['public']['Functions']['layer_geojson']['Returns'];
			};
			holds_demo_data: {
				Args: Record<string, never>;
				Returns: boolean;
			};
			service_set_profile: {
				Args: { target_user: string; new_role: AppRole; unit_code?: string | null; new_display_name?: string | null };
				Returns: undefined;
			};
			check_request: {
				Args: Record<string, never>;
				Returns: undefined;
			};
			privacy_thresholds: {
				Args: Record<string, never>;
				Returns: { suppression_k: number; export_k: number } | null;
			};
			case_publication_info: {
				Args: Record<string, never>;
				Returns: CasePublicationInfo;
			};
			admin_publication_bursts: {
				Args: { per_minute?: number; days?: number };
				Returns: { user_id: string; email: string | null; role: string | null; minute: string; reads: number }[];
			};
			set_privacy_thresholds: {
				Args: { screen_k: number; export_k: number };
				Returns: { suppression_k: number; export_k: number };
			};
			briefing_series: {
				Args: { series: 'cases_by_month' | 'cases_by_type' | 'outreach_by_form' | 'figures'; filters?: SlideFilters };
				/** cases_by_month also carries `totals`: each month's published all-type total. */
				Returns: { series: string; k: number; exact: boolean; data: unknown; totals?: { month: string; cases: number | null }[] };
			};
			list_plans: {
				Args: Record<string, never>;
				Returns: SavedPlan[];
			};
			reach_km: {
				Args: Record<string, never>;
				Returns: { forms: Record<string, number>; sites: Record<string, number> };
			};
			my_profile: {
				Args: Record<string, never>;
				Returns: Profile | null;
			};
			admin_list_users: {
				Args: Record<string, never>;
				Returns: UserListing[];
			};
			admin_set_profile: {
				Args: { target_user: string; new_role: AppRole; unit_code?: string | null; new_display_name?: string | null };
				Returns: undefined;
			};
			search_places: {
				Args: { q: string; max_results?: number };
				Returns: PlaceHit[];
			};
			admin_unit_list: {
				Args: Record<string, never>;
				Returns: { code: string; name: string; level: string; parent: string | null }[];
			};
		};
		Enums: Record<string, never>;
		CompositeTypes: Record<string, never>;
	};
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
export type CaseTableRow = { row: 'total' | 'unit' | 'unit_type'; unit: string; name: string; case_type: string | null; cases: number | null; victims: number | null };
