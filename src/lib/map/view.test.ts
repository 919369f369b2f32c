import { describe, expect, it } from 'vitest';
import { formatView, parseView } from './view';

describe('map view in the URL', () => {
	it('round-trips a view', () => {
		const view = parseView(formatView({ lon: 106.1234567, lat: 11.3, zoom: 8.5 }));
		expect(view).toEqual({ lon: 106.1235, lat: 11.3, zoom: 8.5 });
	});
	it('ignores anything that is not a view', () => {
		for (const bad of [null, '', '106,11', 'a,b,c', '200,11,5', '106,11,30', '106,11,5,1']) expect(parseView(bad)).toBeNull();
	});
});
