/** The map view as it travels in the URL: `?view=lon,lat,zoom`. */
export interface MapViewState {
	lon: number;
	lat: number;
	zoom: number;
}

export function parseView(value: string | null): MapViewState | null {
	if (!value) return null;
	const parts = value.split(',').map(Number);
	if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null;
	const [lon, lat, zoom] = parts as [number, number, number];
	if (Math.abs(lon) > 180 || Math.abs(lat) > 85 || zoom < 0 || zoom > 22) return null;
	return { lon, lat, zoom };
}

export function formatView(view: MapViewState): string {
	return `${view.lon.toFixed(4)},${view.lat.toFixed(4)},${view.zoom.toFixed(2)}`;
}
