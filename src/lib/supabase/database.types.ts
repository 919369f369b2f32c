/**
 * Types of the data API (supabase/migrations): the functions the app calls, their arguments and
 * answers, written to match `supabase gen types typescript` output with the rich JSON answers typed
 * (shapes.ts). supabase/tests/contract.test.ts fails when a name or an argument here and the
 * database's functions disagree.
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { AppRole, RecordKind } from '$lib/vocabulary';
import type { CorridorAnswer } from '$lib/planning/corridors';
import type { CampaignCounts } from '$lib/analysis/campaign';
import type {
	Vocabularies,
	SlideFilters,
	Slide,
	Briefing,
	LayerName,
	LayerFilters,
	LayerCollection,
	CasePublicationInfo,
	MapLayerName,
	ViewCollection,
	UnitIndicators,
	DeploymentStatus,
	PlanInput,
	SavedPlan,
	Profile,
	UserListing,
	StoredRecord,
	SaveAnswer,
	HistoryEntry,
	DeletedRecord,
	PlaceHit,
	ReportFilters,
	ReportFigures,
	ReportApproval,
	CaseTableRow
} from './shapes';

export * from './shapes';

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
			import_stage: {
				Args: {
					import_id: string;
					kind: 'boarding_houses' | 'outreach' | 'model_sites';
					records: Record<string, unknown>[];
					first_index: number;
					dry_run?: boolean;
				};
				Returns: { problems: { index: number; column: string; value: string | null; reason: string }[]; staged: number };
			};
			import_finish: {
				Args: { import_id: string; kind: 'boarding_houses' | 'outreach' | 'model_sites'; expected: number; batch_rows?: number | null };
				Returns: { inserted: number; remaining: number };
			};
			import_apply: {
				Args: { import_id: string; max_rows: number };
				Returns: { remaining: number };
			};
			import_discard: {
				Args: { import_id: string };
				Returns: undefined;
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
			campaign_effect: {
				Args: { filters?: { year: number | null; admin_unit?: string | null; case_type?: string[] }; tier?: 'screen' | 'export' };
				Returns: CampaignCounts;
			};
			corridor_flows: {
				Args: { filters?: { from?: string | null; to?: string | null; admin_unit?: string | null }; tier?: 'screen' | 'export' };
				Returns: CorridorAnswer;
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
			set_reach_km: {
				Args: { reach: { forms?: Record<string, number>; sites?: Record<string, number> } };
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
