/**
 * The import benchmark of `npm run bench`: a 100,000-row boarding-house file (CSV and .xlsx,
 * generated in memory, Vietnamese headers and numbers) read, checked and committed all-or-nothing
 * through the data API as an admin, against the same rows inserted by one plain SQL statement in the
 * same database (the baseline). Then the map's p95 while such an import runs on the embedded database
 * (issue 21): sent in parts as the import page sends it, against one call (as it was sent before);
 * on PostgreSQL too with --pg-url (a fresh database of its own on that server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { randomLcg } from 'd3-random';
import { EmbeddedBackend } from '../src/lib/server/embedded/backend';
import { readTable } from '../src/lib/import/parse.server';
import { matchColumns } from '../src/lib/import/kinds';
import { checkRows } from '../src/lib/import/validate';
import { insideVietnam } from '../src/lib/import/vietnam.server';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { Database } from '../src/lib/supabase/database.types';
import { importBatchRows, writeImport } from '../src/lib/import/write.server';
import { benchDatabase, mapReadOnce, mapReadsWhile, p95, serveOverHttp } from './bench-timing';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

/** Rows spread over Tây Ninh's industrial belt, each with its own label. */
function rows(seed: number): [string, string, number, string, string][] {
	const random = randomLcg(seed);
	return Array.from({ length: ROWS }, (_, i) => {
		const lon = 106.25 + random() * 0.3;
		const lat = 10.95 + random() * 0.25;
		return [
			`Dãy trọ thử ${seed}-${i}`,
			(5 + Math.floor(random() * 3000)).toLocaleString('vi-VN'),
			1 + Math.floor(random() * 40),
			lon.toFixed(5).replace('.', ','),
			lat.toFixed(5).replace('.', ',')
		];
	});
}

async function xlsxBytes(data: unknown[][]): Promise<Uint8Array> {
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('Nhà trọ');
	sheet.addRow(['Tên dãy trọ', 'Số công nhân', 'Số phòng', 'Kinh độ', 'Vĩ độ']);
	sheet.addRows(data);
	return new Uint8Array(await book.xlsx.writeBuffer());
}

