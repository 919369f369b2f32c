/**
 * The periodic report a steering committee expects for a province or district and a period
 * (quarter, half year, year, peak campaign): outreach by form with people reached, active model
 * sites, cases by type, victims by sex and age band, deployments done against planned, and the
 * monthly chart — read with the caller's rights: on screen case cells below suppression_k are
 * hidden for all but investigators, in the documents (which leave the system) below export_k for
 * everyone, with complementary suppression (report_figures); approved figures are shown as approved.
 * Written as DOCX (the `docx` library: editable, as reports are finished in Word)
 * or PDF (pdfmake, ./pdf).
 */
import { formatDate, formatDateTime } from '$lib/i18n/format';
import { AlignmentType, Document, HeadingLevel, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { error } from '@sveltejs/kit';
import { render } from 'svelte/server';
import type { SupabaseClient } from '@supabase/supabase-js';
import CasesByMonthChart from '$lib/charts/CasesByMonthChart.svelte';
import OutreachChart from '$lib/charts/OutreachChart.svelte';
import { casesChartLabels, type MonthRow, type MonthTotal, type OutreachRow } from '$lib/charts/series';
import { fill, translator, type Locale } from '$lib/i18n/messages';
import { periodLabel, periodRange, type Period } from '$lib/periods';
import type { Vocabularies } from '$lib/records/kinds';
import type { Database } from '$lib/supabase/database.types';
import { makePdf, svgOf, svgPng, type Content } from './pdf';
import { refusal } from '../http/rpc';
import { campaignEffect, type CampaignCounts, type CampaignEffect } from '$lib/analysis/campaign';
import { CHANGE_KEYS } from '$lib/planning/labels';

export type DataScope = 'all' | 'approved';

export interface Report {
	unit: { code: string; name: string } | null;
	period: Period;
	/** 'screen' inside the app, 'export' for what leaves it (and for approved figures). */
	tier: 'screen' | 'export';
	k: number;
	data: DataScope;
	/** Site records in the area not yet approved (counted or left out, as data says). */
	unapproved: number;
	/** The approval that locked these figures, if any. */
	approval: { by: string | null; at: string } | null;
	outreach: OutreachRow[];
	figures: Record<string, number | null>;
	cases: { case_type: string; cases: number | null; victims: number | null }[];
	months: MonthRow[];
	/** All types' published total per month (a month whose types are hidden still has one). */
	monthTotals: MonthTotal[];
	plans: { name: string; planned: number; done: number }[];
	/** For a peak campaign: did it work, unit by unit (null for other periods, or an area below a province's units). */
	campaign: { counts: CampaignCounts; effect: CampaignEffect } | null;
}

/**
 * The report of a unit (code; '' for the country) and period: its approved figures if a planner
 * approved them (locked), else computed now at the tier asked, from all records or approved ones.
 */
export async function loadReport(
	supabase: SupabaseClient<Database>,
	unitCode: string,
	periodKey: string,
	tier: 'screen' | 'export',
	data: DataScope = 'all'
): Promise<Report> {
	const period = periodRange(periodKey);
	if (!period) error(400, `period "${periodKey}" is not a quarter, half year, year or peak campaign`);
	const filters = { from: period.from, to: period.to, data, ...(unitCode ? { admin_unit: unitCode } : {}) };
	const peak = period.key.startsWith('peak-');
	const [units, approval, live, plans, campaign] = await Promise.all([
		supabase.rpc('admin_unit_list'),
		supabase.rpc('report_approval', { unit_code: unitCode, period_key: period.key }),
		supabase.rpc('report_figures', { filters, tier }),
		supabase.rpc('list_plans'),
		peak
			? supabase.rpc('campaign_effect', { filters: { year: Number(period.from.slice(0, 4)), admin_unit: unitCode || null }, tier: 'export' })
			: Promise.resolve(null)
	]);
	for (const r of [units, approval, live, plans]) if (r.error) refusal(r.error);
	// A commune below a province's units has no published quarters of its own: no comparison, not an error.
	if (campaign?.error && campaign.error.code !== '22023') refusal(campaign.error);
	const unit = unitCode ? units.data!.find((u) => u.code === unitCode) : null;
	if (unitCode && !unit) error(400, `unknown unit "${unitCode}"`);
	const figures = approval.data?.figures ?? live.data!;
	return {
		unit: unit ? { code: unit.code, name: unit.name } : null,
		period,
		tier: figures.tier,
		k: figures.k,
		data: figures.data,
		unapproved: figures.unapproved_records,
		approval: approval.data ? { by: approval.data.approved_by, at: approval.data.approved_at } : null,
		outreach: figures.outreach_by_form,
		figures: figures.figures,
		cases: figures.cases_by_type,
		months: figures.cases_by_month,
		monthTotals: figures.cases_by_month_total ?? [],
		// Plans that overlap the period, in the unit (codes nest: tay-ninh.ben-cau is in tay-ninh).
		plans: plans
			.data!.filter((p) => p.starts_on <= period.to && p.ends_on >= period.from && (!unitCode || (p.admin_unit ?? '').startsWith(unitCode)))
			.map((p) => ({ name: p.name, planned: p.sites.length, done: p.sites.filter((s) => s.status === 'done').length })),
		campaign: campaign?.data ? { counts: campaign.data, effect: campaignEffect(campaign.data) } : null
	};
}

/** What the figures are made of, and what they hide, in the reader's language. */
export function reportNotes(report: Report, locale: Locale): string[] {
	const t = translator(locale);
	const date = (at: string) => formatDateTime(at, locale);
	return [
		...(report.approval
			? [
					t('reportApproved')
						.replace('{who}', report.approval.by ?? '—')
						.replace('{at}', date(report.approval.at))
				]
			: []),
		t(report.data === 'approved' ? 'reportDataApproved' : 'reportDataAll').replace('{n}', String(report.unapproved)),
		t('reportCasesNote'),
		t('reportSuppressedNote').replaceAll('{k}', String(report.k)),
		...(report.campaign ? [campaignNote(report.campaign.effect, t, locale)] : [])
	];
}

/** How the campaign section compares, what it could not, and that it is an association. */
function campaignNote(effect: CampaignEffect, t: ReturnType<typeof translator>, locale: Locale): string {
	const association = effect.association
		? fill(t('campaignAssociation'), { rho: effect.association.rho.toLocaleString(locale, { maximumFractionDigits: 2 }), n: effect.association.units })
		: t('campaignNoAssociation');
	return `${t('sectionCampaign').replace(/^\d+\. /, '')}: ${t('campaignEffort')} ${fill(t('campaignUntested'), { hidden: effect.hidden, few: effect.tooFew })} ${association} ${t('campaignNotProof')}`;
}

/** The report's tables: heading, column names and rows of text, in the reader's language. */
export function reportTables(report: Report, locale: Locale, vocabularies: Vocabularies): { heading: string; columns: string[]; rows: string[][] }[] {
	const t = translator(locale);
	const n = (v: number | null | undefined) => (v === null || v === undefined ? t('hiddenCell') : v.toLocaleString(locale));
	const name = (list: { code: string; vi: string; en: string }[], code: string) => list.find((o) => o.code === code)?.[locale] ?? code;
	const outreachTotal = report.outreach.reduce((s, o) => ({ a: s.a + o.activities, p: s.p + o.people_reached }), { a: 0, p: 0 });
	const f = report.figures;
	return [
		{
			heading: t('sectionOutreach'),
			columns: [t('colForm'), t('colActivities'), t('colPeople')],
			rows: [
				...report.outreach.map((o) => [name(vocabularies.form, o.form), n(o.activities), n(o.people_reached)]),
				[t('total'), n(outreachTotal.a), n(outreachTotal.p)]
			]
		},
		{ heading: t('sectionSites'), columns: [t('colGroup'), t('colCount')], rows: [[t('activeSites'), n(f.model_sites)]] },
		{
			heading: t('sectionCases'),
			columns: [t('colCaseType'), t('colCases'), t('colVictims')],
			rows: [...report.cases.map((c) => [name(vocabularies.case_type, c.case_type), n(c.cases), n(c.victims)]), [t('total'), n(f.cases), n(f.victims)]]
		},
		{
			heading: t('sectionVictims'),
			columns: [t('colGroup'), t('colCount')],
			rows: [
				[t('fig_victims_female'), n(f.victims_female)],
				[t('fig_victims_male'), n(f.victims_male)],
				[t('fig_victims_under_16'), n(f.victims_under_16)],
				['16–17', n(f.victims_16_17)],
				['18+', n(f.victims_adult)]
			]
		},
		{
			heading: t('sectionDeployments'),
			columns: [t('colPlan'), t('colPlanned'), t('colDone')],
			rows: report.plans.length ? report.plans.map((p) => [p.name, n(p.planned), n(p.done)]) : [[t('noDeployments'), '', '']]
		},
		...(report.campaign ? [campaignTable(report.campaign, t, n)] : [])
	];
}

/** Section 6 of a peak-campaign report: each unit's quarters around the peak and its change. */
function campaignTable(campaign: NonNullable<Report['campaign']>, t: ReturnType<typeof translator>, n: (v: number | null) => string) {
	const year = campaign.counts.year;
	return {
		heading: t('sectionCampaign'),
		columns: [t('unit'), t('ce_before'), t('ce_during'), t('ce_after'), fill(t('ce_last_year'), { y: year - 1 }), t('ce_change')],
		rows: campaign.effect.units.map((u) => [
			u.rest ? `${u.name} (${t('ce_rest')})` : u.name,
			n(u.cases.before),
			n(u.cases.during),
			n(u.cases.after),
			n(u.cases.last_year),
			t(CHANGE_KEYS[u.vsBefore.change])
		])
	};
}

/** The report's charts as SVG: cases by month (peak campaign shaded) and outreach by form. */
function reportCharts(report: Report, locale: Locale, vocabularies: Vocabularies): { title: string; svg: string }[] {
	const t = translator(locale);
	const types = vocabularies.case_type.map((c) => ({ code: c.code, name: c[locale] }));
	const cases = render(CasesByMonthChart, {
		props: { rows: report.months, totals: report.monthTotals, types, period: report.period, k: report.k, labels: casesChartLabels(t) }
	});
	const formName = (code: string) => vocabularies.form.find((f) => f.code === code)?.[locale] ?? code;
	const outreach = render(OutreachChart, {
		props: { rows: report.outreach, formName, labels: { people: t('peopleReachedBy'), activities: t('activitiesWord') }, locale }
	});
	return [
		{ title: t('chart_cases_by_month'), svg: svgOf(cases.body) },
		{ title: t('peopleReachedBy'), svg: svgOf(outreach.body) }
	];
}

function titleLines(report: Report, locale: Locale): [string, string] {
	const t = translator(locale);
	return [
		t('reportHeading').toUpperCase(),
		`${t('reportFor')}: ${report.unit?.name ?? t('wholeCountry')} · ${t('reportPeriod')}: ${periodLabel(report.period.key, t)} (${formatDate(report.period.from, locale)} – ${formatDate(report.period.to, locale)})`
	];
}

/** Width and height of a PNG, from its header. */
function pngSize(png: Uint8Array): { width: number; height: number } {
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	return { width: view.getUint32(16), height: view.getUint32(20) };
}
const pngBytes = (dataUrl: string) => new Uint8Array(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));

