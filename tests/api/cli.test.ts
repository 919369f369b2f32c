import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedBackend } from '../../src/lib/server/embedded/backend';

const cli = (args: string[], env: Record<string, string>) =>
	spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });

describe('without demo data (DEMO=0)', () => {
	it('has no accounts until `npm run cli -- create-admin` creates the first admin, who can sign in', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'hotspot-nodemo-'));
		try {
			const env = { DATA_DIR: dataDir, DEMO: '0' };
			const weak = cli(['create-admin', '--email', 'chief@province.gov.vn', '--password', 'short'], env);
			expect(weak.status).not.toBe(0);
			expect(weak.stderr).toContain('at least 10 characters');
			const missing = cli(['create-admin', '--email', 'chief@province.gov.vn'], env);
			expect(missing.status).toBe(2);
			expect(missing.stderr).toContain('--password is required');

			const created = cli(['create-admin', '--email', 'chief@province.gov.vn', '--password', 'a-long-admin-password'], env);
			expect(created.stderr).toBe('');
			expect(created.status).toBe(0);

			const backend = await EmbeddedBackend.start({ dataDir, demo: false });
			try {
				const { rows } = await backend.db.query<{ email: string; role: string }>(
					'select u.email, p.role from auth.users u left join public.profiles p on p.user_id = u.id'
				);
				expect(rows).toEqual([{ email: 'chief@province.gov.vn', role: 'admin' }]);
				const { rows: demo } = await backend.db.query<{ n: number }>('select count(*)::int as n from public.cases');
				expect(demo[0]!.n).toBe(0);
				const login = await backend.handle(
					new Request('http://x/supabase/auth/v1/token?grant_type=password', {
						method: 'POST',
						headers: { apikey: backend.anonKey, 'content-type': 'application/json' },
						body: JSON.stringify({ email: 'chief@province.gov.vn', password: 'a-long-admin-password' })
					}),
					'/auth/v1/token'
				);
				expect(login.status).toBe(200);
				expect(await backend.demoToken('planner').catch((e: Error) => e.message)).toBe('demo accounts exist only in demo mode');
			} finally {
				await backend.close();
			}
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
