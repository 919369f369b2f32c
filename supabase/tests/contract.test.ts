import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { openTestDatabase, type TestDatabase } from '../../tests/helpers/db';

/**
 * The data contract the app is written against (src/lib/supabase/database.types.ts, Database.public.
 * Functions) checked against the database the migrations make: every function the app calls exists
 * in the public schema with those argument names, and an argument the app may leave out has a
 * default there. Read with the TypeScript compiler's own checker, so the hand-written rich return
 * types stay as they are and only the names and optionality are compared.
 */
interface Declared {
	name: string;
	args: { name: string; optional: boolean }[];
}

function declaredFunctions(): Declared[] {
	const configPath = ts.findConfigFile('.', ts.sys.fileExists, 'tsconfig.json')!;
	const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
	const file = 'src/lib/supabase/database.types.ts';
	const program = ts.createProgram([file], { ...config.options, noEmit: true });
	const checker = program.getTypeChecker();
	const source = program.getSourceFile(file)!;
	const alias = source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === 'Database')!;
	const database = checker.getTypeAtLocation(alias.name);
	const property = (type: ts.Type, name: string) => checker.getTypeOfSymbolAtLocation(type.getProperty(name)!, alias);
	const functions = property(property(database, 'public'), 'Functions');
	return functions.getProperties().map((fn) => {
		const args = property(checker.getTypeOfSymbolAtLocation(fn, alias), 'Args');
		return {
			name: fn.name,
			args: args.getProperties().map((a) => ({ name: a.name, optional: (a.flags & ts.SymbolFlags.Optional) !== 0 }))
		};
	});
}

describe('the TypeScript data contract and the database', () => {
	let t: TestDatabase;
	beforeAll(async () => {
		t = await openTestDatabase('pglite');
	});
	afterAll(() => t?.close());

	it('agree on every function the app calls: name, argument names, which may be left out', async () => {
		const { rows } = await t.db.query<{ name: string; args: string[]; defaults: number }>(`
			select p.proname as name,
				case when p.proargnames is null then '{}'::text[]
					when p.proargmodes is null then p.proargnames[1:p.pronargs]
					else array(select a.name from unnest(p.proargnames, p.proargmodes) with ordinality as a(name, mode, i)
						where a.mode in ('i', 'b', 'v') order by a.i) end as args,
				p.pronargdefaults as defaults
			from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			where n.nspname = 'public' and p.prokind = 'f'`);
		const declared = declaredFunctions();
		expect(declared.length).toBeGreaterThan(30);
		const problems: string[] = [];
		for (const fn of declared) {
			const overloads = rows.filter((r) => r.name === fn.name);
			if (overloads.length === 0) {
				problems.push(`${fn.name}: not a function of the public schema`);
				continue;
			}
			const fits = overloads.some((r) => {
				const optionalInDb = new Set(r.args.slice(r.args.length - r.defaults));
				const names = new Set(r.args);
				return (
					fn.args.every((a) => names.has(a.name) && (!a.optional || optionalInDb.has(a.name))) &&
					// An argument the database needs (no default) must be in the contract, and not optional there.
					r.args.every((name) => optionalInDb.has(name) || fn.args.some((a) => a.name === name && !a.optional))
				);
			});
			if (!fits)
				problems.push(
					`${fn.name}: contract (${fn.args.map((a) => `${a.name}${a.optional ? '?' : ''}`).join(', ')}) ≠ database ${overloads.map((r) => `(${r.args.map((n, i) => `${n}${i >= r.args.length - r.defaults ? '?' : ''}`).join(', ')})`).join(' or ')}`
				);
		}
		expect(problems).toEqual([]);
	});
});
