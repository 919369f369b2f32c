import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite } from '../src/lib/server/db/pglite';
import { createPostgresTemplate, prepare } from './helpers/db';

declare module 'vitest' {
	export interface ProvidedContext {
		pgliteSnapshot: string;
		/** A prepared database on the TEST_DATABASE_URL server that each test file clones (null: none). */
		postgresTemplate: string | null;
		/** Where the browser journeys keep the data directory of a first start, for the next files to copy. */
		appTemplates: string;
	}
}

/**
 * Prepares one PGlite database (PostGIS, shim, migrations, test demo data) and snapshots it, so
 * each SQL test file restores it in seconds instead of building its own; on the PostgreSQL server,
 * when there is one, the same in a template database that each test file clones.
 */
export default async function setup(project: TestProject) {
	const dir = mkdtempSync(join(tmpdir(), 'hotspot-test-'));
	const snapshot = join(dir, 'pglite.tar.gz');
	const [template] = await Promise.all([
		process.env.TEST_DATABASE_URL ? createPostgresTemplate() : null,
		(async () => {
			const db = await openPglite();
			await prepare(db);
			writeFileSync(snapshot, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
			await db.close();
		})()
	]);
	project.provide('pgliteSnapshot', snapshot);
	project.provide('postgresTemplate', template?.name ?? null);
	project.provide('appTemplates', dir);
	return async () => {
		rmSync(dir, { recursive: true, force: true });
		await template?.drop();
	};
}
