import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { analysis, ANALYSES_PER_USER, ANALYSES_WAITING_PER_USER } from './run';
import { PlanningInputError } from './hotspots';

const later = () => {
	let finish!: () => void;
	const done = new Promise<string>((resolve) => (finish = () => resolve('done')));
	return { done, finish };
};
const refusal = (e: unknown) => (isHttpError(e) ? { status: e.status, code: e.body.code } : e);

describe('running an analysis for a request', () => {
	it('runs a few of one user’s analyses at once, queues more in order, refuses a flood with 429, and never holds back another user', async () => {
		const jobs = Array.from({ length: ANALYSES_PER_USER }, later);
		const started: string[] = [];
		const running = jobs.map((j, i) => analysis('planner-a', () => (started.push(`run ${i}`), j.done)));
		// Queued behind the user's own: they start as earlier ones end, in order.
		const queued = Array.from({ length: ANALYSES_WAITING_PER_USER }, (_, i) => analysis('planner-a', async () => (started.push(`queued ${i}`), i)));
		await expect(analysis('planner-a', async () => 'one too many').catch(refusal)).resolves.toEqual({ status: 429, code: 'too_many_analyses' });
		// Another user is not held back by the first one's burst.
		await expect(analysis('planner-b', async () => 'other user')).resolves.toBe('other user');
		expect(started).toEqual(['run 0', 'run 1']);
		jobs[0]!.finish();
		jobs[1]!.finish();
		await Promise.all([...running, ...queued]);
		expect(started.slice(2)).toEqual(Array.from({ length: ANALYSES_WAITING_PER_USER }, (_, i) => `queued ${i}`));
		await expect(analysis('planner-a', async () => 'after the burst')).resolves.toBe('after the burst');
	});

	it('answers bad input with 400 and anything else with a JSON 500, and frees the slot either way', async () => {
		const bad = await analysis('planner-c', async () => {
			throw new PlanningInputError('k must be at least 1');
		}).catch(refusal);
		expect(bad).toEqual({ status: 400, code: undefined });
		const broken = await analysis('planner-c', async () => {
			throw new RangeError('RuntimeError: Aborted()');
		}).catch((e: unknown) => (isHttpError(e) ? { status: e.status, body: e.body } : e));
		expect(broken).toEqual({ status: 500, body: { message: 'the analysis failed: RuntimeError: Aborted()', code: 'analysis_failed' } });
		for (let i = 0; i < ANALYSES_PER_USER + 1; i++) await expect(analysis('planner-c', async () => i)).resolves.toBe(i);
	});
});
