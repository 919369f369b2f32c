import { error } from '@sveltejs/kit';
import { PlanningInputError } from './hotspots';
import { refuseOversizedBody } from '../guards';

/** A JSON object from a request body, or 400 saying what is wrong. */
export async function jsonBody(request: Request): Promise<Record<string, unknown>> {
	let body: unknown;
	try {
		body = await request.json();
	} catch (e) {
		refuseOversizedBody(e);
		body = null;
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) error(400, 'the body must be a JSON object');
	return body as Record<string, unknown>;
}

/** Runs an analysis: input problems answer 400 with their message, anything else 500. */
export async function analysis<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		if (e instanceof PlanningInputError) error(400, e.message);
		throw e;
	}
}

/** ?tier= of a map request: 'export' for a map that leaves the app, 'screen' (the default) otherwise; 400 for anything else. */
export function requestTier(url: URL): 'screen' | 'export' {
	const tier = url.searchParams.get('tier') ?? 'screen';
	if (tier !== 'export' && tier !== 'screen') error(400, 'tier must be screen or export');
	return tier;
}

export const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
export const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
export const number = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
