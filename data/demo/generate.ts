/**
 * Deterministic demo data for Hotspot Atlas. Same seed and scale → same rows, on every machine.
 * Everything it produces is DEMO data (is_demo = true): invented records placed around real
 * place names with approximate coordinates. No person is described: cases hold counts only.
 */
import nearestPointOnLine from '@turf/nearest-point-on-line';
import { polygon } from '@turf/helpers';
import type { LineString, MultiLineString, Position } from 'geojson';
import { GATES, INDUSTRIAL_ZONES, ORGANISERS, PROVINCES, type Lonlat } from './places';
import { worldGeometry, type Neighbour, type WorldGeometry } from '../../src/lib/geo/world';
import { Random } from './random';
import { buildAdminUnits, leafUnits, toMulti, UnitLocator } from './units';
import type { BoardingHouseRow, BorderFeatureRow, CampaignRow, CaseRow, DemoData, DeploymentRow, ModelSiteRow, OutreachRow, ZoneRow } from './rows';

export type {
	AdminUnitRow,
	BoardingHouseRow,
	BorderFeatureRow,
	CampaignRow,
	CaseRow,
	DemoData,
	DeploymentRow,
	ModelSiteRow,
	OutreachRow,
	ZoneRow
} from './rows';
export { UnitLocator, buildAdminUnits } from './units';

export const DEMO_SEED = 20260730;
export const DEMO_YEARS = [2021, 2022, 2023, 2024, 2025] as const;

export interface DemoOptions {
	seed?: number;
	/** Number of cases; the other tables keep their default size. */
	cases?: number;
}

export const DEFAULT_CASES = 3000;

const round = (v: number, digits = 6) => Math.round(v * 10 ** digits) / 10 ** digits;

function nearestLine(lines: MultiLineString, at: Lonlat): Lonlat {
	const snapped = nearestPointOnLine(lines, at);
	return snapped.geometry.coordinates as Lonlat;
}

interface Hotspot {
	kind: 'gate' | 'zone' | 'district' | 'province';
	country?: Neighbour;
	at: Lonlat;
	sigma: number;
	weight: number;
	unitCode: string;
	/** The gate or crossing a gate hot spot stands at (its name). */
	crossing?: string;
}

const CASE_TYPES_BY_HOTSPOT: Record<string, Record<string, number>> = {
	KH: { labour_fraud: 45, cross_border: 35, child_under_16: 5, marriage_brokering: 5, domestic: 10 },
	CN: { marriage_brokering: 35, cross_border: 35, child_under_16: 12, labour_fraud: 10, domestic: 8 },
	LA: { cross_border: 40, marriage_brokering: 25, labour_fraud: 20, child_under_16: 8, domestic: 7 },
	zone: { labour_fraud: 45, domestic: 30, cross_border: 15, child_under_16: 5, organ_removal: 5 },
	place: { domestic: 30, labour_fraud: 30, marriage_brokering: 20, cross_border: 15, organ_removal: 5 }
};

const DESTINATIONS: Record<string, Record<string, number>> = {
	labour_fraud: { KH: 60, MM: 15, LA: 10, MY: 10, TH: 5 },
	marriage_brokering: { CN: 80, KR: 10, TW: 10 },
	child_under_16: { CN: 50, KH: 30, VN: 20 },
	organ_removal: { CN: 50, VN: 50 },
	cross_border: { CN: 35, KH: 35, LA: 20, TH: 10 },
	domestic: { VN: 100 }
};

