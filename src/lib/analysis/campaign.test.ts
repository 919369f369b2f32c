import { describe, expect, it } from 'vitest';
import { binomialTwoSided, campaignEffect, type CampaignCounts, type Counts } from './campaign';

const unit = (key: string, cases: Partial<Counts>, people = 0, population: number | null = null): CampaignCounts['units'][number] => ({
	key: `U:${key}`,
	code: key,
	name: key.toUpperCase(),
	rest: false,
	cases: { before: null, during: null, after: null, last_year: null, ...cases },
	outreach: { activities: people > 0 ? 1 : 0, people },
	workers: 0,
	population
});
const counts = (units: CampaignCounts['units']): CampaignCounts => ({
	tier: 'screen',
	k: 3,
	exact: false,
	year: 2025,
	periods: {
		before: { key: 'Q2025-2', from: '2025-04-01', to: '2025-06-30' },
		during: { key: 'Q2025-3', from: '2025-07-01', to: '2025-09-30' },
		after: { key: 'Q2025-4', from: '2025-10-01', to: '2025-12-31' },
		last_year: { key: 'Q2024-3', from: '2024-07-01', to: '2024-09-30' }
	},
	types: null,
	area: { key: 'P:p', code: 'p', name: 'P' },
	total: null,
	units
});

describe('did the peak campaign work', () => {
	it('gives the exact two-sided binomial p (hand-worked)', () => {
		// 2 of 10 at ½: outcomes 0, 1, 2 and 8, 9, 10 → (1 + 10 + 45) × 2 / 1024.
		expect(binomialTwoSided(2, 10, 0.5)).toBeCloseTo(112 / 1024, 12);
		expect(binomialTwoSided(0, 5, 0.5)).toBeCloseTo(2 / 32, 12);
		// 3 of 4 at ¼: P(3) = 12/256, P(4) = 1/256 are the outcomes no likelier than 3.
		expect(binomialTwoSided(3, 4, 0.25)).toBeCloseTo(13 / 256, 12);
		expect(binomialTwoSided(1, 4, 0.25)).toBeCloseTo(1, 12);
	});

	it('classes each unit against the change the whole area saw, and says which it could not test and why', () => {
		const effect = campaignEffect(
			counts([
				unit('a', { before: 60, during: 10, last_year: 40 }),
				unit('b', { before: 10, during: 60, last_year: 40 }),
				unit('c', { before: 30, during: 30, last_year: 30 }),
				unit('d', { during: 4 }),
				unit('e', { before: 1, during: 2, last_year: 1 })
			])
		);
		// The area: 102 of 203 cases fell in the peak, so a unit is expected to have about half of its own there.
		expect(effect.shareDuring.vsBefore).toBeCloseTo(102 / 203, 12);
		expect(effect.units.map((u) => [u.code, u.vsBefore.change])).toEqual([
			['a', 'fewer'],
			['b', 'more'],
			['c', 'same'],
			['d', 'hidden'],
			['e', 'too_few']
		]);
		expect(effect.units[2]!.vsBefore.expected).toBeCloseTo((60 * 102) / 203, 9);
		expect(effect.units[2]!.vsBefore.p).toBeGreaterThan(0.9);
		expect(effect.units[0]!.vsBefore.p).toBeLessThan(1e-6);
		expect([effect.tested, effect.hidden, effect.tooFew, effect.enough]).toEqual([3, 1, 1, true]);
		// Against last year's peak: 102 of 213.
		expect(effect.shareDuring.vsLastYear).toBeCloseTo(102 / 213, 12);
		expect(effect.units.map((u) => u.vsLastYear.change)).toEqual(['fewer', 'more', 'same', 'hidden', 'too_few']);
		// Five units are too few for an association.
		expect(effect.association).toBeNull();
	});

	it('needs three testable units, and Benjamini–Hochberg keeps a lone small p from counting', () => {
		expect(campaignEffect(counts([unit('a', { before: 60, during: 10 }), unit('b', { before: 10, during: 60 })])).enough).toBe(false);
		// 8 of 20 against an expected 12 is p ≈ 0.07 alone: not significant, and with its neighbours no more so.
		const mild = campaignEffect(counts([unit('a', { before: 12, during: 8 }), unit('b', { before: 8, during: 12 }), unit('c', { before: 10, during: 10 })]));
		expect(mild.units.map((u) => u.vsBefore.change)).toEqual(['same', 'same', 'same']);
	});

	it('ranks outreach against the change across units: an association, with how many units it rests on', () => {
		const effect = campaignEffect(
			counts([
				unit('a', { before: 20, during: 5 }, 500, 1000),
				unit('b', { before: 20, during: 10 }, 400, 1000),
				unit('c', { before: 20, during: 15 }, 300, 1000),
				unit('d', { before: 20, during: 20 }, 200, 1000),
				unit('e', { before: 20, during: 25 }, 100, 1000),
				unit('f', { before: 20, during: 30 }, 40, null)
			])
		);
		// f has no population (a province's remainder): no intensity, left out. The more reached, the fewer cases: ρ = −1.
		expect(effect.association?.units).toBe(5);
		expect(effect.association?.rho).toBeCloseTo(-1, 12);
		expect(effect.units[0]!.reachedPer1000).toBe(500);
		expect(effect.units[5]!.reachedPer1000).toBeNull();
	});
});
