/**
 * Types of the data API (supabase/migrations). Written to match `supabase gen types typescript`
 * output for the functions the app calls; keep in step with the migrations.
 */
import type { FeatureCollection, Geometry } from 'geojson';

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
};

export type LayerCollection = FeatureCollection<Geometry, Record<string, unknown>> & {
	aggregate?: string;
	suppression_k?: number;
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
		};
		Enums: Record<string, never>;
		CompositeTypes: Record<string, never>;
	};
};
