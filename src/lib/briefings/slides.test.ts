import { describe, expect, it } from 'vitest';
import { embedUrl, slideQuery } from './slides';

describe('map slides', () => {
	it('keep the view of a page, never how it is drawn (embed, tier, lang, exact — in any case)', () => {
		expect(slideQuery('?view=106,11,8&embed=0&layers=cases&Tier=screen&lang=en&EXACT=1')).toBe('view=106%2C11%2C8&layers=cases');
	});

	it('are drawn embedded at the export tier, whatever a stored query says', () => {
		const url = new URL(embedUrl({ id: 's1', kind: 'map', title: '', notes: '', page: 'map', query: 'embed=0&view=106,11,8' }, 'vi'), 'http://x');
		expect(url.searchParams.getAll('embed')).toEqual(['1']);
		expect(url.searchParams.get('view')).toBe('106,11,8');
		expect(url.pathname).toBe('/');
	});
});
