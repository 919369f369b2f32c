import { describe, expect, it } from 'vitest';
import { messages } from './messages';

describe('messages', () => {
	it('has every key in both languages, none empty', () => {
		expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.vi).sort());
		for (const [locale, table] of Object.entries(messages)) {
			for (const [key, text] of Object.entries(table)) expect(text.trim(), `${locale}.${key}`).not.toBe('');
		}
	});
});
