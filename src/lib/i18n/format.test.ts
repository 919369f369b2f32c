import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatFixed, formatNumber, formatP, formatZ } from './format';

describe('formats in the reader’s conventions', () => {
	it('writes Vietnamese numbers with a decimal comma and dot grouping', () => {
		expect(formatNumber(1250, 'vi')).toBe('1.250');
		expect(formatNumber(1250, 'en')).toBe('1,250');
		expect(formatFixed(25.31, 'vi', 1)).toBe('25,3');
		expect(formatZ(23.456, 'vi')).toBe('23,46');
		expect(formatZ(-1.5, 'en')).toBe('-1.50');
	});
	it('writes small p-values as "< 0,001" and others with three significant digits', () => {
		expect(formatP(0.00002, 'vi')).toBe('< 0,001');
		expect(formatP(0.0123, 'vi')).toBe('0,0123');
		expect(formatP(0.5, 'en')).toBe('0.5');
	});
	it('writes dates day first, dd/mm/yyyy, in both languages, a bare day as that day', () => {
		expect(formatDate('2026-07-30', 'vi')).toBe('30/07/2026');
		expect(formatDate('2026-07-01', 'en')).toBe('01/07/2026');
		expect(formatDateTime(new Date(2026, 6, 30, 9, 5), 'vi')).toBe('30/07/2026 09:05');
	});
});
