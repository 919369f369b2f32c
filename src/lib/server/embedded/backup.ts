/**
 * Backup and restore of the embedded database (`npm run cli -- backup FILE` / `restore FILE`).
 *
 * - backup: while a server holds the data directory, the server makes the backup (GET
 *   /supabase/backup/v1 with a service-role token, which the CLI signs with the directory's JWT
 *   secret): consistent while users keep working. Without a server the CLI opens the directory itself.
 * - restore: only with the server stopped. The file is loaded into a new directory and opened (a
 *   damaged file changes nothing); then the current database is kept aside as
 *   `pglite.before-restore-<time>` and the restored one takes its place.
 *
 * The file is PGlite's gzipped tar of the PostgreSQL data directory (`dumpDataDir`), readable with
 * tar(1). PostgreSQL (DATABASE_URL) is backed up with pg_dump; see the README.
 */
import { existsSync, renameSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPglite } from '../db/pglite';
import { signToken, loadJwtSecret } from './jwt';
import { DataDirError, lockDataDir, lockHolder, privateDataDir } from './lock';

/** Path of the backup route under the Supabase base path. */
export const BACKUP_PATH = '/backup/v1';

/** Writes a backup of the embedded database in dataDir to file; says how it was made. */
export async function backupDataDir(dataDir: string, file: string): Promise<string> {
	const holder = lockHolder(dataDir);
	if (holder) {
		if (!holder.url)
			throw new DataDirError(`the server ${holder.pid} holds ${dataDir} but gives no address to ask for a backup: stop it and run the backup again`);
		const token = await signToken(loadJwtSecret(dataDir), { role: 'service_role' }, 300);
		const response = await fetch(`${holder.url}/supabase${BACKUP_PATH}`, { headers: { authorization: `Bearer ${token}`, apikey: token } });
		if (!response.ok) throw new DataDirError(`the server at ${holder.url} refused the backup: ${response.status} ${await response.text()}`);
		writeFileSync(file, Buffer.from(await response.arrayBuffer()), { mode: 0o600 });
		return `backup made by the running server (process ${holder.pid})`;
	}
	const lock = lockDataDir(dataDir);
	try {
		const db = await openPglite(join(dataDir, 'pglite'));
		try {
			writeFileSync(file, Buffer.from(await (await db.backup()).arrayBuffer()), { mode: 0o600 });
		} finally {
			await db.close();
		}
	} finally {
		lock.release();
	}
	return 'backup made from the stopped database';
}

/** Replaces the embedded database in dataDir with a backup; returns where the previous one was kept. */
export async function restoreDataDir(dataDir: string, file: string): Promise<string | null> {
	if (!existsSync(file)) throw new DataDirError(`no backup file ${file}`);
	privateDataDir(dataDir);
	const lock = lockDataDir(dataDir); // refuses while a server runs
	try {
		const target = join(dataDir, 'pglite');
		const incoming = join(dataDir, 'pglite.restoring');
		rmSync(incoming, { recursive: true, force: true });
		try {
			const db = await openPglite(incoming, new Blob([readFileSync(file)]));
			try {
				await db.query('select count(*) from public.admin_units');
			} finally {
				await db.close();
			}
		} catch (e) {
			rmSync(incoming, { recursive: true, force: true });
			throw new DataDirError(`${file} is not a readable backup of Hotspot Atlas: ${(e as Error).message}`);
		}
		let kept: string | null = null;
		if (existsSync(target)) {
			kept = join(dataDir, `pglite.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
			renameSync(target, kept);
		}
		renameSync(incoming, target);
		return kept;
	} finally {
		lock.release();
	}
}
