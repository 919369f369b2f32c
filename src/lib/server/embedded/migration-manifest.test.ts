import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { migrationChecksum, readMigrations } from './migrate';

/**
 * supabase/migration-checksums.txt holds every landed migration's checksum. A file whose checksum
 * differs was edited after it landed: databases that applied it keep the old body (and the
 * embedded server refuses to start on them), so the change belongs in a new migration.
 */
describe('landed migrations', () => {
	const manifest = new Map(
		readFileSync('supabase/migration-checksums.txt', 'utf8')
			.split('\n')
			.filter((line) => line.trim())
			.map((line) => {
				const [version, sha256, name] = line.split(' ');
				return [version!, { sha256: sha256!, name: name! }];
			})
	);
	const migrations = readMigrations('supabase/migrations');

	it('are never edited, and every migration has its checksum line', () => {
		const problems: string[] = [];
		for (const m of migrations) {
			const sha256 = migrationChecksum(m.sql);
			const known = manifest.get(m.version);
			if (!known) problems.push(`new migration ${m.version}_${m.name}: add to supabase/migration-checksums.txt the line "${m.version} ${sha256} ${m.name}"`);
			else if (known.sha256 !== sha256)
				problems.push(`migration ${m.version}_${m.name} was edited after it landed: restore it and put the change in a new migration`);
		}
		for (const [version, { name }] of manifest)
			if (!migrations.some((m) => m.version === version)) problems.push(`migration ${version}_${name} was removed after it landed`);
		expect(problems).toEqual([]);
	});
});
