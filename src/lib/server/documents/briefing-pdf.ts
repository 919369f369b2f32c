/**
 * A briefing as PDF (pdfmake with the Roboto fonts it ships, ./pdf: Vietnamese text stays text, and
 * can be searched and copied). Charts are the same Svelte components the app shows, rendered on the
 * server to SVG and drawn as vectors; key figures and deployments become tables; map slides are the
 * PNGs the browser made of them. Every page says the briefing, the date and, for demo data, DEMO.
 */
import { render } from 'svelte/server';
import CasesByMonthChart from '$lib/charts/CasesByMonthChart.svelte';
import OutreachChart from '$lib/charts/OutreachChart.svelte';
import HotspotTrendChart from '$lib/charts/HotspotTrendChart.svelte';
import CoverageChart from '$lib/charts/CoverageChart.svelte';
import { translator, type Locale, type MessageKey } from '$lib/i18n/messages';
import type { Vocabularies } from '$lib/records/kinds';
import type { Briefing, Slide, SlideData } from '$lib/briefings/slides';
import { makePdf, svgOf, type Content } from './pdf';
import { casesChartLabels } from '$lib/charts/series';

const WIDTH = 760;
const FIGURES = ['cases', 'victims', 'victims_female', 'victims_male', 'victims_under_16', 'outreach', 'people_reached', 'model_sites', 'workers'];

function slideContent(slide: Slide, data: SlideData, map: string | undefined, locale: Locale, vocabularies: Vocabularies): Content {
	const t = translator(locale);
	if (slide.kind === 'map') return map ? { image: map, fit: [WIDTH, 400], alignment: 'center' } : { text: '—', italics: true };
	if (data?.kind === 'cases_by_month') {
		const types = vocabularies.case_type.map((c) => ({ code: c.code, name: c[locale] }));
		const period = slide.filters?.from && slide.filters?.to ? { from: slide.filters.from, to: slide.filters.to } : undefined;
		const { body } = render(CasesByMonthChart, {
			props: { rows: data.rows, totals: data.totals, types, period, k: data.k, labels: casesChartLabels(t) }
		});
		// The legend is part of the chart's SVG.
		return { svg: svgOf(body), width: WIDTH };
	}
	if (data?.kind === 'outreach_by_form') {
		const formName = (code: string) => vocabularies.form.find((f) => f.code === code)?.[locale] ?? code;
		const { body } = render(OutreachChart, {
			props: { rows: data.rows, formName, labels: { people: t('peopleReachedBy'), activities: t('activitiesWord') }, locale }
		});
		return { svg: svgOf(body), width: WIDTH };
	}
	if (data?.kind === 'hotspot_classes') {
		const classNames = { '3': t('gi_3'), '2': t('gi_2'), '1': t('gi_1') };
		const { body } = render(HotspotTrendChart, {
			props: { rows: data.years, classNames, label: t('chart_hotspot_classes'), tooFewLabel: t('tooFewPublished') }
		});
		return [
			{ svg: svgOf(body), width: WIDTH },
			{ text: Object.values(classNames).join(' · '), fontSize: 10 }
		];
	}
	if (data?.kind === 'coverage') {
		const labels = { planned: t('plannedShort'), achieved: t('achievedShort'), title: t('chart_coverage') };
		const { body } = render(CoverageChart, { props: { planned: data.planned, achieved: data.achieved, districts: data.districts, labels, locale } });
		return { svg: svgOf(body), width: WIDTH };
	}
	if (data?.kind === 'figures') {
		const cells = FIGURES.map((key) => {
			const v = data.figures[key];
			return {
				stack: [
					{ text: v === null || v === undefined ? t('hiddenCell') : v.toLocaleString(locale), fontSize: 24, bold: true, color: '#115e59' },
					{ text: t(`fig_${key}` as MessageKey), fontSize: 11 }
				],
				margin: [6, 6, 6, 6]
			};
		});
		const rows = [cells.slice(0, 3), cells.slice(3, 6), cells.slice(6, 9)];
		return { table: { widths: ['*', '*', '*'], body: rows }, layout: 'lightHorizontalLines' };
	}
	if (data?.kind === 'deployments') {
		const day = (iso: string) => iso.split('-').reverse().join('/');
		return [
			{
				text: `${data.plan.sites.filter((s) => s.status === 'done').length} / ${data.plan.sites.length} ${t('deploymentsDone')}`,
				bold: true,
				margin: [0, 0, 0, 6]
			},
			{
				table: {
					headerRows: 1,
					widths: ['auto', '*', 'auto', 'auto'],
					body: [
						[t('teamCol'), t('site'), t('weeksCol'), t('status')].map((h) => ({ text: h, bold: true })),
						...data.plan.sites.map((s) => [
							s.team,
							s.label,
							s.weeks.length ? `${day(s.weeks[0]!.start)} – ${day(s.weeks[s.weeks.length - 1]!.end)} (${s.weeks.length})` : '—',
							t(`dep_${s.status}` as MessageKey)
						])
					]
				},
				layout: 'lightHorizontalLines',
				fontSize: 10
			}
		];
	}
	if (data?.kind === 'broken') return { text: `${t('slideBroken')}: ${data.message}`, italics: true, color: '#9a3412' };
	return { text: t('chartNotAvailable'), italics: true };
}

/**
 * The PDF of a briefing: a cover (title, notes, date) and one page per slide (title, content,
 * notes). `maps` holds the PNG data URL of each map slide by slide id.
 */
export async function briefingPdf(input: {
	briefing: Briefing;
	data: Record<string, SlideData>;
	maps: Record<string, string>;
	locale: Locale;
	vocabularies: Vocabularies;
	demo: boolean;
	now?: Date;
}): Promise<{ bytes: Uint8Array; pages: number }> {
	const { briefing, data, maps, locale, vocabularies, demo } = input;
	const t = translator(locale);
	const date = (input.now ?? new Date()).toLocaleDateString(locale === 'vi' ? 'vi-VN' : 'en-GB');
	const content: Content[] = [
		{ text: briefing.title, fontSize: 30, bold: true, color: '#115e59', margin: [0, 140, 0, 12] },
		{ text: briefing.notes, fontSize: 14, margin: [0, 0, 0, 12] },
		{ text: `${t('appName')} · ${date}`, fontSize: 12, color: '#555555' },
		...(demo ? [{ text: t('demoBanner'), fontSize: 12, bold: true, color: '#92400e', margin: [0, 12, 0, 0] } as Content] : [])
	];
	for (const slide of briefing.slides) {
		content.push(
			{ text: slide.title, fontSize: 20, bold: true, color: '#115e59', pageBreak: 'before', margin: [0, 0, 0, 8] },
			slideContent(slide, data[slide.id] ?? null, maps[slide.id], locale, vocabularies),
			...(slide.notes ? [{ text: slide.notes, fontSize: 11, margin: [0, 8, 0, 0] } as Content] : [])
		);
	}
	const bytes = await makePdf(briefing.title, `${briefing.title} · ${date}${demo ? ` · ${t('demoBanner')}` : ''}`, content);
	return { bytes, pages: briefing.slides.length + 1 };
}
