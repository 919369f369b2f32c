import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import CasesByMonthChart from './CasesByMonthChart.svelte';
import OutreachChart from './OutreachChart.svelte';
import { casesChartLabels } from '$lib/charts/series';
import { translator } from '$lib/i18n/messages';

const t = translator('vi');
const svg = (html: string) => html.match(/<svg[\s\S]*<\/svg>/)![0];

describe('chart pictures (as they go to PDF and Word)', () => {
	it('carries its legend inside the SVG, and the hidden part of a month with its published total', () => {
		const { body } = render(CasesByMonthChart, {
			props: {
				rows: [
					{ month: '2025-07', case_type: 'cross_border', cases: 12 },
					{ month: '2025-07', case_type: 'labour_fraud', cases: null }
				],
				totals: [{ month: '2025-07', cases: 19 }],
				types: [
					{ code: 'cross_border', name: 'Mua bán người qua biên giới' },
					{ code: 'labour_fraud', name: 'Lừa đảo việc nhẹ lương cao' }
				],
				k: 11,
				labels: casesChartLabels(t)
			}
		});
		const picture = svg(body);
		expect(picture).toContain('Mua bán người qua biên giới');
		expect(picture).toContain(t('hiddenTypes'));
		expect(picture).toContain('data-hidden');
		expect(picture).toContain('19*');
	});

	it('never lets a long form name or value run off the picture', () => {
		const { body } = render(OutreachChart, {
			props: {
				rows: [{ form: 'x', activities: 10, people_reached: 123456 }],
				formName: () => 'Ngoại khóa trường học kết hợp sinh hoạt dưới cờ và hội thi tìm hiểu pháp luật',
				labels: { people: 'Người được tiếp cận', activities: 'hoạt động' },
				locale: 'vi-VN'
			}
		});
		const picture = svg(body);
		// The name in lines that end inside the left margin, the full name kept as a title.
		expect(picture.match(/<tspan/g)!.length).toBe(2);
		expect(picture).toContain('<title>Ngoại khóa trường học kết hợp');
		// The value label starts where it still has 290 px before the right edge (960).
		const x = Number(picture.match(/<text font-size="14" fill="#374151" x="([\d.]+)"/)![1]);
		expect(x).toBeLessThanOrEqual(960 - 290 + 8);
	});
});
