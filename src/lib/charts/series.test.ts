import { describe, expect, it } from 'vitest';
import { coverageBars, hotspotTrend, monthlyStacks, monthsBetween, outreachBars, peakRuns, wrapLabel } from './series';

describe('briefing chart data', () => {
	it('lists every month of a period across a year end', () => {
		expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
		expect(monthsBetween('2025-03', '2025-02')).toEqual([]);
	});
	it('stacks cases by type per month, keeps empty months, and never draws a suppressed cell as zero', () => {
		const stacks = monthlyStacks(
			[
				{ month: '2025-07', case_type: 'cross_border', cases: 5 },
				{ month: '2025-07', case_type: 'labour_fraud', cases: 4 },
				{ month: '2025-07', case_type: 'marriage_brokering', cases: null },
				{ month: '2025-09', case_type: 'labour_fraud', cases: 3 }
			],
			['cross_border', 'labour_fraud', 'marriage_brokering'],
			{ from: '2025-06-01', to: '2025-09-30' }
		);
		expect(stacks.map((s) => s.month)).toEqual(['2025-06', '2025-07', '2025-08', '2025-09']);
		expect(stacks[0]).toEqual({ month: '2025-06', segments: [], total: 0, hidden: 0, suppressed: [] });
		expect(stacks[1]).toEqual({
			month: '2025-07',
			segments: [
				{ type: 'cross_border', y0: 0, y1: 5 },
				{ type: 'labour_fraud', y0: 5, y1: 9 }
			],
			total: 9,
			hidden: 0,
			suppressed: ['marriage_brokering']
		});
		expect(stacks[3]!.segments).toEqual([{ type: 'labour_fraud', y0: 0, y1: 3 }]);
	});
	it('draws a month whose types are hidden at its published total, the hidden part apart', () => {
		const rows = [
			{ month: '2025-07', case_type: 'cross_border', cases: 12 },
			{ month: '2025-07', case_type: 'labour_fraud', cases: null },
			{ month: '2025-07', case_type: 'domestic', cases: null },
			{ month: '2025-08', case_type: 'cross_border', cases: null },
			{ month: '2025-08', case_type: 'labour_fraud', cases: null }
		];
		const totals = [
			{ month: '2025-07', cases: 19 },
			{ month: '2025-08', cases: 14 },
			{ month: '2025-09', cases: null }
		];
		const [july, august] = monthlyStacks(rows, ['cross_border', 'labour_fraud', 'domestic'], { from: '2025-07-01', to: '2025-09-30' }, totals);
		expect([july!.total, july!.hidden]).toEqual([19, 7]);
		// Every type hidden: without the total this month would read as none.
		expect([august!.total, august!.hidden, august!.segments]).toEqual([14, 14, []]);
	});
	it('finds the peak-campaign months to shade, one run per year', () => {
		expect(peakRuns(monthsBetween('2024-05', '2025-08'))).toEqual([
			['2024-07', '2024-09'],
			['2025-07', '2025-08']
		]);
		expect(peakRuns(['2025-01', '2025-02'])).toEqual([]);
	});
	it('orders outreach forms by people reached with their shares', () => {
		const bars = outreachBars([
			{ form: 'leaflet', activities: 10, people_reached: 100 },
			{ form: 'meeting', activities: 4, people_reached: 300 }
		]);
		expect(bars.map((b) => [b.form, b.share])).toEqual([
			['meeting', 0.75],
			['leaflet', 0.25]
		]);
		expect(outreachBars([])).toEqual([]);
	});
	it('stacks hot spot cells per year by confidence, oldest year first', () => {
		const trend = hotspotTrend([
			{ year: 2025, classCounts: { '3': 4, '2': 1, '1': 0, '0': 90, '-1': 2 } },
			{ year: 2024, classCounts: { '3': 1, '1': 2 } }
		]);
		expect(trend).toEqual([
			{
				year: 2024,
				segments: [
					{ cls: '3', y0: 0, y1: 1 },
					{ cls: '1', y0: 1, y1: 3 }
				],
				total: 3
			},
			{
				year: 2025,
				segments: [
					{ cls: '3', y0: 0, y1: 4 },
					{ cls: '2', y0: 4, y1: 5 }
				],
				total: 5
			}
		]);
	});
	it('puts the least covered districts first and leaves out those without workers', () => {
		const bars = coverageBars(0.8, 0.55, [
			{ name: 'A', workers: 100, covered: 90, share: 0.9 },
			{ name: 'B', workers: 50, covered: 10, share: 0.2 },
			{ name: 'C', workers: 0, covered: 0, share: 0 }
		]);
		expect(bars.summary).toEqual([
			{ key: 'planned', share: 0.8 },
			{ key: 'achieved', share: 0.55 }
		]);
		expect(bars.districts.map((d) => d.name)).toEqual(['B', 'A']);
	});
});

describe('chart labels', () => {
	it('keeps a short label whole and wraps a long one in two lines, ending in … only when it must', () => {
		expect(wrapLabel('Hội nghị', 200, 16)).toEqual(['Hội nghị']);
		const two = wrapLabel('Mua bán người qua biên giới trên mạng xã hội', 200, 16);
		expect(two).toHaveLength(2);
		expect(two.join(' ')).toBe('Mua bán người qua biên giới trên mạng xã hội');
		const cut = wrapLabel('Mua bán người qua biên giới trên mạng xã hội và lừa đảo việc nhẹ lương cao ở nước ngoài', 150, 16);
		expect(cut).toHaveLength(2);
		expect(cut[1]!.endsWith('…')).toBe(true);
		// Every line fits: at most 150 px of 16 px Roboto (≈ 0.55 em a letter): under 18 letters.
		for (const line of [...two, ...cut]) expect([...line].length).toBeLessThanOrEqual(24);
	});
});
