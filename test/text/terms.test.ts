import { describe, expect, it } from 'vitest';
import { contentTerms, normaliseTerm } from '../../src/text/terms.ts';

describe('terms', () => {
	it('matches irregular verb forms to their base, as stemming matches regular ones', () => {
		expect(normaliseTerm('spoken')).toBe(normaliseTerm('speak'));
		expect(normaliseTerm('held')).toBe(normaliseTerm('hold'));
		expect(normaliseTerm('wrote')).toBe(normaliseTerm('written'));
		expect(normaliseTerm('raised')).toBe(normaliseTerm('raise'));
	});

	it('keeps words that only look like irregular forms in news apart', () => {
		expect(normaliseTerm('Fed')).not.toBe(normaliseTerm('feed'));
		expect(normaliseTerm('ground')).not.toBe(normaliseTerm('grind'));
	});

	it('drops function words and reporting verbs in every form', () => {
		expect(contentTerms('What did Neil Thomas say?')).toEqual(contentTerms('Neil Thomas said'));
		expect(contentTerms('The officials were told')).toEqual(['offici']);
	});
});
