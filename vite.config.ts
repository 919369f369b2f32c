import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/**
 * Test files that start servers, browsers or background publishers, or time what they do: one at
 * a time, after the rest. The rest (unit tests and SQL tests on a database of their own) run two at
 * a time, one per core of the CI machine.
 */
const ONE_AT_A_TIME = [
	'tests/e2e/**/*.test.ts',
	'tests/server/**/*.test.ts',
	'tests/api/**/*.test.ts',
	'tests/supabase/**/*.test.ts',
	'supabase/tests/publisher.test.ts',
	'src/lib/records/records.test.ts',
	'src/lib/server/planning/compute.test.ts'
];

const app = {
	plugins: [sveltekit()],
	server: { fs: { allow: ['data', 'supabase'] } },
	ssr: {
		// PGlite loads its WebAssembly and the PostGIS bundle from files next to its own module;
		// resvg is a native module.
		external: ['@electric-sql/pglite', '@electric-sql/pglite-postgis', 'pg', '@resvg/resvg-js']
	}
};
const testing = {
	testTimeout: 120_000,
	hookTimeout: 300_000,
	// expect.poll gives up after 1 s by default: too short for a browser journey on a busy 2-core CI
	// machine, where one page-data reload alone can take longer. A poll that never holds still fails.
	expect: { poll: { timeout: 10_000 } }
};

export default defineConfig({
	...app,
	test: {
		// Once for the whole run (the projects do not repeat it): what it provides, every project sees.
		globalSetup: ['tests/global-setup.ts'],
		projects: [
			{
				...app,
				test: {
					...testing,
					name: 'two at a time',
					include: ['src/**/*.test.ts', 'data/**/*.test.ts', 'tests/**/*.test.ts', 'supabase/tests/**/*.test.ts'],
					exclude: ['**/node_modules/**', ...ONE_AT_A_TIME],
					maxWorkers: 2,
					sequence: { groupOrder: 0 }
				}
			},
			{
				...app,
				test: {
					...testing,
					name: 'one at a time',
					include: ONE_AT_A_TIME,
					fileParallelism: false,
					sequence: { groupOrder: 1 }
				}
			}
		]
	}
});
