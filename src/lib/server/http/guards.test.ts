import { describe, expect, it } from 'vitest';
import { safeRedirect } from './guards';

describe('safeRedirect', () => {
	it('keeps paths of this site, with their query and fragment', () => {
		expect(safeRedirect('/plan?period=peak-2025#x')).toBe('/plan?period=peak-2025#x');
		expect(safeRedirect('/data')).toBe('/data');
	});

	it('refuses every way a browser would read as another site', () => {
		for (const target of [
			'//evil.example',
			'/\t/evil.example',
			'/\n/evil.example',
			'/\r/evil.example',
			'/\\evil.example',
			'\\\\evil.example',
			'https://evil.example',
			null,
			''
		])
			expect(safeRedirect(target), JSON.stringify(target)).toBe('/');
	});

	it('encodes what it keeps, so no raw control or non-ASCII character reaches the Location header', () => {
		expect(safeRedirect('/bản-đồ')).toBe('/b%E1%BA%A3n-%C4%91%E1%BB%93');
		expect(safeRedirect('/x\u0000y')).toBe('/');
		expect(safeRedirect('/x\u007fy')).toBe('/');
	});

	it('keeps encoded slashes and tabs encoded: they stay a path on this site', () => {
		for (const target of ['/%2F%2Fevil.example', '/%09/evil.example', '/%5Cevil.example'])
			expect(new URL(safeRedirect(target), 'http://app.test').origin, target).toBe('http://app.test');
		expect(safeRedirect('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
	});
});
