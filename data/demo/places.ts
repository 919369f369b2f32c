/**
 * Places the demo data is built around. Names are real (provinces after the 2025 reform, former
 * districts of the seed provinces, border gates, industrial zones); coordinates are approximate,
 * compiled by hand for the demo and NOT survey grade. See data/SOURCES.md.
 */

export type Lonlat = [number, number];

export interface DistrictSeed {
	slug: string;
	name: string;
	at: Lonlat;
}

export interface ProvinceSeed {
	slug: string;
	name: string;
	/** Approximate centre of the (post-2025) province. */
	at: Lonlat;
	population: number;
	/** Focus provinces of the seed plans get demo districts (former districts, approximate). */
	districts?: DistrictSeed[];
}

export const PROVINCES: ProvinceSeed[] = [
	{ slug: 'ha-noi', name: 'Hà Nội', at: [105.8, 21.02], population: 8_700_000 },
	{ slug: 'hue', name: 'Huế', at: [107.55, 16.35], population: 1_160_000 },
	{ slug: 'hai-phong', name: 'Hải Phòng', at: [106.5, 20.88], population: 4_660_000 },
	{ slug: 'da-nang', name: 'Đà Nẵng', at: [107.9, 15.6], population: 3_070_000 },
	{
		slug: 'ho-chi-minh',
		name: 'TP. Hồ Chí Minh',
		at: [106.7, 10.85],
		population: 14_000_000,
		districts: [
			{ slug: 'trung-tam', name: 'Khu trung tâm (Quận 1, 3, 5)', at: [106.69, 10.78] },
			{ slug: 'thu-duc', name: 'Thủ Đức', at: [106.78, 10.84] },
			{ slug: 'binh-tan', name: 'Bình Tân', at: [106.6, 10.77] },
			{ slug: 'cu-chi', name: 'Củ Chi', at: [106.5, 11.0] },
			{ slug: 'hoc-mon', name: 'Hóc Môn', at: [106.59, 10.88] },
			{ slug: 'binh-chanh', name: 'Bình Chánh', at: [106.55, 10.7] },
			{ slug: 'nha-be', name: 'Nhà Bè – Cần Giờ', at: [106.75, 10.6] },
			{ slug: 'thu-dau-mot', name: 'Thủ Dầu Một', at: [106.65, 10.99] },
			{ slug: 'di-an', name: 'Dĩ An – Thuận An', at: [106.76, 10.92] },
			{ slug: 'ben-cat', name: 'Bến Cát', at: [106.58, 11.15] },
			{ slug: 'phu-my', name: 'Phú Mỹ', at: [107.05, 10.6] },
			{ slug: 'vung-tau', name: 'Vũng Tàu', at: [107.1, 10.38] }
		]
	},
	{ slug: 'can-tho', name: 'Cần Thơ', at: [105.75, 9.75], population: 4_200_000 },
	{ slug: 'tuyen-quang', name: 'Tuyên Quang', at: [105.0, 22.55], population: 1_870_000 },
	{ slug: 'cao-bang', name: 'Cao Bằng', at: [106.05, 22.7], population: 580_000 },
	{ slug: 'lai-chau', name: 'Lai Châu', at: [103.2, 22.3], population: 510_000 },
	{
		slug: 'lao-cai',
		name: 'Lào Cai',
		at: [104.2, 22.05],
		population: 1_780_000,
		districts: [
			{ slug: 'tp-lao-cai', name: 'TP. Lào Cai', at: [103.99, 22.43] },
			{ slug: 'bat-xat', name: 'Bát Xát', at: [103.76, 22.56] },
			{ slug: 'muong-khuong', name: 'Mường Khương', at: [104.12, 22.7] },
			{ slug: 'bac-ha', name: 'Bắc Hà', at: [104.32, 22.5] },
			{ slug: 'sa-pa', name: 'Sa Pa', at: [103.84, 22.3] },
			{ slug: 'bao-thang', name: 'Bảo Thắng', at: [104.15, 22.33] },
			{ slug: 'van-ban', name: 'Văn Bàn', at: [104.1, 22.05] },
			{ slug: 'mu-cang-chai', name: 'Mù Cang Chải', at: [104.08, 21.78] },
			{ slug: 'yen-bai', name: 'Yên Bái', at: [104.87, 21.72] }
		]
	},
	{ slug: 'thai-nguyen', name: 'Thái Nguyên', at: [105.85, 22.0], population: 1_800_000 },
	{ slug: 'dien-bien', name: 'Điện Biên', at: [103.0, 21.6], population: 640_000 },
	{ slug: 'lang-son', name: 'Lạng Sơn', at: [106.6, 21.8], population: 800_000 },
	{ slug: 'son-la', name: 'Sơn La', at: [104.0, 21.15], population: 1_300_000 },
	{ slug: 'phu-tho', name: 'Phú Thọ', at: [105.3, 21.05], population: 4_000_000 },
	{ slug: 'bac-ninh', name: 'Bắc Ninh', at: [106.3, 21.3], population: 3_600_000 },
	{ slug: 'quang-ninh', name: 'Quảng Ninh', at: [107.3, 21.2], population: 1_360_000 },
	{ slug: 'hung-yen', name: 'Hưng Yên', at: [106.25, 20.6], population: 3_570_000 },
	{ slug: 'ninh-binh', name: 'Ninh Bình', at: [106.0, 20.3], population: 4_400_000 },
	{ slug: 'thanh-hoa', name: 'Thanh Hóa', at: [105.4, 20.0], population: 4_300_000 },
	{ slug: 'nghe-an', name: 'Nghệ An', at: [104.9, 19.2], population: 3_830_000 },
	{ slug: 'ha-tinh', name: 'Hà Tĩnh', at: [105.7, 18.3], population: 1_620_000 },
	{ slug: 'quang-tri', name: 'Quảng Trị', at: [106.4, 17.3], population: 1_870_000 },
	{
		slug: 'quang-ngai',
		name: 'Quảng Ngãi',
		at: [108.3, 14.9],
		population: 2_160_000,
		districts: [
			{ slug: 'tp-kon-tum', name: 'Kon Tum', at: [108.0, 14.36] },
			{ slug: 'ngoc-hoi', name: 'Ngọc Hồi', at: [107.68, 14.7] },
			{ slug: 'dak-glei', name: 'Đắk Glei', at: [107.75, 15.1] },
			{ slug: 'dak-to', name: 'Đắk Tô', at: [107.85, 14.66] },
			{ slug: 'sa-thay', name: 'Sa Thầy', at: [107.72, 14.38] },
			{ slug: 'ia-hdrai', name: "Ia H'Drai", at: [107.55, 14.05] },
			{ slug: 'kon-plong', name: 'Kon Plông', at: [108.3, 14.65] },
			{ slug: 'tp-quang-ngai', name: 'TP. Quảng Ngãi', at: [108.8, 15.12] },
			{ slug: 'binh-son', name: 'Bình Sơn', at: [108.72, 15.3] },
			{ slug: 'son-tay-qn', name: 'Sơn Tây – Sơn Hà', at: [108.4, 15.0] }
		]
	},
	{ slug: 'gia-lai', name: 'Gia Lai', at: [108.3, 13.85], population: 3_580_000 },
	{ slug: 'khanh-hoa', name: 'Khánh Hòa', at: [108.95, 11.95], population: 2_240_000 },
	{ slug: 'lam-dong', name: 'Lâm Đồng', at: [107.9, 11.55], population: 3_870_000 },
	{ slug: 'dak-lak', name: 'Đắk Lắk', at: [108.5, 12.9], population: 3_350_000 },
	{ slug: 'dong-nai', name: 'Đồng Nai', at: [107.0, 11.5], population: 4_490_000 },
	{
		slug: 'tay-ninh',
		name: 'Tây Ninh',
		at: [106.1, 11.1],
		population: 3_250_000,
		districts: [
			{ slug: 'tp-tay-ninh', name: 'TP. Tây Ninh', at: [106.1, 11.31] },
			{ slug: 'tan-bien', name: 'Tân Biên', at: [105.98, 11.58] },
			{ slug: 'tan-chau', name: 'Tân Châu', at: [106.2, 11.58] },
			{ slug: 'chau-thanh', name: 'Châu Thành', at: [105.93, 11.3] },
			{ slug: 'ben-cau', name: 'Bến Cầu', at: [106.14, 11.1] },
			{ slug: 'go-dau', name: 'Gò Dầu', at: [106.26, 11.17] },
			{ slug: 'trang-bang', name: 'Trảng Bàng', at: [106.36, 11.04] },
			{ slug: 'duc-hoa', name: 'Đức Hòa', at: [106.42, 10.86] },
			{ slug: 'kien-tuong', name: 'Kiến Tường – Mộc Hóa', at: [105.9, 10.8] },
			{ slug: 'tan-an', name: 'Tân An', at: [106.38, 10.55] }
		]
	},
	{ slug: 'vinh-long', name: 'Vĩnh Long', at: [106.2, 10.05], population: 4_260_000 },
	{ slug: 'dong-thap', name: 'Đồng Tháp', at: [105.85, 10.4], population: 4_370_000 },
	{ slug: 'an-giang', name: 'An Giang', at: [105.0, 10.25], population: 4_950_000 },
	{
		slug: 'ca-mau',
		name: 'Cà Mau',
		at: [105.2, 9.2],
		population: 2_600_000,
		districts: [
			{ slug: 'tp-ca-mau', name: 'TP. Cà Mau', at: [105.15, 9.18] },
			{ slug: 'u-minh', name: 'U Minh', at: [104.97, 9.42] },
			{ slug: 'tran-van-thoi', name: 'Trần Văn Thời', at: [104.97, 9.08] },
			{ slug: 'dam-doi', name: 'Đầm Dơi', at: [105.2, 8.98] },
			{ slug: 'nam-can', name: 'Năm Căn – Ngọc Hiển', at: [104.98, 8.72] },
			{ slug: 'bac-lieu', name: 'Bạc Liêu', at: [105.72, 9.29] },
			{ slug: 'hong-dan', name: 'Hồng Dân – Phước Long', at: [105.45, 9.52] }
		]
	}
];

