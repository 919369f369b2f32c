import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { giStar } from '../../src/lib/analysis/gistar';
import { grid, scatter } from '../../src/lib/analysis/testing';

const dir = mkdtempSync(join(tmpdir(), 'hotspot-cli-'));
const file = (name: string, content?: unknown) => {
	const path = join(dir, name);
	if (content !== undefined) writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
	return path;
};
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], { encoding: 'utf8' });
const points = (coords: { lon: number; lat: number }[], props: (i: number) => Record<string, unknown>) => ({
	type: 'FeatureCollection',
	features: coords.map((c, i) => ({ type: 'Feature', properties: props(i), geometry: { type: 'Point', coordinates: [c.lon, c.lat] } }))
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run cli -- hotspots', () => {
	const cells = grid(8, 1);
	const values = cells.map((_, i) => (i === 27 || i === 28 || i === 35 || i === 36 ? 40 : i % 4));
	const input = file(
		'cells.geojson',
		points(cells, (i) => ({ cases: values[i], name: `cell ${i}` }))
	);

	it('adds gi_z, gi_p and gi_class to every feature, keeping its properties', () => {
		const out = file('hot.geojson');
		const run = cli('hotspots', '--cells', input, '--value', 'cases', '--band-km', '1.5', '--out', out);
		expect(run.stderr).toBe('');
		expect(run.status).toBe(0);
		const fc = JSON.parse(readFileSync(out, 'utf8'));
		const expected = giStar(cells, values, { neighbourhood: { kind: 'distance', bandKm: 1.5 }, fdr: true });
		expect(fc.features.length).toBe(64);
		fc.features.forEach((f: { properties: Record<string, number | string> }, i: number) => {
			expect(f.properties.name).toBe(`cell ${i}`);
			expect(f.properties.gi_z).toBeCloseTo(expected.z[i]!, 10);
			expect(f.properties.gi_p).toBeCloseTo(expected.p[i]!, 10);
			expect(f.properties.gi_class).toBe(expected.classes[i]);
		});
		expect(fc.features[27].properties.gi_class).toBe(3);
	});

	it('chooses the band itself and says which, without --band-km', () => {
		const run = cli('hotspots', '--cells', input, '--value', 'cases', '--out', file('auto.geojson'));
		expect(run.status).toBe(0);
		expect(run.stdout).toMatch(/distance band: [\d.]+ km — /);
	});
});

describe('npm run cli -- plan', () => {
	const centres = [
		{ lon: 106.1, lat: 11.2 },
		{ lon: 106.3, lat: 11.0 }
	];
	const demand = file(
		'demand.geojson',
		points(scatter(150, centres, 0.06, 11), (i) => ({ workers: 10 + (i % 40) }))
	);
	const candidates = file(
		'candidates.geojson',
		points(scatter(30, centres, 0.08, 12), (i) => ({ id: `post-${i}` }))
	);

	it('writes the chosen candidate ids with covered, total, optimal, gap and status (exact)', () => {
		const out = file('plan.json');
		const run = cli('plan', '--demand', demand, '--weight', 'workers', '--candidates', candidates, '--radius-km', '5', '--k', '4', '--exact', '--out', out);
		expect(run.stderr).toBe('');
		expect(run.status).toBe(0);
		const plan = JSON.parse(readFileSync(out, 'utf8'));
		expect(Object.keys(plan)).toEqual(['chosen', 'covered', 'total', 'optimal', 'gap', 'status']);
		expect(plan.status).toBe('optimal');
		expect(plan.chosen.length).toBe(4);
		expect(plan.chosen.every((id: string) => /^post-\d+$/.test(id))).toBe(true);
		expect(plan.optimal).toBe(true);
		expect(plan.gap).toBe(0);
		expect(plan.covered).toBeLessThanOrEqual(plan.total);

		const fastOut = file('fast.json');
		expect(
			cli('plan', '--demand', demand, '--weight', 'workers', '--candidates', candidates, '--radius-km', '5', '--k', '4', '--fast', '--out', fastOut).status
		).toBe(0);
		const fast = JSON.parse(readFileSync(fastOut, 'utf8'));
		expect(fast.covered).toBeLessThanOrEqual(plan.covered);
		// The heuristic reports a gap to its Lagrangian bound, and claims optimality only when it has it.
		expect(fast.gap).toBeGreaterThanOrEqual(0);
		if (fast.optimal) expect(fast.covered).toBe(plan.covered);
	});
});

describe('bad input to the analysis commands', () => {
	const ok = file(
		'ok.geojson',
		points(grid(3, 1), (i) => ({ id: `c${i}`, w: 1 }))
	);
	const cases: [string, string[], RegExp][] = [
		['not GeoJSON', ['hotspots', '--cells', file('bad.txt', 'hello'), '--value', 'w', '--out', file('x.json')], /is not GeoJSON/],
		[
			'not a FeatureCollection',
			['hotspots', '--cells', file('obj.json', { type: 'Point', coordinates: [1, 2] }), '--value', 'w', '--out', file('x.json')],
			/not a GeoJSON FeatureCollection/
		],
		[
			'wrong geometry type',
			[
				'plan',
				'--demand',
				file('lines.geojson', {
					type: 'FeatureCollection',
					features: [
						{
							type: 'Feature',
							properties: { w: 1 },
							geometry: {
								type: 'LineString',
								coordinates: [
									[1, 1],
									[2, 2]
								]
							}
						}
					]
				}),
				'--weight',
				'w',
				'--candidates',
				ok,
				'--radius-km',
				'5',
				'--k',
				'1',
				'--out',
				file('p.json')
			],
			/feature 0 has geometry LineString, expected Point/
		],
		['missing property', ['hotspots', '--cells', ok, '--value', 'cases', '--out', file('x.json')], /feature 0 has no numeric property "cases"/],
		[
			'k larger than candidates',
			['plan', '--demand', ok, '--weight', 'w', '--candidates', ok, '--radius-km', '5', '--k', '10', '--out', file('p.json')],
			/--k 10 is larger than the 9 candidates/
		],
		[
			'negative radius',
			['plan', '--demand', ok, '--weight', 'w', '--candidates', ok, '--radius-km', '-3', '--k', '1', '--out', file('p.json')],
			/--radius-km must be a number ≥ 0, got "-3"/
		],
		['unknown flag', ['plan', '--demand', ok, '--colour', 'red'], /Unknown option '--colour'/],
		['missing file', ['hotspots', '--cells', join(dir, 'nope.geojson'), '--value', 'w', '--out', file('x.json')], /cannot read/]
	];
	for (const [name, args, message] of cases) {
		it(`${name}: one clear line, exit code 2`, () => {
			const run = cli(...args);
			expect(run.status).toBe(2);
			expect(run.stderr.trim()).toMatch(message);
			expect(run.stderr.trim().split('\n').length).toBe(1);
			expect(run.stderr).not.toMatch(/\n\s+at /);
		});
	}
});
