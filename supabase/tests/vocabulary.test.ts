import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../tests/helpers/db';
import { APP_ROLES, CASE_TYPES, MODEL_SITE_KINDS, OUTREACH_FORMS, RECORD_KINDS } from '../../src/lib/vocabulary';
import { messages, type MessageKey } from '../../src/lib/i18n/messages';
import { MODEL_SITE_COLORS, OUTREACH_COLORS } from '../../src/lib/layers/colors';

/**
 * One source for the codes: the reference tables the migrations make hold them, $lib/vocabulary
 * lists them for the app (URL filters, the map's palettes, the forms), and every one has a name in
 * both languages. Adding a case type, a form or a site kind to one and not the others fails here.
 */
describe('the vocabularies of the database and the app', () => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase('pglite');
	});
	afterAll(() => t?.close());

	const codes = async (table: string) => (await t.db.query<{ code: string }>(`select code from public.${table} order by sort_order`)).rows.map((r) => r.code);

	it('lists the codes of the reference tables, in their order', async () => {
		expect(await codes('case_types')).toEqual([...CASE_TYPES]);
		expect(await codes('outreach_forms')).toEqual([...OUTREACH_FORMS]);
		expect(await codes('model_site_kinds')).toEqual([...MODEL_SITE_KINDS]);
	});

	it('knows the roles the profiles may have and the record kinds the records API serves', async () => {
		const { rows } = await t.db.query<{ definition: string }>(
			`select pg_get_constraintdef(c.oid) as definition from pg_constraint c
			 where c.conrelid = 'public.profiles'::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like '%role = ANY%'`
		);
		expect(rows).toHaveLength(1);
		const roles = [...rows[0]!.definition.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
		expect(roles.sort()).toEqual([...APP_ROLES].sort());
		// Each kind has its table (private.record_table, which the record functions use), and no other does.
		for (const kind of [...RECORD_KINDS, 'admin_units']) {
			const { rows: table } = await t.db.query<{ ok: boolean }>(`select to_regclass('public.' || private.record_table($1)) is not null as ok`, [kind]);
			expect(table[0]!.ok, kind).toBe(kind !== 'admin_units');
		}
	});

	it('names every code in Vietnamese and English, and draws every form and site kind in a colour of its own', () => {
		const keys = [
			...CASE_TYPES.map((c) => `ct_${c}`),
			...OUTREACH_FORMS.map((c) => `form_${c}`),
			...MODEL_SITE_KINDS.map((c) => `kind_${c}`),
			...RECORD_KINDS.map((c) => `rk_${c}`)
		];
		for (const lang of ['vi', 'en'] as const) {
			const missing = keys.filter((k) => !(k in messages[lang]) || !messages[lang][k as MessageKey]);
			expect(missing, lang).toEqual([]);
		}
		expect(Object.keys(OUTREACH_COLORS)).toEqual([...OUTREACH_FORMS]);
		expect(Object.keys(MODEL_SITE_COLORS)).toEqual([...MODEL_SITE_KINDS]);
	});
});
