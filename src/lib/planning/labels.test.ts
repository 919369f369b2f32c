import { describe, expect, it } from 'vitest';
import { translator } from '$lib/i18n/messages';
import { candidateLabel } from './labels';

describe('candidate labels', () => {
	it('says generated candidates in the reader’s language and keeps names', () => {
		const vi = translator('vi');
		expect(candidateLabel({ kind: 'boarding_cluster', label: '3 boarding houses, 1200 workers', detail: { houses: 3, workers: 1200 } }, vi, 'vi')).toBe(
			'Cụm 3 nhà trọ, 1.200 công nhân'
		);
		expect(candidateLabel({ kind: 'border_segment', label: 'KH border km 30', detail: { country: 'KH', km: 30 } }, vi, 'vi')).toBe(
			'Biên giới Campuchia, km 30'
		);
		expect(candidateLabel({ kind: 'border_segment', label: 'KH border km 30', detail: { country: 'KH', km: 30 } }, translator('en'), 'en')).toBe(
			'Cambodia border, km 30'
		);
		expect(candidateLabel({ kind: 'gate', label: 'Cửa khẩu Mộc Bài' }, vi, 'vi')).toBe('Cửa khẩu Mộc Bài');
	});

	it('says where a generated site is: near a landmark, in a district', () => {
		const cluster = { kind: 'boarding_cluster' as const, label: '', detail: { houses: 3, workers: 1200, near: 'KCN Phước Đông', place: 'Gò Dầu' } };
		expect(candidateLabel(cluster, translator('vi'), 'vi')).toBe('Cụm 3 nhà trọ, 1.200 công nhân — gần KCN Phước Đông, Gò Dầu');
		expect(candidateLabel({ kind: 'border_segment', label: '', detail: { country: 'KH', km: 30, place: 'Bến Cầu' } }, translator('en'), 'en')).toBe(
			'Cambodia border, km 30 — Bến Cầu'
		);
	});

	it('says why a location got its emerging category, in both languages', async () => {
		const { emergingCategory } = await import('$lib/analysis/emerging');
		const { emergingReasonText } = await import('./labels');
		const steps = (text: string) => [[...text].map((c) => c === 'H'), [...text].map((c) => c === 'C')] as const;
		const sporadic = emergingCategory(...steps('H..H.H...H'), 0);
		expect(emergingReasonText(sporadic.category, sporadic.reason, translator('en'))).toBe('Hot in the last period and 4 of 10 in all, on and off, never cold');
		expect(emergingReasonText(sporadic.category, sporadic.reason, translator('vi'))).toBe('Nóng ở kỳ cuối và 4/10 kỳ, lúc có lúc không, chưa từng lạnh');
		const oscillating = emergingCategory(...steps('..H.C....C'), 0);
		expect(oscillating.category).toBe('oscillating_cold');
		expect(emergingReasonText(oscillating.category, oscillating.reason, translator('en'))).toBe(
			'Cold in the last period (2 of 10), hot in 1 earlier period(s)'
		);
	});
});
