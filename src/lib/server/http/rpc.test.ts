import { describe, expect, it } from 'vitest';
import { isHttpError } from '@sveltejs/kit';
import { refusal, refusalFailure, refusalStatus } from './rpc';

describe('one answer for a database refusal', () => {
	it('maps SQLSTATEs as PostgREST does for PTnnn, and by class for the rest', () => {
		expect(refusalStatus('PT401')).toBe(401);
		expect(refusalStatus('PT404')).toBe(404);
		expect(refusalStatus('PT409')).toBe(409);
		expect(refusalStatus('42501')).toBe(403);
		for (const bad of ['22023', '22P02', '22007', '23505', '23514', 'P0001']) expect(refusalStatus(bad), bad).toBe(400);
		for (const busy of ['53100', '40001', '40P01', '57014']) expect(refusalStatus(busy), busy).toBe(503);
		expect(refusalStatus('XX000')).toBe(502);
		expect(refusalStatus(undefined)).toBe(502);
	});

	it('sends the words with the hint, and the code apart, from an endpoint and from a form action', () => {
		const e = { code: 'PT409', message: 'changed since you opened it', hint: 'reload' };
		try {
			refusal(e);
			expect.unreachable();
		} catch (thrown) {
			expect(isHttpError(thrown)).toBe(true);
			expect(thrown).toMatchObject({ status: 409, body: { message: 'changed since you opened it (reload)', code: 'PT409', hint: 'reload' } });
		}
		const failure = refusalFailure({ code: '42501', message: 'not yours', hint: '' }, { kind: 'outreach' });
		expect(failure.status).toBe(403);
		expect(failure.data).toEqual({ kind: 'outreach', message: 'not yours', code: '42501' });
	});
});
