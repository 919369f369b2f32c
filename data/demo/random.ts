import { randomLcg, randomNormal } from 'd3-random';

/** A small seeded random source with the helpers the generator needs. */
export class Random {
	readonly uniform: () => number;
	readonly #normal: () => number;
	constructor(seed: number) {
		this.uniform = randomLcg(seed);
		this.#normal = randomNormal.source(this.uniform)(0, 1);
	}
	normal(sigma: number): number {
		return this.#normal() * sigma;
	}
	int(min: number, max: number): number {
		return min + Math.floor(this.uniform() * (max - min + 1));
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.uniform() * items.length)]!;
	}
	weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
		const entries = Object.entries(weights) as [T, number][];
		const total = entries.reduce((s, [, w]) => s + w, 0);
		let r = this.uniform() * total;
		for (const [key, w] of entries) {
			r -= w;
			if (r < 0) return key;
		}
		return entries[entries.length - 1]![0];
	}
	/** A date of the year, with the given share of draws falling in the peak campaign 1/7–30/9. */
	date(year: number, peakShare: number): string {
		const start = Date.UTC(year, 0, 1);
		let day: number;
		if (this.uniform() < peakShare) {
			// 1 July is day 181 (182 in a leap year); the campaign lasts 92 days.
			const julyFirst = (Date.UTC(year, 6, 1) - start) / 86_400_000;
			day = julyFirst + Math.floor(this.uniform() * 92);
		} else {
			const days = (Date.UTC(year + 1, 0, 1) - start) / 86_400_000;
			day = Math.floor(this.uniform() * days);
		}
		return new Date(start + day * 86_400_000).toISOString().slice(0, 10);
	}
}
