import type { StyleSpecification } from 'maplibre-gl';

/**
 * An air-gapped basemap: sea, land and country outlines from the bundled Natural Earth file
 * (static/basemap/countries.geojson, built by scripts/build-basemap.ts). No tiles, no glyphs.
 */
export function basemapStyle(countriesUrl = '/basemap/countries.geojson'): StyleSpecification {
	return {
		version: 8,
		sources: {
			countries: { type: 'geojson', data: countriesUrl, attribution: 'Natural Earth (public domain)' }
		},
		layers: [
			{ id: 'sea', type: 'background', paint: { 'background-color': '#d6e6f0' } },
			{
				id: 'land',
				type: 'fill',
				source: 'countries',
				paint: {
					'fill-color': ['case', ['==', ['get', 'iso_n3'], '704'], '#fdfbf5', '#efece4']
				}
			},
			{
				id: 'country-outline',
				type: 'line',
				source: 'countries',
				paint: { 'line-color': '#a3a8ad', 'line-width': 0.8 }
			}
		]
	};
}

/** Initial view: Vietnam and its land neighbours. */
export const VIETNAM_BOUNDS: [[number, number], [number, number]] = [
	[101.0, 8.2],
	[110.2, 23.6]
];
