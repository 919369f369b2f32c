/**
 * Quần đảo Hoàng Sa (TP. Đà Nẵng) and Quần đảo Trường Sa (tỉnh Khánh Hòa): Vietnamese territory,
 * drawn and labelled on every map of the app (the map page, briefing slides and their PNGs, the
 * maps in reports and PDFs) and found by the place search. Natural Earth's 1:50m countries hold
 * neither archipelago, so their islands are listed here: approximate positions (a few km) of the
 * main islands, cays and reefs, drawn as land of Vietnam (data/SOURCES.md).
 */

export interface Archipelago {
	code: 'hoang-sa' | 'truong-sa';
	vi: string;
	en: string;
	/** The province it belongs to, as the search shows it. */
	province: { vi: string; en: string };
	/** Where the name is written: beside the islands, on open sea. */
	labelAt: [number, number];
	islands: { vi: string; at: [number, number] }[];
}

export const ARCHIPELAGOS: Archipelago[] = [
	{
		code: 'hoang-sa',
		vi: 'Quần đảo Hoàng Sa',
		en: 'Hoàng Sa Archipelago',
		province: { vi: 'TP. Đà Nẵng', en: 'Đà Nẵng' },
		labelAt: [111.95, 17.22],
		islands: [
			{ vi: 'Đảo Phú Lâm', at: [112.336, 16.834] },
			{ vi: 'Đảo Linh Côn', at: [112.725, 16.67] },
			{ vi: 'Đảo Cây', at: [112.26, 16.985] },
			{ vi: 'Đảo Bắc', at: [112.31, 16.965] },
			{ vi: 'Đảo Trung', at: [112.335, 16.955] },
			{ vi: 'Đảo Nam', at: [112.345, 16.945] },
			{ vi: 'Đảo Hoàng Sa', at: [111.6, 16.535] },
			{ vi: 'Đảo Hữu Nhật', at: [111.578, 16.505] },
			{ vi: 'Đảo Duy Mộng', at: [111.74, 16.465] },
			{ vi: 'Đảo Quang Ảnh', at: [111.505, 16.445] },
			{ vi: 'Đảo Quang Hòa', at: [111.713, 16.448] },
			{ vi: 'Đảo Tri Tôn', at: [111.2, 15.785] },
			{ vi: 'Đá Bạch Quy', at: [111.755, 16.055] }
		]
	},
	{
		code: 'truong-sa',
		vi: 'Quần đảo Trường Sa',
		en: 'Trường Sa Archipelago',
		province: { vi: 'tỉnh Khánh Hòa', en: 'Khánh Hòa' },
		labelAt: [113.0, 11.25],
		islands: [
			{ vi: 'Đảo Song Tử Tây', at: [114.331, 11.43] },
			{ vi: 'Đảo Song Tử Đông', at: [114.356, 11.453] },
			{ vi: 'Đảo Thị Tứ', at: [114.285, 11.055] },
			{ vi: 'Đảo Loại Ta', at: [114.409, 10.682] },
			{ vi: 'Đảo Sơn Ca', at: [114.478, 10.376] },
			{ vi: 'Đảo Ba Bình', at: [114.366, 10.377] },
			{ vi: 'Đảo Nam Yết', at: [114.365, 10.181] },
			{ vi: 'Đảo Sinh Tồn', at: [114.33, 9.885] },
			{ vi: 'Đảo Trường Sa', at: [111.92, 8.645] },
			{ vi: 'Đảo An Bang', at: [112.905, 7.89] },
			{ vi: 'Đá Đông', at: [112.35, 8.93] },
			{ vi: 'Đá Tây', at: [112.21, 8.84] },
			{ vi: 'Đảo Phan Vinh', at: [113.685, 8.955] },
			{ vi: 'Đá Tiên Nữ', at: [114.65, 8.85] },
			{ vi: 'Đá Lớn', at: [113.855, 10.05] },
			{ vi: 'Đảo Bình Nguyên', at: [115.826, 10.811] },
			{ vi: 'Đảo Vĩnh Viễn', at: [115.8, 10.727] }
		]
	}
];

/** The box of an archipelago's islands, widened a little so that a map fitted to it shows them all. */
export function archipelagoBbox(a: Archipelago): [number, number, number, number] {
	const lons = a.islands.map((i) => i.at[0]);
	const lats = a.islands.map((i) => i.at[1]);
	return [Math.min(...lons) - 0.3, Math.min(...lats) - 0.3, Math.max(...lons) + 0.3, Math.max(...lats) + 0.3];
}

/** The islands as GeoJSON points, for the basemap's island layer. */
export function islandPoints() {
	return {
		type: 'FeatureCollection' as const,
		features: ARCHIPELAGOS.flatMap((a) =>
			a.islands.map((i) => ({
				type: 'Feature' as const,
				properties: { name: i.vi, archipelago: a.code },
				geometry: { type: 'Point' as const, coordinates: i.at }
			}))
		)
	};
}
