/** Colours shared by the map layers and their legends (RGB). */
export type Rgb = [number, number, number];

/** Border colour per neighbour country: distinct for readers with colour-vision deficiency. */
export const COUNTRY_COLORS: Record<string, Rgb> = {
	LA: [0, 114, 178],
	KH: [213, 94, 0],
	CN: [204, 121, 167]
};

export const GATE_CLASS_RADIUS: Record<string, number> = { international: 7, main: 5.5, secondary: 4.5 };

export const INDUSTRIAL_ZONE_COLOR: Rgb = [120, 94, 160];
export const BOARDING_HOUSE_COLOR: Rgb = [230, 159, 0];
export const ADMIN_UNIT_LINE: Rgb = [110, 110, 110];

export const rgbCss = ([r, g, b]: Rgb, alpha = 1) => `rgba(${r}, ${g}, ${b}, ${alpha})`;
