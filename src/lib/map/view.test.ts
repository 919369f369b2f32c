import { describe, expect, it } from 'vitest';
import { formatView, parseView, viewOfPoints } from './view';

describe('map view in the URL', () => {
	it('round-trips a view', () => {
		const view = parseView(formatView({ lon: 106.1234567, lat: 11.3, zoom: 8.5 }));
		expect(view).toEqual({ lon: 106.1235, lat: 11.3, zoom: 8.5 });
	});
	it('ignores anything that is not a view', () => {
		for (const bad of [null, '', '106,11', 'a,b,c', '200,11,5', '106,11,30', '106,11,5,1']) expect(parseView(bad)).toBeNull();
	});
});

describe('a view of points', () => {
	it('centres on the points at a zoom that shows them all, within 6–15', () => {
		const houses = [
			{ lon: 106.1702, lat: 11.0401 },
			{ lon: 106.2011, lat: 11.0533 },
			{ lon: 106.1633, lat: 11.0611 }
		];
		const view = viewOfPoints(houses)!;
		expect(view.lon).toBeCloseTo((106.1633 + 106.2011) / 2, 6);
		expect(view.lat).toBeCloseTo((11.0401 + 11.0611) / 2, 6);
		// 0.038° of spread: about zoom 14, where a 1000 px map spans some 0.085°.
		expect(view.zoom).toBeGreaterThan(13);
		expect(view.zoom).toBeLessThan(15);
		expect(viewOfPoints([{ lon: 106, lat: 11 }])!.zoom).toBe(15);
		expect(
			viewOfPoints([
				{ lon: 102, lat: 8.5 },
				{ lon: 109.5, lat: 23.4 }
			])!.zoom
		).toBe(6);
		expect(viewOfPoints([])).toBeNull();
	});
});
