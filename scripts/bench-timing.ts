/** The median time of `runs` calls of fn in milliseconds, after one warm-up call (plans and caches). */
export async function medianTime(fn: () => Promise<unknown>, runs: number): Promise<number> {
	await fn();
	const samples: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await fn();
		samples.push(performance.now() - t);
	}
	return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}
