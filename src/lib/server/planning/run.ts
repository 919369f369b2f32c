import { error, isHttpError, isRedirect } from '@sveltejs/kit';
import { PlanningInputError } from './hotspots';

/**
 * Runs an analysis: input problems answer 400 with their message; anything unexpected (a solver
 * that aborted, a database gone) 500 with what failed, as JSON like every other answer of the API
 * — never the HTML error page. The cause goes to the server's log. At most ANALYSES_PER_USER of
 * one user's run at once; more wait (claim).
 */
export async function analysis<T>(user: string | null, run: () => Promise<T>): Promise<T> {
	const release = user ? await claim(user) : () => {};
	try {
		return await run();
	} catch (e) {
		if (isHttpError(e) || isRedirect(e)) throw e;
		if (e instanceof PlanningInputError) error(400, e.message);
		console.error('[analysis] failed:', e);
		error(500, { message: `the analysis failed: ${(e as Error).message || String(e)}`, code: 'analysis_failed' });
	} finally {
		release();
	}
}

/**
 * Analyses one user runs at once; more of theirs wait their turn (a briefing opens several analysed
 * slides together), up to ANALYSES_WAITING_PER_USER, beyond which the request is refused (429).
 * So one user's burst queues behind itself, never in front of everyone else's work.
 */
export const ANALYSES_PER_USER = 2;
export const ANALYSES_WAITING_PER_USER = 8;
const users = new Map<string, { running: number; waiting: (() => void)[] }>();

/** Takes one of the user's slots (waiting for it when all are busy); the returned function gives it back. */
async function claim(user: string): Promise<() => void> {
	let state = users.get(user);
	if (!state) users.set(user, (state = { running: 0, waiting: [] }));
	if (state.running >= ANALYSES_PER_USER) {
		if (state.waiting.length >= ANALYSES_WAITING_PER_USER) {
			error(429, {
				message: `you already have ${state.running + state.waiting.length} analyses running or waiting: wait for them to finish, then try again`,
				code: 'too_many_analyses'
			});
		}
		await new Promise<void>((resolve) => state.waiting.push(resolve));
	}
	state.running++;
	let released = false;
	return () => {
		if (released) return;
		released = true;
		state.running--;
		const next = state.waiting.shift();
		if (next) next();
		else if (state.running === 0) users.delete(user);
	};
}
