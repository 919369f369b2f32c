/**
 * An attacker's audit of a published table: given the cells as published (null = suppressed) and
 * the sums the reader knows (a total and its parts), the least and the greatest value each
 * suppressed cell can take — by linear programming (HiGHS), with every suppressed cell at least 1
 * (zeros are published). Hierarchical tables have totally unimodular constraints, so these bounds
 * are the integer ones. A cell whose bounds meet is recomputable.
 */
import highsLoader from 'highs';

export type Cells = Record<string, number | null>;
export interface Group {
	total: string;
	parts: string[];
}

const solver = highsLoader();

/**
 * The sums a reader knows as LP rows "c<i>: ± x… = rhs" over the suppressed cells (variables named by
 * `name`), the published values moved to the right-hand side. A cell missing from `cells` is an
 * error, or with `missingIsZero` a zero the reader is given.
 */
function knownSums(cells: Cells, groups: Group[], name: (id: string) => string, missingIsZero = false): string[] {
	const rows: string[] = [];
	for (const [i, g] of groups.entries()) {
		const terms: string[] = [];
		let rhs = 0;
		for (const [id, sign] of [[g.total, 1] as const, ...g.parts.map((p) => [p, -1] as const)]) {
			const value = cells[id] === undefined && missingIsZero ? 0 : cells[id];
			if (value === undefined) throw new Error(`group ${i} names unknown cell ${id}`);
			if (value === null) terms.push(`${sign > 0 ? '+' : '-'} ${name(id)}`);
			else rhs -= sign * value;
		}
		if (terms.length) rows.push(` c${i}: ${terms.join(' ')} = ${rhs}`);
		else if (rhs !== 0) throw new Error(`group ${i} (${g.total}) does not add up: the published parts differ from the total by ${-rhs}`);
	}
	return rows;
}

export async function suppressedBounds(cells: Cells, groups: Group[]): Promise<Map<string, { min: number; max: number }>> {
	const highs = await solver;
	const hidden = Object.keys(cells).filter((id) => cells[id] === null);
	const v = new Map(hidden.map((id, i) => [id, `x${i}`]));
	// total - Σ parts = 0, the published ones moved to the right-hand side.
	const rows = knownSums(cells, groups, (id) => v.get(id)!);
	const bounds = new Map<string, { min: number; max: number }>();
	for (const id of hidden) {
		const solve = (sense: 'Minimize' | 'Maximize') => {
			const model = [
				sense,
				` obj: ${v.get(id)}`,
				'Subject To',
				...(rows.length ? rows : [` c0: ${v.get(id)} >= 0`]),
				'Bounds',
				...hidden.map((h) => ` ${v.get(h)} >= 1`),
				'End'
			].join('\n');
			const result = highs.solve(model);
			if (result.Status === 'Unbounded') return Number.POSITIVE_INFINITY;
			if (result.Status !== 'Optimal') throw new Error(`audit LP ${result.Status}`);
			return result.ObjectiveValue;
		};
		bounds.set(id, { min: solve('Minimize'), max: solve('Maximize') });
	}
	return bounds;
}

/** The suppressed cells a reader can work out exactly. */
export async function recomputable(cells: Cells, groups: Group[]): Promise<string[]> {
	const bounds = await suppressedBounds(cells, groups);
	return [...bounds].filter(([, b]) => b.max - b.min < 0.5).map(([id]) => id);
}

/**
 * The suppressed cells of a large linked table that a reader can prove hold a small count
 * (between 1 and k - 1 cases), by linear programming over every sum they know. Suppressed cells
 * may be empty (zeros are never told apart from small counts), so each is only known to be at
 * least 0; cells missing from `cells` are zeros the reader is given (a conservative attacker).
 * A few programs with random objectives find feasible tables first: a cell that is 0 or at least k
 * in one of them is safe. Each remaining small cell gets its own least and greatest value.
 */
export async function provenSmall(cells: Cells, groups: Group[], truth: Record<string, number>, k: number, probes = 6, seed = 1): Promise<string[]> {
	const highs = await solver;
	const hidden = Object.keys(cells).filter((id) => cells[id] === null);
	if (hidden.length === 0) return [];
	const index = new Map(hidden.map((id, i) => [id, i]));
	const rows = knownSums(cells, groups, (id) => `x${index.get(id)}`, true);
	const body = ['Subject To', ...(rows.length ? rows : [' c0: x0 >= 0']), 'Bounds', ...hidden.map((_, i) => ` x${i} >= 0`), 'End'].join('\n');
	const solve = (sense: 'Minimize' | 'Maximize', objective: string): Float64Array | null => {
		const result = highs.solve(`${sense}\n obj: ${objective}\n${body}`);
		if (result.Status === 'Unbounded') return null;
		if (result.Status !== 'Optimal') throw new Error(`audit LP ${result.Status}`);
		return Float64Array.from(hidden, (_, i) => result.Columns[`x${i}`]?.Primal ?? 0);
	};
	let state = seed >>> 0;
	const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
	const small = new Set(hidden.map((_, i) => i).filter((i) => truth[hidden[i]!]! >= 1 && truth[hidden[i]!]! < k));
	const witness = (x: Float64Array | null) => {
		if (x) for (const i of small) if (x[i]! < 0.5 || x[i]! > k - 0.5) small.delete(i);
	};
	for (let p = 0; p < probes && small.size; p++) {
		const objective = hidden.map((_, i) => `+ ${(1 + Math.floor(random() * 1000)).toString()} x${i}`).join(' ');
		witness(solve(p % 2 ? 'Maximize' : 'Minimize', objective));
	}
	if (process.env.AUDIT_DEBUG)
		console.log(`audit: ${hidden.length} suppressed, ${rows.length} sums, ${small.size} small cells without a witness after ${probes} probes`);
	const proven: string[] = [];
	for (const i of [...small]) {
		if (!small.has(i)) continue;
		const low = solve('Minimize', `x${i}`);
		witness(low);
		if (!small.has(i)) continue;
		const high = solve('Maximize', `x${i}`);
		witness(high);
		if (small.has(i)) proven.push(hidden[i]!);
	}
	return proven;
}
