/**
 * The schedule of a deployment plan as the teams take it away: a weeks × teams table, a CSV file
 * (papaparse, UTF-8 with BOM so Excel reads Vietnamese) and an iCalendar file (ics: one all-day
 * event per team and week, for phones and Outlook).
 */
import { toCsv } from '../csv';
import { createEvents, type DateArray, type EventAttributes } from 'ics';

export interface ScheduleSite {
	id: string;
	label: string;
	lon: number;
	lat: number;
}
export interface ScheduleInput {
	title: string;
	weeks: { index: number; start: string; end: string }[];
	visits: { week: number; team: number; siteId: string }[];
	sites: ScheduleSite[];
	teamName: (team: number) => string;
}

export interface ScheduleRow {
	week: number;
	start: string;
	end: string;
	team: string;
	site: string;
	lon: number;
	lat: number;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** One row per team and week, in week then team order. */
export function scheduleRows(input: ScheduleInput): ScheduleRow[] {
	const sites = new Map(input.sites.map((s) => [s.id, s]));
	return [...input.visits]
		.sort((a, b) => a.week - b.week || a.team - b.team)
		.map((v) => {
			const week = input.weeks[v.week]!;
			const site = sites.get(v.siteId);
			if (!site) throw new Error(`visit to unknown site ${v.siteId}`);
			// Six decimals: about 0.1 m, as precise as a point on the ground needs and no longer.
			return {
				week: week.index + 1,
				start: week.start,
				end: week.end,
				team: input.teamName(v.team),
				site: site.label,
				lon: round6(site.lon),
				lat: round6(site.lat)
			};
		});
}

/** The weeks × teams table: for each week, the site of each team (or '' when it has none). */
export function scheduleTable(input: ScheduleInput): { teams: string[]; rows: { week: { index: number; start: string; end: string }; sites: string[] }[] } {
	const teamCount = Math.max(0, ...input.visits.map((v) => v.team + 1));
	const labels = new Map(input.sites.map((s) => [s.id, s.label]));
	return {
		teams: Array.from({ length: teamCount }, (_, t) => input.teamName(t)),
		rows: input.weeks.map((week) => ({
			week,
			sites: Array.from({ length: teamCount }, (_, t) => labels.get(input.visits.find((v) => v.week === week.index && v.team === t)?.siteId ?? '') ?? '')
		}))
	};
}

export function scheduleCsv(input: ScheduleInput, headers: Record<keyof ScheduleRow, string>): string {
	const rows = scheduleRows(input);
	const keys = Object.keys(headers) as (keyof ScheduleRow)[];
	return toCsv(
		keys.map((k) => headers[k]),
		rows.map((r) => keys.map((k) => r[k]))
	);
}

const dateArray = (iso: string, addDays = 0): DateArray => {
	const d = new Date(Date.parse(`${iso}T00:00:00Z`) + addDays * 86_400_000);
	return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
};

/** A week as the reader writes it: 01/07–07/07. */
export const weekRange = (start: string, end: string) => `${start.slice(8, 10)}/${start.slice(5, 7)}–${end.slice(8, 10)}/${end.slice(5, 7)}`;

/** The calendar, its words in the user's language (`week`: "Tuần" / "Week"). */
export function scheduleIcs(input: ScheduleInput, words: { week: string }): string {
	const events: EventAttributes[] = scheduleRows(input).map((r) => ({
		title: `${r.team}: ${r.site}`,
		description: `${input.title} — ${words.week} ${r.week} (${weekRange(r.start, r.end)})`,
		start: dateArray(r.start),
		end: dateArray(r.end, 1),
		geo: { lat: r.lat, lon: r.lon },
		productId: 'hotspot-atlas',
		calName: input.title
	}));
	const { error, value } = createEvents(events);
	if (error || !value) throw new Error(`calendar: ${error?.message ?? 'no events'}`);
	return value;
}
