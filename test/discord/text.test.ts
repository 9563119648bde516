import { describe, expect, it } from 'vitest';
import { escapeText, truncate, truncateStart } from '../../src/discord/text.ts';

describe('truncate', () => {
	it('returns text that fits unchanged', () => {
		expect(truncate('Short. [1]', 100)).toBe('Short. [1]');
	});

	it('cuts at the last sentence boundary, keeping the footnote marker with its sentence', () => {
		const text = 'First sentence here. [1] Second sentence is longer than the room left. [2]';
		const cut = truncate(text, 40);
		expect(cut).toBe('First sentence here. [1]…');
		expect(cut.length).toBeLessThanOrEqual(40);
	});

	it('falls back to a word boundary when no sentence ends early enough', () => {
		const cut = truncate('one two three four five six seven eight nine ten', 20);
		expect(cut).toBe('one two three four…');
		expect(cut.length).toBeLessThanOrEqual(20);
	});

	it('never cuts inside a [n] marker', () => {
		for (let max = 5; max < 60; max += 1) {
			const cut = truncate('Alpha beta gamma delta [12] epsilon zeta eta theta [13] iota', max);
			expect(cut.length).toBeLessThanOrEqual(max);
			expect(cut).not.toMatch(/\[\d*…$|\[\d*$/);
			expect(cut.replace(/\[\d+\]/g, '')).not.toMatch(/[[\]]/);
		}
	});

	it('cuts a single long word hard and never leaves a dangling escape', () => {
		expect(truncate('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`);
		expect(truncate(`${'x'.repeat(8)}\\*tail`, 10)).toBe(`${'x'.repeat(8)}…`);
	});

	it('does not split a surrogate pair', () => {
		const cut = truncate('😀'.repeat(10), 6);
		expect(cut).toBe('😀😀…');
	});
});

describe('truncateStart', () => {
	it('keeps the end of the text from a word boundary, after "…"', () => {
		expect(truncateStart('Short.', 10)).toBe('Short.');
		const cut = truncateStart('one two three four five six seven eight nine ten', 20);
		expect(cut).toBe('…eight nine ten');
		expect(truncateStart('one two three four five six seven eight nine ten', 21)).toBe('…seven eight nine ten');
		expect(cut.length).toBeLessThanOrEqual(20);
	});

	it('does not start inside a surrogate pair', () => {
		expect(truncateStart('😀'.repeat(10), 6)).toBe('…😀😀');
	});
});

describe('escapeText', () => {
	it('escapes markdown so corpus text renders literally', () => {
		expect(escapeText('**bold** _it_ ~~x~~ `code` ||spoiler||')).toBe(
			'\\*\\*bold\\*\\* \\_it\\_ \\~\\~x\\~\\~ \\`code\\` \\|\\|spoiler\\|\\|',
		);
		expect(escapeText('# Heading\n> quote\n- item\n1. first\n-# small')).toBe(
			'\\# Heading\n\\> quote\n\\- item\n1\\. first\n\\-# small',
		);
		expect(escapeText('[click](https://example.com)')).toBe('\\[click](https://example.com)');
	});

	it('neutralises every kind of mention', () => {
		const escaped = escapeText(
			'@everyone @here <@123456789012345678> <@!123456789012345678> <@&123456789012345678> <#123456789012345678>',
		);
		expect(escaped).not.toMatch(/@everyone|@here|<@!?\d+>|<@&\d+>|<#\d+>/);
	});
});
