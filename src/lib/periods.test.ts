import { describe, expect, it } from 'vitest';
import { periodKeys, periodLabel, periodRange } from './periods';
import { translator } from './i18n/messages';

describe('period presets', () => {
	it('knows the peak campaign, the 30/7 week, quarters and years', () => {
		expect(periodRange('peak-2025')).toEqual({ key: 'peak-2025', from: '2025-07-01', to: '2025-09-30' });
		expect(periodRange('day307-2024')).toEqual({ key: 'day307-2024', from: '2024-07-24', to: '2024-07-30' });
		expect(periodRange('q4-2023')).toEqual({ key: 'q4-2023', from: '2023-10-01', to: '2023-12-31' });
		expect(periodRange('year-2022')?.to).toBe('2022-12-31');
	});

	it('rejects anything else', () => {
		for (const bad of [null, '', 'peak', 'peak-25', 'summer-2025', 'peak-1999', "peak-2025'; --"]) expect(periodRange(bad)).toBeNull();
	});

	it('lists presets newest year first, the peak campaign first in each year', () => {
		const keys = periodKeys([2024, 2025]);
		expect(keys[0]).toBe('peak-2025');
		expect(keys.indexOf('peak-2024')).toBe(7);
		expect(keys.every((k) => periodRange(k) !== null)).toBe(true);
	});

	it('names every preset and the whole period in the reader’s language', () => {
		const vi = translator('vi');
		expect(periodLabel('all', vi)).toBe(vi('periodAll'));
		for (const key of periodKeys([2025])) expect(periodLabel(key, vi)).toMatch(/2025/);
		expect(periodLabel('peak-2025', translator('en'))).not.toBe(periodLabel('peak-2025', vi));
	});
});
