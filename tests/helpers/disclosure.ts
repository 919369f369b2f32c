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

export async function suppressedBounds(cells: Cells, groups: Group[]): Promise<Map<string, { min: number; max: number }>> {
	const highs = await solver;
	const hidden = Object.keys(cells).filter((id) => cells[id] === null);
	const v = new Map(hidden.map((id, i) => [id, `x${i}`]));
	const rows: string[] = [];
	for (const [i, g] of groups.entries()) {
		// total - Σ parts = 0, the published ones moved to the right-hand side.
		const terms: string[] = [];
		let rhs = 0;
		for (const [id, sign] of [[g.total, 1] as const, ...g.parts.map((p) => [p, -1] as const)]) {
			const value = cells[id];
			if (value === undefined) throw new Error(`group ${i} names unknown cell ${id}`);
			if (value === null) terms.push(`${sign > 0 ? '+' : '-'} ${v.get(id)}`);
			else rhs -= sign * value;
		}
		if (terms.length) rows.push(` c${i}: ${terms.join(' ')} = ${rhs}`);
		else if (rhs !== 0) throw new Error(`group ${i} (${g.total}) does not add up: the published parts differ from the total by ${-rhs}`);
	}
	const bounds = new Map<string, { min: number; max: number }>();
	for (const id of hidden) {
		const solve = (sense: 'Minimize' | 'Maximize') => {
			const model = [sense, ` obj: ${v.get(id)}`, 'Subject To', ...(rows.length ? rows : [` c0: ${v.get(id)} >= 0`]), 'Bounds', ...hidden.map((h) => ` ${v.get(h)} >= 1`), 'End'].join('\n');
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
