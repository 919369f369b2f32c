import type { StyleSpecification } from 'maplibre-gl';
import { islandPoints } from './archipelagos';
import { installedLayers, installedSource, type InstalledBasemap } from './installed-basemap';

/**
 * An air-gapped basemap: sea, land and country outlines from the bundled Natural Earth file
 * (static/basemap/countries.geojson, built by scripts/build-basemap.ts), and the islands of Quần
 * đảo Hoàng Sa and Quần đảo Trường Sa as land of Vietnam (archipelagos.ts; labelled with the
 * country names in labels.ts). No glyph server: MapLibre draws text with the page's font.
 *
 * With an installed basemap (installed-basemap.ts) its water, roads, boundaries and places are
 * drawn over that land, under the country outlines and the archipelagos, which stay on top.
 */
export function basemapStyle(installed: InstalledBasemap | null = null, countriesUrl = '/basemap/countries.geojson'): StyleSpecification {
	const extra = installed ? installedLayers(installed) : { under: [], labels: [] };
	return {
		version: 8,
		sources: {
			countries: { type: 'geojson', data: countriesUrl, attribution: 'Natural Earth (public domain)' },
			islands: { type: 'geojson', data: islandPoints() },
			...(installed ? { installed: installedSource(installed) } : {})
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
			...extra.under,
			{
				id: 'country-outline',
				type: 'line',
				source: 'countries',
				paint: { 'line-color': '#a3a8ad', 'line-width': 0.8 }
			},
			{
				// Drawn as Vietnam's land (the fill above), big enough to see at the national view.
				id: 'islands',
				type: 'circle',
				source: 'islands',
				paint: {
					'circle-color': '#fdfbf5',
					'circle-stroke-color': '#8a8f94',
					'circle-stroke-width': 0.8,
					'circle-radius': ['interpolate', ['linear'], ['zoom'], 4, 1.6, 8, 3, 12, 6]
				}
			},
			...extra.labels
		]
	};
}

/** Initial view: Vietnam with Quần đảo Hoàng Sa and Quần đảo Trường Sa, and its land neighbours. */
export const VIETNAM_BOUNDS: [[number, number], [number, number]] = [
	[101.5, 7.2],
	[116.5, 23.5]
];
