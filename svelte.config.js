import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// The offline service worker is for district officials only: the root layout registers it for them.
		serviceWorker: { register: false },
		// Everything the app loads comes from its own origin: the app must work air-gapped.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// MapLibre runs its worker from a blob URL.
				'worker-src': ['self', 'blob:'],
				'child-src': ['self', 'blob:'],
				'img-src': ['self', 'data:', 'blob:'],
				'style-src': ['self', 'unsafe-inline'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'frame-ancestors': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
