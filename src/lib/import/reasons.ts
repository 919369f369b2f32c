/**
 * The import report's reasons in the reader's language. Readers, checks and the database word
 * their reasons in English (they are also the API's and the logs' words); this table says each in
 * Vietnamese, keeping the values it quotes. A reason it does not know stays in English.
 */
import type { Locale } from '$lib/i18n/messages';

const VI: [RegExp, string][] = [
	[/^is empty$/, 'để trống'],
	[/^is required$/, 'bắt buộc, đang để trống'],
	[/^is not a finite number$/, 'không phải là số'],
	[/^is not a number$/, 'không phải là số'],
	[/^(".*") is not a number$/, '$1 không phải là số'],
	[/^(.+) is not a whole number ≥ 0$/, '$1 không phải số nguyên ≥ 0'],
	[/^(.+) is not a date \(write dd\/mm\/yyyy\)$/, '$1 không phải ngày (viết dd/mm/yyyy)'],
	[/^is not a date$/, 'không phải ngày'],
	[/^(.+) is not a date$/, '$1 không phải ngày'],
	[/^year (\d+) is outside 2000–2100$/, 'năm $1 nằm ngoài 2000–2100'],
	[/^(".*") is not a coordinate \(decimal degrees or (.*)\)$/, '$1 không phải tọa độ (độ thập phân hoặc $2)'],
	[/^(".*"): minutes and seconds must be below 60$/, '$1: phút và giây phải nhỏ hơn 60'],
	[/^(".*") is not yes or no \(có \/ không\)$/, '$1 không phải có / không'],
	[/^(".*") is not one of: (.*)$/, '$1 không thuộc danh mục: $2'],
	[/^is longer than (\d+) characters$/, 'dài quá $1 ký tự'],
	[/^longitude and latitude look swapped$/, 'kinh độ và vĩ độ có vẻ bị đảo'],
	[/^the point lies outside Vietnam$/, 'điểm nằm ngoài lãnh thổ Việt Nam'],
	[/^duplicates row (\d+) \(within 50 m, similar name\)$/, 'trùng dòng $1 (cách dưới 50 m, tên tương tự)'],
	[/^the point lies in no administrative unit$/, 'điểm không thuộc đơn vị hành chính nào'],
	[/^the point lies in (.+), outside your unit (.+)$/, 'điểm nằm ở $1, ngoài địa bàn $2 của bạn'],
	[/^duplicates the boarding house "(.+)" already stored within 50 m$/, 'trùng nhà trọ “$1” đã có trong cơ sở dữ liệu (cách dưới 50 m)'],
	[/^duplicates the model site "(.+)" already stored within 50 m$/, 'trùng mô hình “$1” đã có trong cơ sở dữ liệu (cách dưới 50 m)'],
	[/^the same activity \(form, day, place within 50 m\) is already stored$/, 'hoạt động này (cùng hình thức, ngày, cách dưới 50 m) đã có trong cơ sở dữ liệu'],
	[/^no outline \(a polygon is needed\)$/, 'không có ranh giới (cần một đa giác)'],
	[/^the outline is a (.+), not a polygon$/, 'ranh giới là $1, không phải đa giác'],
	[
		/^the coordinates are not longitude\/latitude degrees in Vietnam .*$/,
		'tọa độ không phải kinh độ/vĩ độ (độ) trong Việt Nam (tệp theo hệ VN-2000 cần kèm tệp .prj)'
	],
	[/^the name matches (\d+) units: add their codes$/, 'tên khớp với $1 đơn vị: hãy thêm mã đơn vị'],
	[/^(.+) is also matched by row (\d+)$/, '$1 đã được khớp ở dòng $2'],
	[
		/^looks like personal data \(a phone, ID number or e-mail address\): name the place, not a person$/,
		'có vẻ là thông tin cá nhân (số điện thoại, số giấy tờ hoặc email): chỉ ghi tên địa điểm, không ghi thông tin của người'
	],
	[/^the update date (.+)$/, 'ngày cập nhật $1']
];

export function reasonText(reason: string, locale: Locale): string {
	if (locale === 'en') return reason;
	for (const [pattern, vi] of VI) if (pattern.test(reason)) return reason.replace(pattern, vi);
	return reason;
}
