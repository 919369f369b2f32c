import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import type { Vocabularies } from '$lib/records/kinds';
import { reportDocx, reportNotes, reportPdf, reportTables, type Report } from './report';
import { campaignEffect, type CampaignCounts } from '$lib/analysis/campaign';
import { svgPng } from './pdf';

const vocabularies: Vocabularies = {
	form: [
		{ code: 'meeting', vi: 'Hội nghị', en: 'Meeting' },
		{ code: 'leaflet', vi: 'Tờ rơi', en: 'Leaflet' }
	],
	kind: [],
	case_type: [
		{ code: 'labour_fraud', vi: 'Lừa đảo đi làm', en: 'Labour fraud' },
		{ code: 'cross_border', vi: 'Mua bán người ra nước ngoài', en: 'Cross-border' }
	],
	destination_country: [],
	crossing: []
};
const report: Report = {
	unit: { code: 'tay-ninh', name: 'Tây Ninh' },
	period: { key: 'peak-2025', from: '2025-07-01', to: '2025-09-30' },
	tier: 'export',
	k: 11,
	data: 'approved',
	unapproved: 2,
	approval: { by: 'Kế hoạch Tây Ninh', at: '2025-10-04T09:00:00Z' },
	outreach: [
		{ form: 'meeting', activities: 12, people_reached: 1500 },
		{ form: 'leaflet', activities: 30, people_reached: 4200 }
	],
	figures: { cases: 19, victims: 24, victims_female: 13, victims_male: 11, victims_under_16: null, victims_16_17: null, victims_adult: 20, model_sites: 7 },
	cases: [
		{ case_type: 'labour_fraud', cases: null, victims: null },
		{ case_type: 'cross_border', cases: null, victims: null }
	],
	months: [
		{ month: '2025-07', case_type: 'labour_fraud', cases: 4 },
		{ month: '2025-08', case_type: 'labour_fraud', cases: 3 }
	],
	monthTotals: [],
	plans: [{ name: 'Cao điểm 2025', planned: 10, done: 4 }],
	campaign: null
};

/** A peak-campaign report's comparison: three districts, one hidden. */
const campaignCounts: CampaignCounts = {
	tier: 'export',
	k: 11,
	exact: false,
	year: 2025,
	periods: {
		before: { key: 'Q2025-2', from: '2025-04-01', to: '2025-06-30' },
		during: { key: 'Q2025-3', from: '2025-07-01', to: '2025-09-30' },
		after: { key: 'Q2025-4', from: '2025-10-01', to: '2025-12-31' },
		last_year: { key: 'Q2024-3', from: '2024-07-01', to: '2024-09-30' }
	},
	types: null,
	area: { key: 'P:tay-ninh', code: 'tay-ninh', name: 'Tây Ninh' },
	total: null,
	units: [
		{
			key: 'U:a',
			code: 'a',
			name: 'Bến Cầu',
			rest: false,
			cases: { before: 60, during: 12, after: 20, last_year: 40 },
			outreach: { activities: 4, people: 900 },
			workers: 0,
			population: 90000
		},
		{
			key: 'U:b',
			code: 'b',
			name: 'Tân Biên',
			rest: false,
			cases: { before: 15, during: 60, after: 14, last_year: 30 },
			outreach: { activities: 1, people: 100 },
			workers: 0,
			population: 80000
		},
		{
			key: 'U:c',
			code: 'c',
			name: 'Châu Thành',
			rest: false,
			cases: { before: 30, during: 33, after: null, last_year: 25 },
			outreach: { activities: 2, people: 300 },
			workers: 0,
			population: 70000
		},
		{
			key: 'R:tay-ninh',
			code: 'tay-ninh',
			name: 'Tây Ninh',
			rest: true,
			cases: { before: null, during: null, after: null, last_year: null },
			outreach: { activities: 0, people: 0 },
			workers: 0,
			population: null
		}
	]
};

