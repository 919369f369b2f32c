import { error } from '@sveltejs/kit';
import { PlanningInputError } from './hotspots';

/** Runs an analysis: input problems answer 400 with their message, anything else 500. */
export async function analysis<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		if (e instanceof PlanningInputError) error(400, e.message);
		throw e;
	}
}
