import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../src/lib/server/db/pglite';
import { RestHandler } from '../../src/lib/server/embedded/rest';
import { loadJwtSecret, signToken } from '../../src/lib/server/embedded/jwt';
import { IMPORT_PART_ROWS, writeImport } from '../../src/lib/import/write.server';
import type { Database } from '../../src/lib/supabase/database.types';
import { sessionToken } from '../helpers/db';

const BASE = 'http://embedded.test/supabase';
/** Bến Cầu, the demo official's district. */
const BEN_CAU = { lon: 106.18, lat: 11.07 };

/**
 * A large import as the import page sends it, through the embedded data API on PGlite (one
 * transaction at a time for every user): in parts, with other users' reads served between them,
 * and still all-or-nothing.
 */
describe('an import in parts on the embedded database', () => {
	let dataDir: string;
	let db: Awaited<ReturnType<typeof openPglite>>;
	let handler: RestHandler;
	let anonKey: string;

	const client = (token: string) =>
		createClient<Database>(BASE, anonKey, {
			auth: { persistSession: false },
			global: {
				fetch: async (input, init) => {
					const request = new Request(input, init);
					return handler.handle(request, new URL(request.url).pathname.slice('/supabase'.length));
				},
				headers: { Authorization: `Bearer ${token}` }
			},
			realtime: { transport: WebSocket as never }
		});
	/** `n` houses in Bến Cầu, 55 m apart on a grid, named by their place in the file. */
	const houses = (n: number, prefix: string) =>
		Array.from({ length: n }, (_, i) => ({
			label: `${prefix} ${i}`,
			workers: 5 + (i % 50),
			rooms: 2,
			lon: BEN_CAU.lon - 0.025 + (i % 100) * 0.0005,
			lat: BEN_CAU.lat - 0.025 + Math.floor(i / 100) * 0.0005
		}));
	const stored = async (prefix: string) =>
		(await db.query<{ n: number }>(`select count(*)::int as n from public.boarding_houses where label like $1`, [`${prefix} %`])).rows[0]!.n;
	const kept = async () => (await db.query<{ n: number }>('select count(*)::int as n from private.import_staging')).rows[0]!.n;

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'hotspot-import-parts-'));
		db = await openPglite(undefined, new Blob([readFileSync(inject('pgliteSnapshot'))]));
		const secret = loadJwtSecret(dataDir);
		handler = new RestHandler(db, secret);
		anonKey = await signToken(secret, { role: 'anon' }, 3600);
	});
	afterAll(async () => {
		await db?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('serves other users between the parts and between the batches that write the committed file', async () => {
		const secret = loadJwtSecret(dataDir);
		const official = client(await sessionToken(db, secret, 'district_official'));
		const planner = client(await sessionToken(db, secret, 'planner'));
		const file = houses(2 * IMPORT_PART_ROWS + 1000, 'Nhập nhiều phần');
		const parts: number[] = [];
		// A planner reads the map over and over while the official's import runs (the first read,
		// before it, looks the function up once).
		const read = () => planner.rpc('map_layer', { layer: 'boarding_houses', bbox: [105.9, 10.9, 106.4, 11.3], zoom: 12 });
		expect((await read()).error).toBeNull();
		const readsDone: number[] = [];
		// The file's rows stored when a read was answered after every part was checked.
		const whileWriting: number[] = [];
		let importing = true;
		const reading = (async () => {
			while (importing) {
				expect((await read()).error).toBeNull();
				readsDone.push(parts.length);
				if (parts.length === 3) whileWriting.push(await stored('Nhập nhiều phần'));
				// A request arrives as I/O: let the event loop turn (a loop of promises alone would starve it).
				await new Promise((resolve) => setImmediate(resolve));
			}
		})();
		// Written in batches of a part's size after the commit, as the import page does on this database.
		const answer = await writeImport(official, 'boarding_houses', file, false, (checked) => void parts.push(checked), {
			applyRows: IMPORT_PART_ROWS
		}).finally(() => (importing = false));
		await reading;
		expect(answer.error).toBeNull();
		expect(answer.data).toEqual({ problems: [], inserted: file.length });
		expect(parts).toEqual([IMPORT_PART_ROWS, 2 * IMPORT_PART_ROWS, file.length]);
		// Reads were answered while the parts were being checked: after the first part and the second,
		// not only when the whole import was done (as when one call checked and wrote the file).
		expect(new Set(readsDone.filter((p) => p < 3))).toEqual(new Set([0, 1, 2]));
		// And while the committed file was written, between its batches: part of it stored, not all.
		expect(whileWriting.some((n) => n > 0 && n < file.length)).toBe(true);
		expect(await stored('Nhập nhiều phần')).toBe(file.length);
		expect(await kept()).toBe(0);
	}, 240_000);

	it('writes nothing when a row of the last part has a problem, and keeps nothing behind', async () => {
		const official = client(await sessionToken(db, loadJwtSecret(dataDir), 'district_official'));
		const file = houses(IMPORT_PART_ROWS + 10, 'Nhập lỗi cuối');
		file[IMPORT_PART_ROWS + 3] = { ...file[IMPORT_PART_ROWS + 3]!, lon: 105.85, lat: 21.03 };
		const answer = await writeImport(official, 'boarding_houses', file, false);
		expect(answer.data?.inserted).toBe(0);
		expect(answer.data?.problems.map((p) => p.index)).toEqual([IMPORT_PART_ROWS + 3]);
		expect(answer.data?.problems[0]!.reason).toMatch(/outside your unit Bến Cầu$/);
		expect(await stored('Nhập lỗi cuối')).toBe(0);
		expect(await kept()).toBe(0);
	}, 240_000);

	it('drops the kept rows when the last call is refused (the official lost the unit meanwhile)', async () => {
		const official = client(await sessionToken(db, loadJwtSecret(dataDir), 'district_official'));
		const file = houses(IMPORT_PART_ROWS + 10, 'Nhập mất quyền');
		const unit = (await db.query<{ id: string }>(`select admin_unit_id as id from public.profiles where role = 'district_official' limit 1`)).rows[0]!.id;
		const other = (await db.query<{ id: string }>(`select id from public.admin_units where name = 'Gò Dầu'`)).rows[0]!.id;
		try {
			const answer = await writeImport(official, 'boarding_houses', file, false, async (checked) => {
				// Both parts are kept; then an admin moves the official to another district.
				if (checked === file.length) await db.query(`update public.profiles set admin_unit_id = $1 where role = 'district_official'`, [other]);
			});
			expect(answer.error).toMatchObject({ code: '42501', message: 'you may no longer import into Bến Cầu' });
		} finally {
			await db.query(`update public.profiles set admin_unit_id = $1 where role = 'district_official'`, [unit]);
		}
		expect(await stored('Nhập mất quyền')).toBe(0);
		expect(await kept()).toBe(0);
	}, 240_000);
});
