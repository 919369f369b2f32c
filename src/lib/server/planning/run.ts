import { error, isHttpError, isRedirect } from '@sveltejs/kit';
import { PlanningInputError } from './hotspots';

/**
 * Runs an analysis: input problems answer 400 with their message; anything unexpected (a solver
 * that aborted, a database gone) 500 with what failed, as JSON like every other answer of the API
 * — never the HTML error page. The cause goes to the server's log.
 */
export async function analysis<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		if (isHttpError(e) || isRedirect(e)) throw e;
		if (e instanceof PlanningInputError) error(400, e.message);
		console.error('[analysis] failed:', e);
		error(500, { message: `the analysis failed: ${(e as Error).message || String(e)}`, code: 'analysis_failed' });
	}
}