/** One import on a fresh database: optionally with `crowd` houses already stored in the same area. */
async function importOnce(format: 'csv' | 'xlsx', seed: number, crowd: number): Promise<string[]> {
	const dir = mkdtempSync(join(tmpdir(), 'hotspot-bench-import-'));
	const backend = await EmbeddedBackend.start({ dataDir: dir, demo: true, demoCases: 1000, log: () => {} });
	try {
		const token = await backend.demoToken('admin');
		const insertPlain = (records: Record<string, unknown>[], suffix: string) =>
			backend.db.transaction(async (tx) => {
				await tx.query(
					`insert into public.boarding_houses (label, workers, rooms, admin_unit_id, geom)
					 select t.label || $6, t.workers, t.rooms, (select id from public.admin_units where code = 'tay-ninh'),
					        extensions.st_setsrid(extensions.st_makepoint(t.lon, t.lat), 4326)
					 from unnest($1::text[], $2::int[], $3::int[], $4::float8[], $5::float8[]) as t(label, workers, rooms, lon, lat)`,
					[
						records.map((r) => r.label as string),
						records.map((r) => r.workers as number),
						records.map((r) => (r.rooms as number) ?? 0),
						records.map((r) => r.lon as number),
						records.map((r) => r.lat as number),
						suffix
					]
				);
				await tx.query('analyze public.boarding_houses');
			});
		if (crowd) {
			// Houses already stored where the file's are: the duplicate check's hard case.
			for (let s = 0; s < crowd / ROWS; s++) {
				const table = rows(100 + s);
				await insertPlain(
					table.map((r) => ({ label: r[0], workers: 10, rooms: 1, lon: Number(r[3].replace(',', '.')), lat: Number(r[4].replace(',', '.')) })),
					' (stored)'
				);
			}
		}
		const data = rows(seed);
		const bytes =
			format === 'csv'
				? new TextEncoder().encode(['Tên dãy trọ;Số công nhân;Số phòng;Kinh độ;Vĩ độ', ...data.map((r) => r.join(';'))].join('\n'))
				: await xlsxBytes(data);
		const t0 = performance.now();
		const parsed = await readTable(`nha-tro.${format}`, bytes);
		const t1 = performance.now();
		const checked = checkRows('boarding_houses', parsed, matchColumns('boarding_houses', parsed.headers).mapping, insideVietnam);
		const t2 = performance.now();
		if (checked.problems.length) throw new Error(`the generated file has problems: ${JSON.stringify(checked.problems.slice(0, 3))}`);
		const response = await backend.handle(
			new Request('http://bench/supabase/rest/v1/rpc/import_records', {
				method: 'POST',
				headers: { 'content-type': 'application/json', apikey: backend.anonKey, authorization: `Bearer ${token}` },
				body: JSON.stringify({ kind: 'boarding_houses', records: checked.records })
			}),
			'/rest/v1/rpc/import_records'
		);
		const result = (await response.json()) as { inserted: number; problems: unknown[] };
		const t3 = performance.now();
		if (process.env.BENCH_VERBOSE) console.log(format, crowd, 'read', t1 - t0, 'check', t2 - t1, 'commit', t3 - t2);
		if (result.inserted !== ROWS) throw new Error(`import wrote ${result.inserted} rows: ${JSON.stringify(result).slice(0, 300)}`);
		// Baseline: the same rows by one INSERT … SELECT FROM unnest, no checks, no unit lookup.
		const b0 = performance.now();
		await insertPlain(checked.records, ' (baseline)');
		const b1 = performance.now();
		const sec = (ms: number) => (ms / 1000).toFixed(2);
		const name = crowd ? `${format}, ${crowd.toLocaleString('en')} stored nearby` : format;
		return [name, ROWS.toLocaleString('en'), sec(t1 - t0), sec(t2 - t1), sec(t3 - t2), sec(t3 - t0), sec(b1 - b0), ((t3 - t0) / (b1 - b0)).toFixed(1)];
	} finally {
		await backend.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Each file imported into a fresh demo database: CSV, .xlsx, and CSV again where 200,000 houses are
 * already stored in the same area (every row then has stored neighbours to compare names with).
 */
export async function benchImport(pgUrl?: string): Promise<string[][]> {
	const table: string[][] = [['file', 'rows', 'read s', 'check s', 'commit s', 'total s', 'plain INSERT s', 'ratio']];
	table.push(await importOnce('csv', 1, 0));
	table.push(await importOnce('xlsx', 2, 0));
	table.push(await importOnce('csv', 1, 2 * ROWS));
	const load = [...(await mapDuringImport('PGlite'))];
	if (pgUrl) load.push([], ...(await mapDuringImport('PostgreSQL', await benchDatabase(pgUrl, 'hotspot_bench_import', true))));
	return [...table, [], ...load];
}

/** The file's rows as the app's checks hand them to the database. */
const records = (seed: number) =>
	rows(seed).map(([label, workers, rooms, lon, lat]) => ({
		label,
		workers: Number(workers.replace(/\./g, '')),
		rooms,
		lon: Number(lon.replace(',', '.')),
		lat: Number(lat.replace(',', '.'))
	}));

/**
 * A planner's map reads (over HTTP, one after another) while an admin imports ROWS boarding houses
 * through the app's in-process client: idle, during the import in parts, and during the same import
 * in one call. Each import into the same fresh database, in turn.
 */
async function mapDuringImport(name: string, databaseUrl?: string): Promise<string[][]> {
	const dir = mkdtempSync(join(tmpdir(), 'hotspot-bench-import-load-'));
	const backend = await EmbeddedBackend.start({ dataDir: dir, databaseUrl, demo: true, demoCases: 1000, log: () => {} });
	const http = await serveOverHttp(backend);
	try {
		const planner = await backend.demoToken('planner');
		const url = 'http://embedded.invalid/supabase';
		const admin = createClient<Database>(url, backend.anonKey, {
			auth: { persistSession: false },
			global: { fetch: backend.fetchFor(url), headers: { Authorization: `Bearer ${await backend.demoToken('admin')}` } },
			realtime: { transport: WebSocket as never }
		});
		const read = () => mapReadOnce(http.base, backend.anonKey, planner);
		await read();
		const idle: number[] = [];
		for (let i = 0; i < 40; i++) idle.push(await read());
		const timed = async (run: () => PromiseLike<{ error: unknown }>) => {
			const started = performance.now();
			const { error } = await run();
			if (error) throw new Error(`the import failed: ${JSON.stringify(error)}`);
			return performance.now() - started;
		};
		let inParts = 0;
		let oneCall = 0;
		// When the parts were all checked (the last call, writing every row, starts then) and when each
		// map read ended: the reads that ended before it waited at most for one part.
		let partsDone = Infinity;
		const ended: number[] = [];
		const file = records(3);
		const parts = await mapReadsWhile(
			timed(() =>
				writeImport(admin, 'boarding_houses', file, false, (checked) => void (checked === file.length && (partsDone = performance.now())), {
					// Written as the import page writes it: in batches on the embedded database, in one transaction on PostgreSQL.
					applyRows: importBatchRows(backend.db.kind)
				})
			).then((ms) => (inParts = ms)),
			() => read().then((ms) => (ended.push(performance.now()), ms))
		);
		const duringParts = parts.filter((_, i) => ended[i]! < partsDone);
		const whole = await mapReadsWhile(
			timed(() => admin.rpc('import_records', { kind: 'boarding_houses', records: records(4) })).then((ms) => (oneCall = ms)),
			read
		);
		const max = (samples: number[]) => Math.max(...samples).toFixed(0);
		return [
			[`${name}: map_layer during an import of ${ROWS.toLocaleString('en')} rows`, 'idle', 'import in parts', 'ratio', 'import in one call (before)', 'ratio'],
			['p95 ms', p95(idle).toFixed(1), p95(parts).toFixed(1), (p95(parts) / p95(idle)).toFixed(2), p95(whole).toFixed(1), (p95(whole) / p95(idle)).toFixed(2)],
			['longest wait ms', max(idle), max(parts), '', max(whole), ''],
			['longest wait ms while parts are checked', '', max(duringParts), '', '', ''],
			['map reads answered', String(idle.length), String(parts.length), '', String(whole.length), ''],
			['import s', '', (inParts / 1000).toFixed(1), '', (oneCall / 1000).toFixed(1), '']
		];
	} finally {
		http.close();
		await backend.close();
		rmSync(dir, { recursive: true, force: true });
	}
}
