/** The rows the demo generator writes, one interface per table (all DEMO data: is_demo = true). */
import type { Geometry, MultiPolygon } from 'geojson';
import type { Lonlat } from './places';
import type { Neighbour } from '../../src/lib/geo/world';

export interface AdminUnitRow {
	code: string;
	name: string;
	level: 'province' | 'district';
	parentCode: string | null;
	population: number | null;
	geometry: MultiPolygon;
}
export interface BorderFeatureRow {
	kind: 'border_line' | 'gate' | 'crossing' | 'trail';
	country: Neighbour;
	name: string | null;
	gateClass: string | null;
	unitCode: string | null;
	geometry: Geometry;
}
export interface ZoneRow {
	name: string;
	unitCode: string;
	workers: number;
	geometry: MultiPolygon;
}
export interface BoardingHouseRow {
	label: string;
	unitCode: string;
	zoneName: string | null;
	rooms: number;
	workers: number;
	at: Lonlat;
}
export interface CampaignRow {
	name: string;
	startsOn: string;
	endsOn: string;
}
export interface OutreachRow {
	form: string;
	heldOn: string;
	unitCode: string;
	campaignName: string | null;
	organiser: string;
	peopleReached: number;
	materials: number;
	at: Lonlat;
}
export interface ModelSiteRow {
	kind: string;
	name: string;
	unitCode: string;
	openedOn: string;
	active: boolean;
	at: Lonlat;
}
export interface CaseRow {
	caseType: string;
	occurredOn: string;
	unitCode: string;
	precision: 'exact' | 'commune' | 'district';
	at: Lonlat;
	female: number;
	male: number;
	under16: number;
	age16to17: number;
	adult: number;
	destination: string | null;
	/** The name of the border gate or informal crossing the case crossed (null: unknown, or no land border). */
	crossing: string | null;
	status: string;
}
export interface DeploymentRow {
	campaignName: string;
	teamType: 'patrol' | 'propaganda';
	teamName: string;
	unitCode: string;
	at: Lonlat;
	startsOn: string;
	endsOn: string;
}

export interface DemoData {
	adminUnits: AdminUnitRow[];
	borderFeatures: BorderFeatureRow[];
	industrialZones: ZoneRow[];
	boardingHouses: BoardingHouseRow[];
	campaigns: CampaignRow[];
	outreach: OutreachRow[];
	modelSites: ModelSiteRow[];
	deployments: DeploymentRow[];
	/** Cases are streamed: a million of them need not sit in memory at once. */
	cases: (count: number) => Generator<CaseRow>;
}
