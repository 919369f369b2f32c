/**
 * The case publication as an attacker sees it: every published cell (null = suppressed) and every
 * sum between cells (a total and its parts along space, time or class), read straight from the
 * tables the SQL readers use. Used by the attack suite and the LP audit.
 */
import type { Queryable } from '../../src/lib/server/db';
import type { Cells, Group } from './disclosure';

export type Tier = 'screen' | 'export';

export interface PublicationCell {
	key: string;
	cube: 'C' | 'V';
	s: string;
	t: string;
	c: string;
	n: number;
	hidden: boolean;
	province: string | null;
}

export interface Publication {
	cells: PublicationCell[];
	groups: Group[];
	/** Space node → its province code (null for the country). */
	provinceOf: Map<string, string | null>;
}

const cellKey = (cube: string, s: string, t: string, c: string) => `${cube}|${s}|${t}|${c}`;

/** Reads the publication of a tier (building it first if it is stale), as the database owner. */
export async function readPublication(db: Queryable, tier: Tier): Promise<Publication> {
	await db.query('select private.ensure_case_publication()');
	const cells = (
		await db.query<{ cube: 'C' | 'V'; s: string; t: string; c: string; n: string; hidden: boolean; province: string | null }>(
			`select c.cube, c.s, c.t, c.c, c.n::text as n, ${tier === 'export' ? 'c.hidden_export' : 'c.hidden_screen'} as hidden, p.code as province
			 from private.case_pub_cell c join private.case_pub_space s on s.key = c.s left join public.admin_units p on p.id = s.province_id`
		)
	).rows.map((r) => ({ ...r, n: Number(r.n), key: cellKey(r.cube, r.s, r.t, r.c) }));
	const space = (await db.query<{ key: string; parent: string | null; tag: string | null }>('select key, parent, tag from private.case_pub_space')).rows;
	const time = (await db.query<{ key: string; parent: string | null }>('select key, parent from private.case_pub_time')).rows;
	const classes = (
		await db.query<{ cube: string; key: string; parent: string | null; tag: string | null }>('select cube, key, parent, tag from private.case_pub_class')
	).rows;
	const spaceParent = new Map(space.map((r) => [r.key, r]));
	const timeParent = new Map(time.map((r) => [r.key, r.parent]));
	const classParent = new Map(classes.map((r) => [`${r.cube}|${r.key}`, r]));
	const groups = new Map<string, Group>();
	const add = (total: string, tag: string, part: string) => {
		const id = `${total}#${tag}`;
		const g = groups.get(id) ?? { total, parts: [] };
		g.parts.push(part);
		groups.set(id, g);
	};
	const present = new Set(cells.map((c) => c.key));
	for (const c of cells) {
		const sp = spaceParent.get(c.s);
		if (sp?.parent) add(cellKey(c.cube, sp.parent, c.t, c.c), `s:${sp.tag}`, c.key);
		const tp = timeParent.get(c.t);
		if (tp) add(cellKey(c.cube, c.s, tp, c.c), 't', c.key);
		const cp = classParent.get(`${c.cube}|${c.c}`);
		if (cp?.parent) add(cellKey(c.cube, c.s, c.t, cp.parent), `c:${cp.tag}`, c.key);
	}
	for (const g of groups.values()) if (!present.has(g.total)) throw new Error(`publication: total ${g.total} of a part is missing`);
	const provinceOf = new Map(cells.map((c) => [c.s, c.province]));
	return { cells, groups: [...groups.values()], provinceOf };
}

/**
 * The cells and sums of a part of the publication for an LP audit that is conservative: the
 * suppressed cells of the part stay unknown, every other cell is given to the attacker as if it
 * were published, and every sum touching the part is kept.
 */
export function auditSlice(pub: Publication, inSlice: (cell: PublicationCell) => boolean): { cells: Cells; groups: Group[]; hidden: number } {
	const cells: Cells = {};
	let hidden = 0;
	for (const c of pub.cells) {
		const unknown = c.hidden && inSlice(c);
		cells[c.key] = unknown ? null : c.n;
		if (unknown) hidden++;
	}
	const groups = pub.groups.filter((g) => cells[g.total] === null || g.parts.some((p) => cells[p] === null));
	const used = new Set(groups.flatMap((g) => [g.total, ...g.parts]));
	return { cells: Object.fromEntries(Object.entries(cells).filter(([k]) => used.has(k))), groups, hidden };
}
