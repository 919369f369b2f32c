import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testBasemap } from '../helpers/pmtiles';

const dir = mkdtempSync(join(tmpdir(), 'hotspot-cli-basemap-'));
const basemapDir = join(dir, 'installed');
const cli = (...args: string[]) =>
	spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], { encoding: 'utf8', env: { ...process.env, BASEMAP_DIR: basemapDir } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run cli -- install-basemap / remove-basemap', () => {
	it('installs a PMTiles file, names its layers, and removes it again', () => {
		const file = join(dir, 'tay-ninh.pmtiles');
		writeFileSync(file, testBasemap());
		const run = cli('install-basemap', file, '--name', 'Tây Ninh (thử)');
		expect(run.stderr).toBe('');
		expect(run.status).toBe(0);
		expect(run.stdout).toContain('"Tây Ninh (thử)" installed');
		expect(run.stdout).toContain('transportation (road)');
		expect(readdirSync(basemapDir)).toContain('basemap.json');
		const removed = cli('remove-basemap');
		expect(removed.status).toBe(0);
		expect(readdirSync(basemapDir)).toEqual([]);
	});

	it('refuses a file that is not a vector basemap of Vietnam, with the reason, exit code 2', () => {
		const csv = join(dir, 'sites.csv');
		writeFileSync(csv, 'name,lat,lon\n');
		const notPmtiles = cli('install-basemap', csv);
		expect(notPmtiles.status).toBe(2);
		expect(notPmtiles.stderr).toContain('not a readable PMTiles file');
		const paris = join(dir, 'paris.pmtiles');
		writeFileSync(paris, testBasemap({ bounds: [2.2, 48.8, 2.5, 48.9] }));
		const outside = cli('install-basemap', paris);
		expect(outside.status).toBe(2);
		expect(outside.stderr).toContain('covers no part of Vietnam');
		expect(cli('install-basemap', join(dir, 'missing.pmtiles')).stderr).toContain('no file');
	});
});
