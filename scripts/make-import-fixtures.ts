/**
 * Writes the deliberately messy import files of tests/fixtures/import/ (run once; the files are
 * committed): what officials really send — Windows-1258 CSV with semicolons and decimal commas,
 * Excel "Unicode text" (UTF-16, tabs), an .xlsx with a title row, formulas and DMS coordinates,
 * GeoJSON, KML and KMZ. Demo content only: labels, places and organisers, no person.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { zipSync, strToU8 } from 'fflate';

const DIR = 'tests/fixtures/import';
const TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;

/** Windows-1258 bytes: letters precomposed with their vowel marks, tone marks as combining bytes. */
function cp1258(text: string): Buffer {
	const parts = text.normalize('NFD').match(/\P{M}\p{M}*/gu) ?? [];
	const converted = parts.map((p) => p.replace(TONES, '').normalize('NFC') + (p.match(TONES) ?? []).join('')).join('');
	return iconv.encode(converted, 'windows1258');
}

// 1. Boarding houses from a district office's Excel, saved as CSV on Vietnamese Windows.
writeFileSync(
	join(DIR, 'nha-tro-cp1258.csv'),
	cp1258(
		[
			'Tên dãy trọ;Số công nhân;Số phòng;Kinh độ;Vĩ độ;Ghi chú',
			'Dãy trọ số 1 ấp Thạnh Hiệp;48;12;106,1812;11,0651;',
			'Dãy trọ số 2 gần KCN Phước Đông;1.234;300;106,2415;11,0893;đông công nhân',
			'Dãy trọ số 3;;8;106,1911;11,0702;thiếu số công nhân',
			'Dãy trọ số 4 (nhập nhầm tọa độ);25;6;11,0533;106,2011;kinh/vĩ độ bị đảo',
			'Dãy trọ số 5;khoảng 40;10;106,2001;11,0711;',
			'Dãy trọ số 1 ấp Thạnh Hiệp;50;12;106,18121;11,06512;trùng dòng 2'
		].join('\r\n')
	)
);

