/**
 * The app as an operator runs it: `node scripts/start.js` (what `npm start` runs) in a child process,
 * and HTTP sessions against it as a browser makes them (form login, cookies, SvelteKit form actions).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}

export interface RunningApp {
	child: ChildProcess;
	origin: string;
	output: () => string;
	/** Resolves with the exit code once the process has ended. */
	exited: Promise<number | null>;
}

/**
 * Starts the app on a free port and resolves once it listens. Rejects with its output when it exits
 * first (a refused start resolves `exited` too: use `startProcess` to read such an exit).
 */
export async function startApp(env: Record<string, string>, timeoutMs = 240_000): Promise<RunningApp> {
	const app = await startProcess(env);
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`app did not start in time:\n${app.output()}`)), timeoutMs);
		const check = () => {
			if (app.output().includes('Listening on')) {
				clearTimeout(timer);
				resolve();
			}
		};
		app.child.stdout!.on('data', check);
		app.child.stderr!.on('data', check);
		void app.exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`app exited with ${code}:\n${app.output()}`));
		});
		check();
	});
	return app;
}

/** Spawns the app without waiting for it (for starts that are meant to fail). */
export async function startProcess(env: Record<string, string>): Promise<RunningApp> {
	const port = env.PORT ?? String(await freePort());
	const child = spawn(process.execPath, ['scripts/start.js'], {
		env: { ...process.env, HOST: '127.0.0.1', ...env, PORT: port },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return { child, origin: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Stops the app as an operator does (SIGTERM) and resolves with the seconds it took to exit. */
export async function stopApp(app: RunningApp, signal: NodeJS.Signals = 'SIGTERM'): Promise<number> {
	if (app.child.exitCode !== null || app.child.signalCode !== null) return 0;
	const started = performance.now();
	app.child.kill(signal);
	await app.exited;
	return (performance.now() - started) / 1000;
}

/** A signed-in browser session over plain HTTP. */
export class Session {
	private constructor(
		readonly origin: string,
		private readonly cookie: string
	) {}

	static async signIn(origin: string, email: string, password = DEMO_PASSWORD): Promise<Session> {
		const response = await fetch(`${origin}/login`, {
			method: 'POST',
			headers: { origin, 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ email, password }),
			redirect: 'manual'
		});
		const cookie = response.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		if (!cookie) throw new Error(`sign-in of ${email} failed: ${response.status} ${await response.text()}`);
		return new Session(origin, cookie);
	}

	fetch(path: string, init: RequestInit = {}): Promise<Response> {
		return fetch(`${this.origin}${path}`, {
			...init,
			headers: { origin: this.origin, cookie: this.cookie, ...(init.headers as Record<string, string>) },
			redirect: 'manual'
		});
	}

	/** Posts a JSON body (the app's JSON endpoints). */
	postJson(path: string, body: unknown): Promise<Response> {
		return this.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	}

	/** Posts a form to a SvelteKit action as use:enhance does; the answer's status and body text. */
	async action(path: string, form: FormData): Promise<{ status: number; text: string }> {
		const response = await this.fetch(path, { method: 'POST', body: form, headers: { 'x-sveltekit-action': 'true' } });
		const text = await response.text();
		// Actions answer 200 with {type, status, data}; the status that counts is inside.
		const status = (JSON.parse(text) as { status?: number }).status ?? response.status;
		return { status, text };
	}
}

/** A file field for a form. */
export function fileForm(fields: Record<string, string>, name: string, bytes: Uint8Array): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.set(k, v);
	form.set('file', new File([new Uint8Array(bytes)], name));
	return form;
}
