import { describe, expect, it } from 'vitest';
import { embedUrl, mergeSlides, slideQuery, type Slide } from './slides';

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

describe('merging two editors’ slides', () => {
	const slide = (id: string, title = id): Slide => ({ id, kind: 'figures', title, notes: '' });
	it('keeps their order and additions, my edits and additions, and drops what I removed', () => {
		const base = [slide('a'), slide('b'), slide('c')];
		// I renamed b, removed c and added m; they moved c first, removed a and added t.
		const mine = [slide('a'), slide('b', 'b của tôi'), slide('m')];
		const theirs = [slide('c'), slide('b'), slide('t')];
		expect(mergeSlides(base, mine, theirs).map((s) => s.title)).toEqual(['b của tôi', 't', 'm']);
	});
	it('is theirs when I changed nothing, and mine plus theirs when we only added', () => {
		const base = [slide('a')];
		expect(mergeSlides(base, base, [slide('a', 'sửa'), slide('t')]).map((s) => s.title)).toEqual(['sửa', 't']);
		expect(mergeSlides(base, [...base, slide('m')], [...base, slide('t')]).map((s) => s.id)).toEqual(['a', 't', 'm']);
	});
});