describe('periodic report', () => {
	it('adds to a peak-campaign report how each unit’s cases changed, what could not be compared, and that it is no proof', () => {
		const withCampaign: Report = { ...report, campaign: { counts: campaignCounts, effect: campaignEffect(campaignCounts) } };
		const section = reportTables(withCampaign, 'vi', vocabularies).at(-1)!;
		expect(section.heading).toBe('6. Hiệu quả đợt cao điểm theo địa bàn');
		expect(section.columns).toEqual(['Đơn vị', 'Quý II', 'Cao điểm', 'Quý IV', 'Cao điểm 2024', 'Thay đổi (so với quý II)']);
		expect(section.rows).toEqual([
			['Bến Cầu', '60', '12', '20', '40', 'Giảm'],
			['Tân Biên', '15', '60', '14', '30', 'Tăng'],
			['Châu Thành', '30', '33', 'ẩn', '25', 'Không đổi rõ rệt'],
			['Tây Ninh (không thuộc đơn vị nào)', 'ẩn', 'ẩn', 'ẩn', 'ẩn', 'Số vụ bị ẩn']
		]);
		expect(reportNotes(withCampaign, 'vi').at(-1)).toMatch(/1 địa bàn có số vụ bị ẩn.*không chứng minh/);
		expect(reportTables(report, 'vi', vocabularies)).toHaveLength(5);
	});

	it('lays out the sections a steering committee expects, suppressed counts as hidden, totals added up', () => {
		const tables = reportTables(report, 'vi', vocabularies);
		expect(tables.map((x) => x.heading)).toEqual([
			'1. Công tác tuyên truyền',
			'2. Mô hình điểm',
			'3. Tình hình vụ việc',
			'4. Nạn nhân theo giới tính và độ tuổi',
			'5. Triển khai lực lượng trong kỳ'
		]);
		expect(tables[0]!.rows.at(-1)).toEqual(['Tổng', '42', '5.700']);
		expect(tables[2]!.rows[1]).toEqual(['Mua bán người ra nước ngoài', 'ẩn', 'ẩn']);
		expect(tables[3]!.rows.map((r) => r[1])).toEqual(['13', '11', 'ẩn', 'ẩn', '20']);
		expect(tables[4]!.rows).toEqual([['Cao điểm 2025', '10', '4']]);
		expect(reportTables(report, 'en', vocabularies)[0]!.rows.at(-1)).toEqual(['Total', '42', '5,700']);
	});

	it('writes an editable Word document with the heading, tables and the demo label', async () => {
		const docx = await reportDocx(report, 'vi', vocabularies, true, null, new Date('2025-10-05'));
		const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
		for (const text of [
			'BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC PHÒNG, CHỐNG MUA BÁN NGƯỜI',
			'Tây Ninh',
			'1. Công tác tuyên truyền',
			'Hội nghị',
			'5.700',
			'ẩn',
			'DỮ LIỆU DEMO',
			'Lập ngày 5/10/2025',
			'đã được Kế hoạch Tây Ninh duyệt',
			'chỉ từ bản ghi đã duyệt (2 bản ghi chưa duyệt',
			'dưới 11 vụ'
		])
			expect(xml, text).toContain(text);
		expect((xml.match(/<w:tbl>/g) ?? []).length).toBe(5);
		// The two charts, as PNG pictures in the document.
		const media = Object.keys(unzipSync(docx)).filter((name) => name.startsWith('word/media/'));
		expect(media).toHaveLength(2);
		expect(strFromU8(unzipSync(docx)[media[0]!]!.subarray(1, 4))).toBe('PNG');
		// With the map the browser drew of the unit, a third picture.
		const map = `data:image/png;base64,${Buffer.from(svgPng('<svg viewBox="0 0 40 20" width="40" height="20"><rect width="40" height="20" fill="#115e59"/></svg>', 400).png).toString('base64')}`;
		const withMap = unzipSync(await reportDocx(report, 'vi', vocabularies, false, map));
		expect(Object.keys(withMap).filter((name) => name.startsWith('word/media/'))).toHaveLength(3);
	});

	it('writes a PDF with the same tables and the charts', async () => {
		const pdfBytes = await reportPdf(report, 'en', vocabularies, false);
		const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
		const pdf = await pdfjs.getDocument({ data: pdfBytes }).promise;
		const text = async (n: number) => ((await (await pdf.getPage(n)).getTextContent()).items as { str: string }[]).map((i) => i.str).join(' ');
		const pages = await Promise.all(Array.from({ length: pdf.numPages }, (_, i) => text(i + 1)));
		expect(pages[0]).toContain('REPORT ON THE PREVENTION OF AND FIGHT AGAINST HUMAN TRAFFICKING');
		expect(pages[0]).toContain('Area: Tây Ninh');
		expect(pages.join(' ')).toContain('Labour fraud');
		// The two charts, each on its own page after the tables.
		expect(pages.at(-2)).toContain('Peak campaign 1/7–30/9');
		expect(pages.at(-1)).toContain('Leaflet');
		expect(pages.at(-1)).toMatch(/hold fewer than 11 cases/);
		expect(pages.at(-1)).toMatch(/Figures from approved records only \(2 not yet approved are left out\)/);
	});
});
