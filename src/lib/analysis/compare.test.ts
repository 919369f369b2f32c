import { describe, expect, it } from 'vitest';
import { compareClasses, transition } from './compare';

describe('comparing two hot-spot maps', () => {
	it('names every move between hot, cold and not significant, whatever the confidence', () => {
		expect(transition(3, 1)).toBe('hot_hot');
		expect(transition(0, 2)).toBe('new_hot');
		expect(transition(1, 0)).toBe('hot_gone');
		expect(transition(-2, -1)).toBe('cold_cold');
		expect(transition(0, -3)).toBe('new_cold');
		expect(transition(-1, 0)).toBe('cold_gone');
		expect(transition(2, -1)).toBe('hot_to_cold');
		expect(transition(-1, 1)).toBe('cold_to_hot');
		expect(transition(0, 0)).toBe('none');
	});

	it("counts moves, similarity and Cohen's κ as worked by hand", () => {
		// Ten cells. First: H H H N N N N N C C; second: H H N H N N N N C N.
		const a = [3, 2, 1, 0, 0, 0, 0, 0, -1, -2];
		const b = [1, 3, 0, 2, 0, 0, 0, 0, -1, 0];
		const r = compareClasses(a, b, { permutations: 0 });
		expect(r.counts).toMatchObject({ hot_hot: 2, hot_gone: 1, new_hot: 1, none: 4, cold_cold: 1, cold_gone: 1 });
		// Significant in either: 6 cells, same sign in 3.
		expect(r.similarity).toBeCloseTo(3 / 6, 12);
		// Agreement 7/10 (2 H, 4 N, 1 C). Totals: first H3 N5 C2, second H3 N6 C1 → chance (9 + 30 + 2) / 100.
		const pe = 41 / 100;
		expect(r.kappa).toBeCloseTo((0.7 - pe) / (1 - pe), 12);
		expect(r.p).toBeNull();
	});

	it('finds the same map far beyond chance and an unrelated one not, reproducibly', () => {
		const a = Array.from({ length: 60 }, (_, i) => (i < 10 ? 2 : i >= 50 ? -2 : 0));
		const same = compareClasses(a, a, { permutations: 199, seed: 7 });
		expect(same.kappa).toBe(1);
		expect(same.similarity).toBe(1);
		expect(same.p).toBeCloseTo(1 / 200, 12);
		// Hot spots moved to where nothing was: no more agreement than chance.
		const moved = a.map((_, i) => (i >= 20 && i < 30 ? 2 : i >= 30 && i < 40 ? -2 : 0));
		const r = compareClasses(a, moved, { permutations: 199, seed: 7 });
		expect(r.kappa!).toBeLessThan(0);
		expect(r.p!).toBeGreaterThan(0.5);
		expect(compareClasses(a, moved, { permutations: 199, seed: 7 }).p).toBe(r.p);
		expect(() => compareClasses([1], [1, 2])).toThrow('the two periods have 1 and 2 cells');
		// Nothing significant anywhere: nothing to say.
		expect(compareClasses([0, 0], [0, 0])).toMatchObject({ similarity: null, kappa: null, p: null });
	});
});