/**
 * The report as an editable Word document (tables as Word tables; the map of the unit, made by the
 * browser, and the charts as pictures).
 */
export async function reportDocx(
	report: Report,
	locale: Locale,
	vocabularies: Vocabularies,
	demo: boolean,
	map: string | null = null,
	now = new Date()
): Promise<Uint8Array> {
	const t = translator(locale);
	const [heading, subtitle] = titleLines(report, locale);
	const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
	const children: (Paragraph | Table)[] = [
		new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: heading, bold: true })] }),
		new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun(subtitle)] })
	];
	if (demo) children.push(new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: t('demoBanner'), bold: true, color: '92400E' })] }));
	if (map) {
		const png = pngBytes(map);
		const { width, height } = pngSize(png);
		children.push(
			new Paragraph({
				alignment: AlignmentType.CENTER,
				children: [
					new ImageRun({
						type: 'png',
						data: png,
						transformation: { width: 600, height: Math.round((600 * height) / width) },
						altText: { name: 'map', description: subtitle, title: subtitle }
					})
				]
			})
		);
	}
	for (const table of reportTables(report, locale, vocabularies)) {
		children.push(
			new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(table.heading)] }),
			new Table({
				width: { size: 100, type: WidthType.PERCENTAGE },
				rows: [
					new TableRow({ tableHeader: true, children: table.columns.map((c) => cell(c, true)) }),
					...table.rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))
				]
			})
		);
	}
	// The charts as pictures, 16 cm wide.
	for (const chart of reportCharts(report, locale, vocabularies)) {
		const { png, width, height } = svgPng(chart.svg);
		children.push(
			new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(chart.title)] }),
			new Paragraph({
				children: [
					new ImageRun({
						type: 'png',
						data: png,
						transformation: { width: 600, height: Math.round((600 * height) / width) },
						altText: { name: chart.title, description: chart.title, title: chart.title }
					})
				]
			})
		);
	}
	children.push(
		...reportNotes(report, locale).map((note) => new Paragraph({ children: [new TextRun({ text: note, italics: true })] })),
		new Paragraph({
			children: [new TextRun({ text: t('generatedOn').replace('{d}', now.toLocaleDateString(locale === 'vi' ? 'vi-VN' : 'en-GB')), italics: true })]
		})
	);
	const document = new Document({
		creator: t('appName'),
		title: heading,
		styles: { default: { document: { run: { font: 'Times New Roman', size: 26 } } } },
		sections: [{ children }]
	});
	return new Uint8Array(await Packer.toBuffer(document));
}