export type GateClass = 'international' | 'main' | 'secondary';

export interface GateSeed {
	name: string;
	country: 'LA' | 'KH' | 'CN';
	gateClass: GateClass;
	at: Lonlat;
}

/** Border gates (cửa khẩu) with approximate positions; the generator snaps them onto the border line. */
export const GATES: GateSeed[] = [
	{ name: 'Mộc Bài', country: 'KH', gateClass: 'international', at: [106.18, 11.07] },
	{ name: 'Xa Mát', country: 'KH', gateClass: 'international', at: [106.0, 11.8] },
	{ name: 'Kà Tum', country: 'KH', gateClass: 'main', at: [106.22, 11.86] },
	{ name: 'Chàng Riệc', country: 'KH', gateClass: 'main', at: [105.88, 11.75] },
	{ name: 'Phước Tân', country: 'KH', gateClass: 'main', at: [105.97, 11.21] },
	{ name: 'Bình Hiệp', country: 'KH', gateClass: 'international', at: [105.86, 10.95] },
	{ name: 'Tịnh Biên', country: 'KH', gateClass: 'international', at: [104.95, 10.57] },
	{ name: 'Vĩnh Xương', country: 'KH', gateClass: 'international', at: [105.19, 10.9] },
	{ name: 'Hà Tiên', country: 'KH', gateClass: 'international', at: [104.46, 10.43] },
	{ name: 'Hoa Lư', country: 'KH', gateClass: 'international', at: [106.6, 11.97] },
	{ name: 'Lệ Thanh', country: 'KH', gateClass: 'international', at: [107.5, 13.88] },
	{ name: 'Lào Cai', country: 'CN', gateClass: 'international', at: [103.965, 22.505] },
	{ name: 'Kim Thành', country: 'CN', gateClass: 'international', at: [103.95, 22.525] },
	{ name: 'Mường Khương', country: 'CN', gateClass: 'main', at: [104.115, 22.77] },
	{ name: 'Hữu Nghị', country: 'CN', gateClass: 'international', at: [106.725, 21.97] },
	{ name: 'Móng Cái', country: 'CN', gateClass: 'international', at: [107.96, 21.535] },
	{ name: 'Thanh Thủy', country: 'CN', gateClass: 'international', at: [104.95, 22.92] },
	{ name: 'Tà Lùng', country: 'CN', gateClass: 'main', at: [106.545, 22.49] },
	{ name: 'Ma Lù Thàng', country: 'CN', gateClass: 'main', at: [102.98, 22.615] },
	{ name: 'Bờ Y', country: 'LA', gateClass: 'international', at: [107.553, 14.702] },
	{ name: 'Lao Bảo', country: 'LA', gateClass: 'international', at: [106.59, 16.625] },
	{ name: 'Cầu Treo', country: 'LA', gateClass: 'international', at: [105.16, 18.385] },
	{ name: 'Nậm Cắn', country: 'LA', gateClass: 'international', at: [104.17, 19.39] },
	{ name: 'Na Mèo', country: 'LA', gateClass: 'international', at: [104.6, 20.32] },
	{ name: 'Tây Trang', country: 'LA', gateClass: 'international', at: [102.975, 21.24] },
	{ name: 'Cha Lo', country: 'LA', gateClass: 'international', at: [105.87, 17.68] },
	{ name: 'Nam Giang', country: 'LA', gateClass: 'international', at: [107.37, 15.63] }
];