// 2. Outreach activities exported as Excel "Unicode text": UTF-16LE with BOM, tab-separated, English headers.
const outreach = [
	['Form', 'Date', 'People reached', 'Materials', 'Organiser', 'Longitude', 'Latitude'],
	['Hội nghị', '30/07/2025', '120', '200', 'Đồn Biên phòng Mộc Bài', '106.1574', '11.0380'],
	['Loa truyền thanh', '1/8/2025', '1.500', '', 'UBND xã Lợi Thuận', '106.2010', '11.0560'],
	['Biểu diễn văn nghệ', '02/08/2025', '300', '', 'Đoàn thanh niên', '106.2100', '11.0600'],
	['Tờ rơi', '31/02/2025', '80', '80', 'Công an huyện', '106.2200', '11.0700'],
	['Zalo', '2025-08-05', '2400', '', 'Công an tỉnh', '106.1000', '11.3000']
];
const tsv = outreach.map((r) => r.join('\t')).join('\r\n');
writeFileSync(join(DIR, 'tuyen-truyen-utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]));

// 3. Model sites in an .xlsx with a title row, headers without diacritics, DMS coordinates, a date
//    cell, a formula, and a site outside Vietnam.
const workbook = new ExcelJS.Workbook();
const sheet = workbook.addWorksheet('Mô hình');
sheet.addRow(['DANH SÁCH MÔ HÌNH ĐIỂM — HUYỆN BẾN CẦU (DEMO)']);
sheet.addRow(['Loai mo hinh', 'Ten', 'Ngay thanh lap', 'Dang hoat dong', 'Kinh do', 'Vi do']);
sheet.addRow(['Ngôi nhà bình yên', 'Nhà bình yên xã Long Thuận', new Date(Date.UTC(2023, 4, 15)), 'Có', `106°10'12"E`, `11°03'54"N`]);
sheet.addRow(['Hòm thư tố giác', { richText: [{ text: 'Hòm thư ' }, { text: 'chợ Bến Cầu', font: { bold: true } }] }, '01/06/2024', 'x', 106.1702, 11.1101]);
sheet.addRow(['Đường dây nóng 111', 'Điểm 111 trạm y tế', { formula: 'DATE(2024,9,2)', result: new Date(Date.UTC(2024, 8, 2)) }, 'không', 106.18, 11.12]);
sheet.addRow(['Cơ sở hỗ trợ nạn nhân', 'Cơ sở ở Phnôm Pênh (sai)', '', '', 104.92, 11.56]);
sheet.addRow(['Trạm gác', 'Loại không có', '', '', 106.19, 11.13]);
sheet.addRow([]);
workbook.xlsx.writeBuffer().then((buffer) => writeFileSync(join(DIR, 'mo-hinh.xlsx'), Buffer.from(buffer)));

// 4. The same kind of sites as KML placemarks (Google Earth), and zipped as KMZ.
const placemark = (name: string, kind: string, lon: number, lat: number) =>
	`<Placemark><name>${name}</name><ExtendedData><Data name="Loại mô hình"><value>${kind}</value></Data></ExtendedData><Point><coordinates>${lon},${lat},0</coordinates></Point></Placemark>`;
const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Mô hình điểm (demo)</name>
${placemark('Nhà bình yên ấp Bàu Tràm', 'Ngôi nhà bình yên', 106.2011, 11.0502)}
${placemark('Hòm thư UBND xã Tiên Thuận', 'Hòm thư tố giác', 106.1633, 11.0722)}
<Placemark><name>Tuyến tuần tra (không phải điểm)</name><LineString><coordinates>106.1,11.0 106.2,11.1</coordinates></LineString></Placemark>
</Document></kml>`;
writeFileSync(join(DIR, 'mo-hinh.kml'), kml);
writeFileSync(join(DIR, 'mo-hinh.kmz'), zipSync({ 'doc.kml': strToU8(kml.replace(/<Placemark><name>Tuyến[\s\S]*?<\/Placemark>\n/, '')) }));

// 5. Boarding houses as GeoJSON with English properties.
writeFileSync(
	join(DIR, 'boarding-houses.geojson'),
	JSON.stringify({
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', properties: { label: 'Row 7, Trảng Bàng', workers: 64, rooms: 16 }, geometry: { type: 'Point', coordinates: [106.3611, 11.0322] } },
			{ type: 'Feature', properties: { label: 'Row 8, Trảng Bàng', workers: '32', rooms: null }, geometry: { type: 'Point', coordinates: [106.3655, 11.0301] } }
		]
	})
);

// 6. The journey of the end-to-end test: an official's Excel file with mistakes, and the same file fixed.
async function boardingHousesWorkbook(name: string, rows: unknown[][]) {
	const book = new ExcelJS.Workbook();
	const s = book.addWorksheet('Nhà trọ');
	s.addRow(['Tên dãy trọ', 'Số công nhân', 'Số phòng', 'Kinh độ', 'Vĩ độ']);
	for (const row of rows) s.addRow(row);
	writeFileSync(join(DIR, name), Buffer.from(await book.xlsx.writeBuffer()));
}
const fixed: unknown[][] = [
	['Dãy trọ Long Thuận 1 (demo)', 36, 9, 106.1702, 11.0401],
	['Dãy trọ Long Thuận 2 (demo)', 52, 14, 106.1805, 11.0455],
	['Dãy trọ Tiên Thuận 3 (demo)', 18, 5, 106.1633, 11.0611],
	['Dãy trọ Lợi Thuận 4 (demo)', 27, 7, 106.2011, 11.0533]
];
void boardingHousesWorkbook('nha-tro-da-sua.xlsx', fixed);
void boardingHousesWorkbook('nha-tro-loi.xlsx', [
	fixed[0]!,
	['Dãy trọ Long Thuận 2 (demo)', 'năm mươi hai', 14, 106.1805, 11.0455],
	['Dãy trọ Tiên Thuận 3 (demo)', 18, 5, 11.0611, 106.1633],
	['Dãy trọ Lợi Thuận 4 (demo)', 27, 7, 106.2415, 11.0893]
]);