export function generateDemo(options: DemoOptions = {}, world: WorldGeometry = worldGeometry()): DemoData {
	const seed = options.seed ?? DEMO_SEED;
	const rnd = new Random(seed);
	const adminUnits = buildAdminUnits(world);
	const leaves = leafUnits(adminUnits);
	const locator = new UnitLocator(leaves);
	const unitByCode = new Map(adminUnits.map((u) => [u.code, u]));
	const seedPoint = new Map<string, Lonlat>();
	for (const p of PROVINCES) {
		seedPoint.set(p.slug, p.at);
		for (const d of p.districts ?? []) seedPoint.set(`${p.slug}.${d.slug}`, d.at);
	}
	const nearestLeaf = (at: Lonlat): string => {
		let best = leaves[0]!.code;
		let bestD = Infinity;
		for (const u of leaves) {
			const s = seedPoint.get(u.code)!;
			const d = (s[0] - at[0]) ** 2 + (s[1] - at[1]) ** 2;
			if (d < bestD) [best, bestD] = [u.code, d];
		}
		return best;
	};
	/** A point near `at` that lies in Vietnam, with its unit (retries, then falls back to the centre). */
	const scatter = (at: Lonlat, sigma: number): [Lonlat, string] => {
		for (let i = 0; i < 8; i++) {
			const p: Lonlat = [round(at[0] + rnd.normal(sigma)), round(at[1] + rnd.normal(sigma))];
			const code = locator.locate(p);
			if (code) return [p, code];
		}
		return [at, locator.locate(at) ?? nearestLeaf(at)];
	};

	// Border: Natural Earth lines, snapped gates, informal crossings and trails near the focus areas.
	const borderFeatures: BorderFeatureRow[] = (['LA', 'KH', 'CN'] as const).map((country) => ({
		kind: 'border_line',
		country,
		name: null,
		gateClass: null,
		unitCode: null,
		geometry: world.borders[country]
	}));
	const gates = GATES.map((g) => {
		const at = nearestLine(world.borders[g.country], g.at);
		const unitCode = locator.locate(g.at) ?? nearestLeaf(g.at);
		borderFeatures.push({
			kind: 'gate',
			country: g.country,
			name: `Cửa khẩu ${g.name}`,
			gateClass: g.gateClass,
			unitCode,
			geometry: { type: 'Point', coordinates: at }
		});
		return { ...g, at, unitCode };
	});
	const crossingAreas: { country: Neighbour; bbox: [number, number, number, number]; count: number }[] = [
		{ country: 'KH', bbox: [105.7, 10.8, 106.6, 12.0], count: 14 },
		{ country: 'KH', bbox: [104.4, 10.3, 105.3, 11.0], count: 6 },
		{ country: 'CN', bbox: [103.5, 22.3, 104.5, 22.9], count: 9 },
		{ country: 'LA', bbox: [107.3, 14.3, 107.9, 15.4], count: 6 },
		{ country: 'KH', bbox: [107.3, 13.6, 107.8, 14.5], count: 4 }
	];
	const crossings: { country: Neighbour; at: Lonlat; unitCode: string; name: string }[] = [];
	for (const area of crossingAreas) {
		const [w, s, e, n] = area.bbox;
		const vertices: Position[] = world.borders[area.country].coordinates.flat().filter(([x, y]) => x! >= w && x! <= e && y! >= s && y! <= n);
		if (vertices.length === 0) continue;
		for (let i = 0; i < area.count; i++) {
			const v = rnd.pick(vertices);
			const at: Lonlat = [round(v[0]!), round(v[1]!)];
			const home = nearestLeaf(at);
			const towards = seedPoint.get(home)!;
			const len = 0.03 + rnd.uniform() * 0.05;
			const dx = towards[0] - at[0];
			const dy = towards[1] - at[1];
			const norm = Math.hypot(dx, dy) || 1;
			const path: Position[] = [at];
			for (let k = 1; k <= 3; k++) {
				const t = (len * k) / 3 / norm;
				path.push([round(at[0] + dx * t + rnd.normal(0.004)), round(at[1] + dy * t + rnd.normal(0.004))]);
			}
			const n1 = crossings.length + 1;
			borderFeatures.push({
				kind: 'crossing',
				country: area.country,
				name: `Lối mòn ${n1} (demo)`,
				gateClass: null,
				unitCode: home,
				geometry: { type: 'Point', coordinates: at }
			});
			borderFeatures.push({
				kind: 'trail',
				country: area.country,
				name: `Đường mòn ${n1} (demo)`,
				gateClass: null,
				unitCode: home,
				geometry: { type: 'LineString', coordinates: path } as LineString
			});
			crossings.push({ country: area.country, at, unitCode: home, name: `Lối mòn ${n1} (demo)` });
		}
	}

	// Industrial zones as small footprints around their approximate centres.
	const industrialZones: ZoneRow[] = INDUSTRIAL_ZONES.map((z) => {
		const [x, y] = z.at;
		const w = z.size * (1 + rnd.uniform() * 0.4);
		const h = z.size * (0.7 + rnd.uniform() * 0.4);
		const ring: Position[] = [
			[x - w, y - h],
			[x + w, y - h * 0.8],
			[x + w * 0.9, y + h],
			[x - w * 1.1, y + h * 0.9],
			[x - w, y - h]
		].map(([a, b]) => [round(a!), round(b!)]);
		return { name: z.name, unitCode: locator.locate(z.at) ?? nearestLeaf(z.at), workers: z.workers, geometry: toMulti(polygon([ring]).geometry) };
	});

	// Boarding houses around the zones, roughly one per 400 workers.
	const boardingHouses: BoardingHouseRow[] = [];
	for (const z of INDUSTRIAL_ZONES) {
		const count = Math.max(8, Math.round(z.workers / 400));
		for (let i = 1; i <= count; i++) {
			const [at, unitCode] = scatter(z.at, z.size + 0.015);
			const workers = Math.min(240, Math.max(6, Math.round(Math.exp(3.3 + rnd.normal(0.7)))));
			boardingHouses.push({ label: `Dãy trọ ${i} gần ${z.name} (demo)`, unitCode, zoneName: z.name, rooms: Math.ceil(workers / 2.5), workers, at });
		}
	}

	const campaigns: CampaignRow[] = DEMO_YEARS.map((y) => ({
		name: `Cao điểm phòng, chống mua bán người ${y} (1/7–30/9)`,
		startsOn: `${y}-07-01`,
		endsOn: `${y}-09-30`
	}));
	const campaignFor = (date: string) => {
		const y = Number(date.slice(0, 4));
		return date >= `${y}-07-01` && date <= `${y}-09-30` ? campaigns.find((c) => c.startsOn.startsWith(String(y)))!.name : null;
	};

	// Outreach in every form, each year, more during the peak campaign and around 30 July.
	const formWeights = { meeting: 20, loudspeaker: 20, poster: 15, leaflet: 15, sms: 8, social_media: 12, school_talk: 10 };
	const reach: Record<string, [number, number]> = {
		meeting: [40, 300],
		loudspeaker: [500, 5000],
		poster: [200, 2000],
		leaflet: [100, 1000],
		sms: [1000, 20000],
		social_media: [1000, 50000],
		school_talk: [100, 800]
	};
	const outreach: OutreachRow[] = [];
	for (const unit of leaves) {
		const perYear = unit.level === 'district' ? 10 : 4;
		const centre = seedPoint.get(unit.code)!;
		for (const year of DEMO_YEARS) {
			for (let i = 0; i < perYear; i++) {
				const form = rnd.weighted(formWeights);
				let heldOn = rnd.uniform() < 0.2 ? `${year}-07-${String(rnd.int(24, 31)).padStart(2, '0')}` : rnd.date(year, 0.4);
				// Schools are closed in June–August: school talks move to the new school year.
				if (form === 'school_talk' && heldOn.slice(5, 7) >= '06' && heldOn.slice(5, 7) <= '08') {
					heldOn = `${year}-09-${String(rnd.int(5, 28)).padStart(2, '0')}`;
				}
				const [lo, hi] = reach[form]!;
				const [at, unitCode] = scatter(centre, unit.level === 'district' ? 0.04 : 0.15);
				outreach.push({
					form,
					heldOn,
					unitCode,
					campaignName: campaignFor(heldOn),
					organiser: rnd.pick(ORGANISERS),
					peopleReached: rnd.int(lo, hi),
					materials: form === 'leaflet' || form === 'poster' ? rnd.int(50, 2000) : 0,
					at
				});
			}
		}
	}

	// Model sites: peaceful houses, tip boxes and hotline points per district, support centres per province.
	const modelSites: ModelSiteRow[] = [];
	const addSite = (kind: string, name: string, centre: Lonlat, sigma: number) => {
		const [at, unitCode] = scatter(centre, sigma);
		modelSites.push({
			kind,
			name,
			unitCode,
			at,
			openedOn: `${rnd.int(2017, 2024)}-${String(rnd.int(1, 12)).padStart(2, '0')}-01`,
			active: rnd.uniform() < 0.92
		});
	};
	for (const unit of leaves) {
		const centre = seedPoint.get(unit.code)!;
		const district = unit.level === 'district';
		for (let i = 1; i <= (district ? rnd.int(1, 2) : 1); i++) addSite('peaceful_house', `Ngôi nhà bình yên ${unit.name} ${i}`, centre, 0.03);
		for (let i = 1; i <= (district ? rnd.int(3, 5) : 2); i++) addSite('tip_box', `Hòm thư tố giác ${unit.name} số ${i}`, centre, 0.04);
		for (let i = 1; i <= (district ? 2 : 1); i++) addSite('hotline_point', `Điểm tiếp nhận tin báo 111 – ${unit.name} ${i}`, centre, 0.03);
	}
	for (const p of PROVINCES) addSite('support_centre', `Cơ sở hỗ trợ nạn nhân ${p.name}`, p.districts?.[0]?.at ?? p.at, 0.01);

	// Demo deployments of the last peak campaign: patrols at the focus gates, teams at the zones.
	const lastCampaign = campaigns[campaigns.length - 1]!;
	const deployments: DeploymentRow[] = [
		...gates
			.filter((g) => ['Mộc Bài', 'Xa Mát', 'Lào Cai', 'Mường Khương', 'Bờ Y', 'Tịnh Biên'].includes(g.name))
			.map((g) => ({
				campaignName: lastCampaign.name,
				teamType: 'patrol' as const,
				teamName: `Tổ tuần tra ${g.name}`,
				unitCode: g.unitCode,
				at: g.at,
				startsOn: lastCampaign.startsOn,
				endsOn: lastCampaign.endsOn
			})),
		...industrialZones.slice(0, 6).map((z, i) => ({
			campaignName: lastCampaign.name,
			teamType: 'propaganda' as const,
			teamName: `Đội tuyên truyền ${i + 1} – ${z.name}`,
			unitCode: z.unitCode,
			at: INDUSTRIAL_ZONES[i]!.at,
			startsOn: `${lastCampaign.startsOn.slice(0, 4)}-07-15`,
			endsOn: `${lastCampaign.startsOn.slice(0, 4)}-08-15`
		}))
	];

	// Case hotspots: border gates and crossings, industrial zones, district and province centres.
	const hotspots: Hotspot[] = [
		...gates.map((g) => ({
			kind: 'gate' as const,
			country: g.country,
			at: g.at,
			sigma: 0.06,
			weight: g.gateClass === 'international' ? 3 : 2,
			unitCode: g.unitCode,
			crossing: `Cửa khẩu ${g.name}`
		})),
		...crossings.map((c) => ({ kind: 'gate' as const, country: c.country, at: c.at, sigma: 0.04, weight: 1.5, unitCode: c.unitCode, crossing: c.name })),
		...INDUSTRIAL_ZONES.map((z, i) => ({ kind: 'zone' as const, at: z.at, sigma: 0.03, weight: z.workers / 10_000, unitCode: industrialZones[i]!.unitCode })),
		...leaves.map((u) => ({
			kind: u.level === 'district' ? ('district' as const) : ('province' as const),
			at: seedPoint.get(u.code)!,
			sigma: u.level === 'district' ? 0.05 : 0.2,
			weight: u.level === 'district' ? 1 : 0.4,
			unitCode: u.code
		}))
	];
	const totalWeight = hotspots.reduce((s, h) => s + h.weight, 0);

	// Where a case crossed: the land neighbour its destination is reached through (Thailand through
	// Laos or Cambodia, Myanmar through Laos, Malaysia through Cambodia; Korea, Taiwan, Japan and
	// other countries by air: none), at the gate or crossing of its own hot spot when that leads
	// there, else one of the three nearest; a quarter of cases do not say how they crossed.
	const BY_LAND: Record<string, Neighbour[]> = { CN: ['CN'], KH: ['KH'], LA: ['LA'], TH: ['LA', 'KH'], MM: ['LA'], MY: ['KH'] };
	const crossingPoints = [...gates.map((g) => ({ name: `Cửa khẩu ${g.name}`, country: g.country, at: g.at })), ...crossings];
	function crossingOf(r: Random, h: Hotspot, at: Lonlat, destination: string | null): string | null {
		const via = destination ? BY_LAND[destination] : undefined;
		if (!via || r.uniform() < 0.25) return null;
		const country = r.pick(via);
		if (h.crossing && h.country === country && r.uniform() < 0.8) return h.crossing;
		const near = crossingPoints
			.filter((c) => c.country === country)
			.map((c) => ({ c, d: Math.hypot(c.at[0] - at[0], c.at[1] - at[1]) }))
			.sort((a, b) => a.d - b.d)
			.slice(0, 3);
		return near.length ? r.pick(near).c.name : null;
	}

	function* cases(count: number): Generator<CaseRow> {
		// Cases get their own stream so that their number does not change the other tables; crossings
		// another, added later, so that every other field of a case stayed as it was.
		const r = new Random(seed + 1);
		const rc = new Random(seed + 2);
		for (let i = 0; i < count; i++) {
			let x = r.uniform() * totalWeight;
			let h = hotspots[hotspots.length - 1]!;
			for (const candidate of hotspots) {
				x -= candidate.weight;
				if (x < 0) {
					h = candidate;
					break;
				}
			}
			const caseType = r.weighted(CASE_TYPES_BY_HOTSPOT[h.kind === 'gate' ? h.country! : h.kind === 'zone' ? 'zone' : 'place']!);
			const year = DEMO_YEARS[Math.min(DEMO_YEARS.length - 1, Math.floor(Math.sqrt(r.uniform()) * DEMO_YEARS.length))]!;
			const occurredOn = r.date(year, 0.35);
			// Fallback when no draw lands in Vietnam: the centre of the hotspot's own unit.
			let unitCode = h.unitCode;
			let at: Lonlat = seedPoint.get(unitCode)!;
			for (let k = 0; k < 6; k++) {
				const p: Lonlat = [round(h.at[0] + r.normal(h.sigma)), round(h.at[1] + r.normal(h.sigma))];
				const code = locator.locate(p);
				if (code) {
					[at, unitCode] = [p, code];
					break;
				}
			}
			const roll = r.uniform();
			const precision = roll < 0.7 ? 'exact' : roll < 0.9 ? 'commune' : 'district';
			if (precision === 'commune') {
				// Known to about a kilometre; rounding must not move the case into another unit.
				const coarse: Lonlat = [round(at[0], 2), round(at[1], 2)];
				if (locator.locate(coarse) === unitCode) at = coarse;
			}
			if (precision === 'district') at = seedPoint.get(unitCode)!;
			const victims = Math.min(12, 1 + Math.floor(-Math.log(1 - r.uniform()) * 0.8));
			const femaleShare = caseType === 'marriage_brokering' ? 0.97 : caseType === 'labour_fraud' ? 0.45 : 0.7;
			let female = 0,
				under16 = 0,
				age16to17 = 0;
			for (let v = 0; v < victims; v++) {
				if (r.uniform() < femaleShare) female++;
				const age = r.uniform();
				if (caseType === 'child_under_16' || age < 0.07) under16++;
				else if (age < 0.16) age16to17++;
			}
			const destination = r.weighted(DESTINATIONS[caseType]!);
			const status =
				year <= 2023
					? r.weighted({ closed: 50, prosecuted: 40, investigating: 10 })
					: year === 2024
						? r.weighted({ prosecuted: 40, investigating: 40, closed: 20 })
						: r.weighted({ reported: 30, investigating: 60, prosecuted: 10 });
			yield {
				caseType,
				occurredOn,
				unitCode,
				precision,
				at,
				female,
				male: victims - female,
				under16,
				age16to17,
				adult: victims - under16 - age16to17,
				destination: destination === 'VN' ? null : destination,
				crossing: crossingOf(rc, h, at, destination === 'VN' ? null : destination),
				status
			};
		}
	}

	// Keep the lookup of units consistent: every referenced code exists.
	for (const row of [...industrialZones, ...boardingHouses, ...outreach, ...modelSites]) {
		if (!unitByCode.has(row.unitCode)) throw new Error(`demo row refers to unknown unit ${row.unitCode}`);
	}
	return { adminUnits, borderFeatures, industrialZones, boardingHouses, campaigns, outreach, modelSites, deployments, cases };
}
