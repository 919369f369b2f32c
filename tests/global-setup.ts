import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../src/lib/server/db/pglite';
import { prepare } from './helpers/db';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteSnapshot: string;
	}
}

/**
 * Prepares one PGlite database (PostGIS, shim, migrations, test demo data) and snapshots it, so
 * each SQL test file restores it in seconds instead of building its own.
 */
export default async function setup(project: TestProject) {
	const dir = mkdtempSync(join(tmpdir(), 'hotspot-test-'));
	const db = await openPglite();
	await prepare(db);
	const snapshot = join(dir, 'pglite.tar.gz');
	writeFileSync(snapshot, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
	await db.close();
	project.provide('pgliteSnapshot', snapshot);
	return () => rmSync(dir, { recursive: true, force: true });
}
