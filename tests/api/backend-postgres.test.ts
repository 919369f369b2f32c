import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { hasPostgres } from '../helpers/environment';
import { serverDatabase } from '../helpers/db';

/** The same embedded HTTP layer over a real PostgreSQL + PostGIS server (DATABASE_URL). */
describe.runIf(hasPostgres())('embedded backend on DATABASE_URL', () => {
	it('prepares an empty database, serves sign-in and the data API, and reuses it on restart', async () => {
		const database = await serverDatabase('hotspot_app');
		const url = new URL(database.url);
		const dataDir = mkdtempSync(join(tmpdir(), 'hotspot-pg-'));
		try {
			const log: string[] = [];
			let backend = await EmbeddedBackend.start({ dataDir, databaseUrl: url.toString(), demo: true, demoCases: 100, log: (m) => log.push(m) });
			expect(log).toContain('seeded demo data (100 cases)');
			const call = (path: string, init: RequestInit) => backend.handle(new Request(`http://x/supabase${path}`, init), path.split('?')[0]!);
			const login = await call('/auth/v1/token?grant_type=password', {
				method: 'POST',
				headers: { apikey: backend.anonKey },
				body: JSON.stringify({ email: 'investigator@demo.vn', password: DEMO_PASSWORD })
			});
			expect(login.status).toBe(200);
			const { access_token } = (await login.json()) as { access_token: string };
			const cases = await call('/rest/v1/rpc/layer_geojson', {
				method: 'POST',
				headers: { apikey: backend.anonKey, authorization: `Bearer ${access_token}` },
				body: JSON.stringify({ layer: 'cases' })
			});
			expect(cases.status).toBe(200);
			expect(((await cases.json()) as { features: unknown[] }).features.length).toBe(100);
			await backend.close();

			// Backup and restore of a PostgreSQL database: the CLI runs pg_dump and pg_restore.
			const file = join(dataDir, 'atlas.dump');
			const cli = (...args: string[]) =>
				spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
					env: { ...process.env, DATABASE_URL: url.toString(), DATA_DIR: dataDir },
					encoding: 'utf8'
				});
			const backup = cli('backup', file);
			expect(backup.stderr).toBe('');
			expect(backup.stdout).toContain(`backed up PostgreSQL (DATABASE_URL) to ${file}`);
			const direct = new pg.Client({ connectionString: url.toString() });
			await direct.connect();
			await direct.query('delete from public.cases');
			const restore = cli('restore', file);
			expect(restore.stderr).toBe('');
			expect((await direct.query<{ n: number }>('select count(*)::int as n from public.cases')).rows[0]!.n).toBe(100);
			await direct.end();

			const again: string[] = [];
			backend = await EmbeddedBackend.start({ dataDir, databaseUrl: url.toString(), demo: true, demoCases: 100, log: (m) => again.push(m) });
			expect(again.filter((m) => m.startsWith('applied') || m.startsWith('seeded'))).toEqual([]);
			await backend.close();
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
			await database.drop();
		}
	});
});
