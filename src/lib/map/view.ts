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

/**
 * A view that shows every point given (the rows just imported, say): their centre, at the zoom where
 * their spread fills about half of a map 1000 px wide, between zoom 6 and 15. Null without points.
 */
export function viewOfPoints(points: { lon: number; lat: number }[]): MapViewState | null {
	if (!points.length) return null;
	const lons = points.map((p) => p.lon);
	const lats = points.map((p) => p.lat);
	const [west, east, south, north] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
	const span = Math.max(east - west, north - south, 1e-4);
	// At zoom z a 1000 px map spans 1000 / 256 × 360 / 2^z degrees; half of it for the points.
	const zoom = Math.log2(((1000 / 256) * 360) / (2 * span));
	return { lon: (west + east) / 2, lat: (south + north) / 2, zoom: Math.min(15, Math.max(6, zoom)) };
}
