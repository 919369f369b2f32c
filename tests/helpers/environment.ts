import { existsSync } from 'node:fs';

/** True in CI, where a missing browser or database is a failure, never a skip. */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether an optional external part (real PostgreSQL, Chromium) can run here. In CI its absence
 * throws; elsewhere it is reported loudly and the dependent tests are skipped.
 */
export function requirePart(name: string, available: boolean, how: string): boolean {
	if (available) return true;
	const message = `${name} is not available: ${how}`;
	if (IN_CI) throw new Error(`${message} (CI=true: this is a failure, not a skip)`);
	console.warn(`\n!!! SKIPPING ${name} tests — ${message}\n`);
	return false;
}

export const hasChromium = () => requirePart('Chromium', existsSync(CHROMIUM_PATH), `install it (apt-get install chromium) or set CHROMIUM_PATH`);
export const hasPostgres = () =>
	requirePart('PostgreSQL', Boolean(process.env.TEST_DATABASE_URL), 'set TEST_DATABASE_URL to a PostgreSQL 15+ server with PostGIS (see .ci/run)');