export interface ZoneSeed {
	name: string;
	at: Lonlat;
	/** Half-size of the demo footprint in degrees. */
	size: number;
	workers: number;
}

export const INDUSTRIAL_ZONES: ZoneSeed[] = [
	{ name: 'KCN Trảng Bàng', at: [106.35, 11.03], size: 0.012, workers: 28_000 },
	{ name: 'KCN Phước Đông', at: [106.3, 11.13], size: 0.02, workers: 35_000 },
	{ name: 'KCN Thành Thành Công', at: [106.33, 11.075], size: 0.015, workers: 30_000 },
	{ name: 'KCN Chà Là', at: [106.17, 11.24], size: 0.008, workers: 6_000 },
	{ name: 'KCN Tân Đức', at: [106.44, 10.87], size: 0.014, workers: 22_000 },
	{ name: 'KCN Phúc Long', at: [106.48, 10.73], size: 0.008, workers: 9_000 },
	{ name: 'KCN Đông Phố Mới', at: [103.985, 22.47], size: 0.006, workers: 4_000 },
	{ name: 'KCN Tằng Loỏng', at: [104.12, 22.3], size: 0.012, workers: 5_000 },
	{ name: 'KCN Bắc Duyên Hải', at: [103.96, 22.485], size: 0.006, workers: 3_500 },
	{ name: 'KCN Hòa Bình (Kon Tum)', at: [107.98, 14.33], size: 0.008, workers: 3_000 },
	{ name: 'KKT cửa khẩu Bờ Y', at: [107.62, 14.69], size: 0.015, workers: 2_500 },
	{ name: 'KCN Tịnh Phong', at: [108.75, 15.2], size: 0.01, workers: 12_000 },
	{ name: 'KCN Khánh An', at: [105.05, 9.25], size: 0.008, workers: 4_000 },
	{ name: 'KCN Hòa Trung', at: [105.22, 9.05], size: 0.008, workers: 3_000 },
	{ name: 'KCX Tân Thuận', at: [106.74, 10.76], size: 0.008, workers: 60_000 },
	{ name: 'KCN Tân Bình', at: [106.62, 10.81], size: 0.007, workers: 25_000 },
	{ name: 'KCN Vĩnh Lộc', at: [106.59, 10.82], size: 0.008, workers: 30_000 },
	{ name: 'KCN Tân Tạo', at: [106.59, 10.75], size: 0.01, workers: 35_000 },
	{ name: 'Khu Công nghệ cao', at: [106.8, 10.85], size: 0.012, workers: 50_000 },
	{ name: 'KCN Hiệp Phước', at: [106.74, 10.63], size: 0.015, workers: 20_000 },
	{ name: 'KCN VSIP I', at: [106.7, 10.93], size: 0.012, workers: 70_000 },
	{ name: 'KCN Mỹ Phước', at: [106.6, 11.12], size: 0.018, workers: 80_000 },
	{ name: 'KCN Sóng Thần', at: [106.76, 10.89], size: 0.008, workers: 40_000 },
	{ name: 'KCN Tây Bắc Củ Chi', at: [106.46, 11.02], size: 0.01, workers: 15_000 },
	{ name: 'KCN Phú Mỹ', at: [107.05, 10.58], size: 0.015, workers: 25_000 }
];

/** Organisations that run outreach in the plans (never people). */
export const ORGANISERS = [
	'Công an xã',
	'Đồn Biên phòng',
	'Liên đoàn Lao động',
	'Tỉnh Đoàn',
	'Hội Liên hiệp Phụ nữ',
	'Sở Thông tin và Truyền thông',
	'Trường THPT',
	'Ủy ban nhân dân xã'
];
