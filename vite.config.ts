import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { fs: { allow: ['data', 'supabase'] } },
	ssr: {
		// PGlite loads its WebAssembly and the PostGIS bundle from files next to its own module;
		// resvg is a native module.
		external: ['@electric-sql/pglite', '@electric-sql/pglite-postgis', 'pg', '@resvg/resvg-js']
	},
	test: {
		include: ['src/**/*.test.ts', 'data/**/*.test.ts', 'tests/**/*.test.ts', 'supabase/tests/**/*.test.ts'],
		globalSetup: ['tests/global-setup.ts'],
		testTimeout: 120_000,
		hookTimeout: 300_000,
		fileParallelism: false,
		// expect.poll gives up after 1 s by default: too short for a browser journey on a busy 2-core CI
		// machine, where one page-data reload alone can take longer. A poll that never holds still fails.
		expect: { poll: { timeout: 10_000 } }
	}
});
