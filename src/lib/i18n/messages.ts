/** User-facing text in Vietnamese (default) and English. */
export const messages = {
	vi: {
		appName: 'Bản đồ điểm nóng',
		appTagline: 'Phòng, chống mua bán người',
		demoBanner: 'DỮ LIỆU DEMO — được tạo tự động, không phải vụ việc thật',
		viewingAs: 'Đang xem với vai trò',
		layers: 'Lớp bản đồ',
		borderLines: 'Đường biên giới',
		trails: 'Đường mòn, lối mở',
		borderGates: 'Cửa khẩu',
		crossings: 'Lối qua lại không chính thức',
		industrialZones: 'Khu công nghiệp',
		boardingHouses: 'Nhà trọ công nhân',
		adminUnits: 'Địa giới hành chính (gần đúng)',
		countryLA: 'Lào',
		countryKH: 'Campuchia',
		countryCN: 'Trung Quốc',
		workers: 'công nhân',
		features: 'đối tượng',
		language: 'English',
		signInRequired: 'Cần đăng nhập để xem dữ liệu.',
		loadError: 'Không tải được lớp dữ liệu',
		approxBoundaries: 'Ranh giới tỉnh/huyện là gần đúng (demo); biên giới quốc gia: Natural Earth.',
		mapLoading: 'Đang tải bản đồ…'
	},
	en: {
		appName: 'Hotspot Atlas',
		appTagline: 'Counter human trafficking',
		demoBanner: 'DEMO DATA — generated, not real cases',
		viewingAs: 'Viewing as',
		layers: 'Layers',
		borderLines: 'Border lines',
		trails: 'Trails and informal paths',
		borderGates: 'Border gates',
		crossings: 'Informal crossings',
		industrialZones: 'Industrial zones',
		boardingHouses: 'Workers’ boarding houses',
		adminUnits: 'Administrative units (approximate)',
		countryLA: 'Laos',
		countryKH: 'Cambodia',
		countryCN: 'China',
		workers: 'workers',
		features: 'features',
		language: 'Tiếng Việt',
		signInRequired: 'Sign in to see data.',
		loadError: 'Could not load layer',
		approxBoundaries: 'Province/district boundaries are approximate (demo); national borders: Natural Earth.',
		mapLoading: 'Loading map…'
	}
} as const;

export type Locale = keyof typeof messages;
export type MessageKey = keyof (typeof messages)['vi'];

export function isLocale(value: string | null | undefined): value is Locale {
	return value === 'vi' || value === 'en';
}

export function translator(locale: Locale): (key: MessageKey) => string {
	return (key) => messages[locale][key];
}
