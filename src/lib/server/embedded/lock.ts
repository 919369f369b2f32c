/**
 * One process per embedded data directory. PGlite is one database in one process: two processes on
 * one directory each accept writes the other cannot see and can leave it unopenable (PANIC: could not
 * locate a valid checkpoint record). The first process takes `<dataDir>/server.lock` (created with
 * O_EXCL, holding its pid); a second one is refused with the path and the holder's pid. A lock left by
 * a process that died (kill -9, power loss) is taken over.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirError extends Error {}

/** A file-system error's cause in words. */
export function fsReason(e: unknown): string {
	const code = (e as NodeJS.ErrnoException).code;
	const words: Record<string, string> = {
		EROFS: 'the file system is read-only',
		EACCES: 'permission denied',
		EPERM: 'permission denied',
		ENOSPC: 'the disk is full',
		ENOTDIR: 'a file is in the way'
	};
	return (code && words[code]) ?? (e as Error).message;
}

export interface DataDirLock {
	readonly path: string;
	release(): void;
}

interface Holder {
	pid: number;
	since: string;
	command: string;
	/** Where the holding server answers on this machine (for the CLI's backup), if it is a server. */
	url?: string;
}

/** True when a process with this pid runs and is a Node.js process (a reused pid of another program is not a holder). */
function running(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
	try {
		return /node|tsx|vite|vitest/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
	} catch {
		return true; // no /proc (macOS): trust the pid
	}
}

function readHolder(path: string): Holder | null {
	try {
		const holder = JSON.parse(readFileSync(path, 'utf8')) as Holder;
		return Number.isInteger(holder.pid) ? holder : null;
	} catch {
		return null; // being written, or damaged: treated as stale below unless it is fresh
	}
}

/**
 * Makes the data directory private to the user running the server (0700; files 0600): it holds the
 * exact cases, password hashes and the JWT secret.
 */
export function privateDataDir(dir: string): void {
	try {
		mkdirSync(dir, { recursive: true, mode: 0o700 });
	} catch (e) {
		// A recursive mkdir on a read-only file system reports ENOENT: the plain one says why.
		let cause = e;
		try {
			mkdirSync(dir, { mode: 0o700 });
		} catch (plain) {
			if ((plain as NodeJS.ErrnoException).code !== 'ENOENT') cause = plain;
		}
		throw new DataDirError(`cannot create the data directory ${dir}: ${fsReason(cause)}`);
	}
	const tighten = (path: string) => {
		const stat = statSync(path);
		if (stat.uid !== process.getuid?.()) return;
		if ((stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
		if (stat.isDirectory()) for (const entry of readdirSync(path)) tighten(join(path, entry));
	};
	try {
		tighten(dir);
	} catch (e) {
		throw new DataDirError(`cannot make the data directory ${dir} private: ${fsReason(e)}`);
	}
}

/** The live process (other than this one) holding the data directory, if any. */
export function lockHolder(dir: string): Holder | null {
	const holder = readHolder(join(dir, 'server.lock'));
	return holder && holder.pid !== process.pid && running(holder.pid) ? holder : null;
}

/** Takes the data directory for this process, or throws DataDirError saying who holds it. */
export function lockDataDir(dir: string): DataDirLock {
	const path = join(dir, 'server.lock');
	for (let attempt = 0; attempt < 3; attempt++) {
		let fd: number;
		try {
			fd = openSync(path, 'wx', 0o600);
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			if (code !== 'EEXIST') throw new DataDirError(`cannot write the lock file ${path}: ${fsReason(e)}`);
			const holder = readHolder(path);
			if (holder && holder.pid !== process.pid && running(holder.pid)) {
				throw new DataDirError(
					`the data directory ${dir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}). ` +
						'Stop that server first, or start this one with another DATA_DIR. Two servers on one directory would corrupt it.'
				);
			}
			// A lock file being written this very moment has no holder yet: let its writer finish.
			if (!holder && Date.now() - statSync(path).mtimeMs < 2000) {
				throw new DataDirError(`the data directory ${dir} is being opened by another process (${path} was just created)`);
			}
			unlinkSync(path); // left by a process that is gone
			continue;
		}
		try {
			const holder: Holder = {
				pid: process.pid,
				since: new Date().toISOString(),
				command: process.argv.slice(1).join(' ').slice(0, 200),
				url: process.env.HOTSPOT_LOCAL_URL
			};
			writeSync(fd, JSON.stringify(holder));
		} finally {
			closeSync(fd);
		}
		let released = false;
		return {
			path,
			release() {
				if (released) return;
				released = true;
				if (existsSync(path) && readHolder(path)?.pid === process.pid) unlinkSync(path);
			}
		};
	}
	throw new DataDirError(`cannot take the lock ${path}: another process keeps taking it`);
}