/** The report as PDF, with the map of the unit (from the browser) and the two charts. */
export async function reportPdf(
	report: Report,
	locale: Locale,
	vocabularies: Vocabularies,
	demo: boolean,
	map: string | null = null,
	now = new Date()
): Promise<Uint8Array> {
	const t = translator(locale);
	const [heading, subtitle] = titleLines(report, locale);
	const content: Content[] = [
		{ text: heading, fontSize: 16, bold: true, alignment: 'center' },
		{ text: subtitle, alignment: 'center', margin: [0, 4, 0, 4] },
		...(demo ? [{ text: t('demoBanner'), bold: true, color: '#92400e', alignment: 'center' }] : []),
		...(map ? [{ image: map, fit: [700, 330], alignment: 'center', margin: [0, 6, 0, 0] }] : [])
	];
	for (const table of reportTables(report, locale, vocabularies)) {
		content.push(
			{ text: table.heading, fontSize: 14, bold: true, margin: [0, 12, 0, 4] },
			{
				table: {
					headerRows: 1,
					widths: table.columns.map((_, i) => (i === 0 ? '*' : 'auto')),
					body: [table.columns.map((c) => ({ text: c, bold: true })), ...table.rows]
				},
				layout: 'lightHorizontalLines'
			}
		);
	}
	const charts = reportCharts(report, locale, vocabularies);
	content.push(
		...charts.flatMap((chart) => [
			{ text: chart.title, fontSize: 14, bold: true, pageBreak: 'before', margin: [0, 0, 0, 6] },
			{ svg: chart.svg, width: 700 }
		]),
		{ stack: reportNotes(report, locale).map((note) => ({ text: note, italics: true, fontSize: 10 })), margin: [0, 12, 0, 0] }
	);
	const date = now.toLocaleDateString(locale === 'vi' ? 'vi-VN' : 'en-GB');
	return makePdf(heading, `${subtitle} · ${date}${demo ? ` · ${t('demoBanner')}` : ''}`, content);
}
