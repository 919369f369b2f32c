import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite } from '../../src/lib/server/db/pglite';
import { openPostgres } from '../../src/lib/server/db/postgres';
import type { Db, Queryable } from '../../src/lib/server/db';
import { applySupabaseShim, prepareEmbeddedAuth } from '../../src/lib/server/embedded/shim';
import { applyMigrations, readMigrations } from '../../src/lib/server/embedded/migrate';
import { seedDemo, demoUserId, type DemoRole } from '../../src/lib/server/demo/seed';
import { hasPostgres } from './environment';
import { signToken } from '../../src/lib/server/embedded/jwt';
import { openSession } from '../../src/lib/server/embedded/auth';

/** Demo size used by SQL tests: small, deterministic, with some groups under the suppression k. */
export const TEST_DEMO_CASES = 800;

export type BackendKind = 'pglite' | 'postgres';

/** The backends SQL tests run on: PGlite always, real PostgreSQL when TEST_DATABASE_URL is set. */
export function backends(): BackendKind[] {
	return hasPostgres() ? ['pglite', 'postgres'] : ['pglite'];
}

/** Shim, migrations and the test demo data set, as the embedded backend prepares a database. */
export async function prepare(db: Db): Promise<void> {
	await applySupabaseShim(db);
	await applyMigrations(db, readMigrations('supabase/migrations'));
	await prepareEmbeddedAuth(db);
	await seedDemo(db, { cases: TEST_DEMO_CASES });
}

export interface TestDatabase {
	db: Db;
	kind: BackendKind;
	/** The database's own URL on the PostgreSQL server, for a second connection (null on PGlite). */
	url: string | null;
	close(): Promise<void>;
}

/** Runs statements as the server's admin (TEST_DATABASE_URL), outside any test database. */
async function asServerAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
	const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
	await admin.connect();
	try {
		return await fn(admin);
	} finally {
		await admin.end();
	}
}

/** Drops a database on the PostgreSQL server once its connections have closed. */
async function dropDatabase(name: string): Promise<void> {
	await asServerAdmin(async (admin) => {
		// A pool's connections may still be closing: let them go before forcing the rest out.
		for (let tries = 0; tries < 50; tries++) {
			const { rows } = await admin.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
			if (rows[0]!.n === 0) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		await admin.query(`drop database if exists ${name} with (force)`);
	});
}

const databaseUrl = (name: string) => Object.assign(new URL(process.env.TEST_DATABASE_URL!), { pathname: `/${name}` }).toString();

/** A new database on the TEST_DATABASE_URL server, empty or a copy of `template`: its name, URL and drop. */
export async function serverDatabase(prefix: string, template?: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
	const name = `${prefix}_${randomBytes(5).toString('hex')}`;
	await asServerAdmin((admin) => admin.query(`create database ${name}${template ? ` template ${template}` : ''}`));
	return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}

/**
 * A database prepared as `prepare` does on the TEST_DATABASE_URL server, with no connection left
 * open, for test files to clone: `create database … template` copies it in a second where preparing
 * takes ten or more.
 */
export async function createPostgresTemplate(): Promise<{ name: string; drop: () => Promise<void> }> {
	const template = await serverDatabase('hotspot_template');
	const db = await openPostgres(template.url, 4);
	try {
		await prepare(db);
	} finally {
		await db.close();
	}
	return template;
}

/**
 * A prepared database of its own for one test file: PGlite restored from the snapshot the global
 * setup made, or on the PostgreSQL server a clone of the template it made, dropped on close.
 */
export async function openTestDatabase(kind: BackendKind): Promise<TestDatabase> {
	if (kind === 'pglite') {
		const snapshot = readFileSync(inject('pgliteSnapshot'));
		const db = await openPglite(undefined, new Blob([snapshot]));
		return { db, kind, url: null, close: () => db.close() };
	}
	const template = inject('postgresTemplate');
	if (!template) throw new Error('no PostgreSQL template: the global setup makes one when TEST_DATABASE_URL is set');
	const own = await serverDatabase('hotspot_test', template);
	const db = await openPostgres(own.url, 4);
	return {
		db,
		kind,
		url: own.url,
		async close() {
			await db.close();
			await own.drop();
		}
	};
}

class Rollback extends Error {
	constructor(readonly value: unknown) {
		super('rollback');
	}
}

/**
 * Runs fn as a user, the way the rpc handler does (role and request.jwt.claims set locally),
 * inside a transaction that is always rolled back.
 */
/** Claims of a demo user with a fresh session (made in tx), as the auth server would issue them. */
async function userClaims(tx: Queryable, who: DemoRole, sub?: string) {
	const id = sub ?? (await demoUserId(tx, who));
	// Sessions are written as the connecting role: step out of any API role first.
	await tx.query(`select set_config('role', 'none', true)`);
	return { role: 'authenticated', aud: 'authenticated', sub: id, session_id: await openSession(tx, id), app_metadata: { app_role: who } };
}

async function actAs(tx: Queryable, who: DemoRole | 'anon') {
	const claims = who === 'anon' ? { role: 'anon' } : await userClaims(tx, who);
	await tx.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [claims.role, JSON.stringify(claims)]);
}

export async function asRole<T>(db: Db, who: DemoRole | 'anon', fn: (tx: Queryable) => Promise<T>): Promise<T> {
	try {
		await db.transaction(async (tx) => {
			await actAs(tx, who);
			throw new Rollback(await fn(tx));
		});
	} catch (error) {
		if (error instanceof Rollback) return error.value as T;
		throw error;
	}
	throw new Error('unreachable');
}

/** Like asRole, but the transaction commits (for tests of concurrent writers; they clean up after themselves). */
export async function committedAs<T>(db: Db, who: DemoRole, fn: (tx: Queryable) => Promise<T>): Promise<T> {
	return db.transaction(async (tx) => {
		await actAs(tx, who);
		return fn(tx);
	});
}

/** An access token of a demo account with a fresh session, as the auth server would issue it. */
export async function sessionToken(db: Queryable, secret: Uint8Array, who: DemoRole): Promise<string> {
	const sub = await demoUserId(db, who);
	return signToken(secret, { role: 'authenticated', aud: 'authenticated', sub, session_id: await openSession(db, sub) }, 3600);
}

/** The SQLSTATE of a rejected promise (or null if it resolved). */
export async function sqlState(promise: Promise<unknown>): Promise<string | null> {
	try {
		await promise;
		return null;
	} catch (error) {
		return (error as { code?: string }).code ?? 'no-code';
	}
}

/** Switches a transaction to a demo user (its id given), as the rpc handler would for their request. */
export async function switchUser(tx: Queryable, who: DemoRole, sub: string): Promise<void> {
	const claims = await userClaims(tx, who, sub);
	await tx.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
}

/** Runs a statement that may fail without aborting the transaction: the error, or null. */
export async function failure(tx: Queryable, run: () => Promise<unknown>): Promise<{ code?: string; message: string; detail?: string; hint?: string } | null> {
	await tx.query('savepoint attempt');
	try {
		await run();
		await tx.query('release savepoint attempt');
		return null;
	} catch (error) {
		await tx.query('rollback to savepoint attempt');
		return error as { code?: string; message: string };
	}
}
