import { describe, expect, it } from 'vitest';
import { activeRange, NO_FILTERS, readFilters, timeSteps, writeFilters } from './filters';
import { layerFilters } from './layers';

describe('map filters', () => {
	it('round-trips through the URL', () => {
		const filters = { period: 'peak-2025', types: ['cross_border', 'labour_fraud'], forms: ['meeting'], unit: 'tay-ninh', at: '2025-07-29' };
		const params = writeFilters(new URLSearchParams('view=1,2,3'), filters);
		expect(params.get('view')).toBe('1,2,3');
		expect(readFilters(new URLSearchParams(params.toString()))).toEqual({ filters, errors: [] });
		// Defaults leave the URL.
		expect(writeFilters(params, NO_FILTERS).toString()).toBe('view=1%2C2%2C3');
	});

	it('drops what it cannot understand and says which parameter and why', () => {
		const { filters, errors } = readFilters(new URLSearchParams('period=peak-1850&types=cross_border,aliens&unit=bad code&at=2025-07-02'));
		expect(filters).toEqual({ ...NO_FILTERS, types: ['cross_border'] });
		expect(errors).toHaveLength(4);
		expect(errors[0]).toMatch(/^period: "peak-1850"/);
		expect(errors[1]).toMatch(/^types: unknown aliens/);
		expect(errors[2]).toMatch(/^unit:/);
		expect(errors[3]).toMatch(/^at: 2025-07-02 is not a step/);
	});

	it('steps the peak campaign by week and longer periods by month', () => {
		const weeks = timeSteps('peak-2025');
		expect(weeks).toHaveLength(14);
		expect(weeks[0]).toEqual({ from: '2025-07-01', to: '2025-07-07' });
		expect(weeks[4]).toEqual({ from: '2025-07-29', to: '2025-08-04' });
		// The last week is cut at 30/9 and the steps cover every day once.
		expect(weeks.at(-1)).toEqual({ from: '2025-09-30', to: '2025-09-30' });
		const months = timeSteps('year-2024');
		expect(months).toHaveLength(12);
		expect(months[1]).toEqual({ from: '2024-02-01', to: '2024-02-29' });
		expect(timeSteps('all')).toHaveLength(60);
	});

	it('gives each layer the filters it takes, the slider step narrowing the period', () => {
		const filters = { period: 'peak-2024', types: ['domestic'], forms: ['sms'], unit: 'an-giang', at: null };
		expect(layerFilters('cases', filters)).toEqual({ from: '2024-07-01', to: '2024-09-30', case_type: ['domestic'], admin_unit: 'an-giang' });
		expect(layerFilters('outreach', filters)).toEqual({ from: '2024-07-01', to: '2024-09-30', form: ['sms'], admin_unit: 'an-giang' });
		expect(layerFilters('boarding_houses', filters)).toEqual({ admin_unit: 'an-giang' });
		expect(layerFilters('border_gates', filters)).toEqual({});
		const stepped = { ...filters, at: '2024-07-29' };
		expect(activeRange(stepped)).toEqual({ from: '2024-07-29', to: '2024-08-04' });
		expect(layerFilters('outreach_surface', stepped)).toMatchObject({ from: '2024-07-29', to: '2024-08-04' });
		expect(layerFilters('cases', NO_FILTERS)).toEqual({});
	});
});
