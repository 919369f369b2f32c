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
});
