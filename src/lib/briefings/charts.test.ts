import { describe, expect, it } from 'vitest';
import { coverageBars, hotspotTrend, monthlyStacks, monthsBetween, outreachBars, peakRuns } from './charts';

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
		expect(stacks[0]).toEqual({ month: '2025-06', segments: [], total: 0, suppressed: [] });
		expect(stacks[1]).toEqual({
			month: '2025-07',
			segments: [{ type: 'cross_border', y0: 0, y1: 5 }, { type: 'labour_fraud', y0: 5, y1: 9 }],
			total: 9,
			suppressed: ['marriage_brokering']
		});
		expect(stacks[3]!.segments).toEqual([{ type: 'labour_fraud', y0: 0, y1: 3 }]);
	});
	it('finds the peak-campaign months to shade, one run per year', () => {
		expect(peakRuns(monthsBetween('2024-05', '2025-08'))).toEqual([['2024-07', '2024-09'], ['2025-07', '2025-08']]);
		expect(peakRuns(['2025-01', '2025-02'])).toEqual([]);
	});
	it('orders outreach forms by people reached with their shares', () => {
		const bars = outreachBars([
			{ form: 'leaflet', activities: 10, people_reached: 100 },
			{ form: 'meeting', activities: 4, people_reached: 300 }
		]);
		expect(bars.map((b) => [b.form, b.share])).toEqual([['meeting', 0.75], ['leaflet', 0.25]]);
		expect(outreachBars([])).toEqual([]);
	});
	it('stacks hot spot cells per year by confidence, oldest year first', () => {
		const trend = hotspotTrend([
			{ year: 2025, classCounts: { '3': 4, '2': 1, '1': 0, '0': 90, '-1': 2 } },
			{ year: 2024, classCounts: { '3': 1, '1': 2 } }
		]);
		expect(trend).toEqual([
			{ year: 2024, segments: [{ cls: '3', y0: 0, y1: 1 }, { cls: '1', y0: 1, y1: 3 }], total: 3 },
			{ year: 2025, segments: [{ cls: '3', y0: 0, y1: 4 }, { cls: '2', y0: 4, y1: 5 }], total: 5 }
		]);
	});
	it('puts the least covered districts first and leaves out those without workers', () => {
		const bars = coverageBars(0.8, 0.55, [
			{ name: 'A', workers: 100, covered: 90, share: 0.9 },
			{ name: 'B', workers: 50, covered: 10, share: 0.2 },
			{ name: 'C', workers: 0, covered: 0, share: 0 }
		]);
		expect(bars.summary).toEqual([{ key: 'planned', share: 0.8 }, { key: 'achieved', share: 0.55 }]);
		expect(bars.districts.map((d) => d.name)).toEqual(['B', 'A']);
	});
});
