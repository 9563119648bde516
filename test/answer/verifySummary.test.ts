import { describe, expect, it } from 'vitest';
import { splitMarkers, unsupportedWords } from '../../src/answer/verifySummary.ts';

const SOURCE =
	'President Trump pressed Xi Jinping on Thursday to curb exports of fentanyl, which killed 20,000 people in 2024.';

describe('unsupportedWords', () => {
	it('accepts a paraphrase that reuses the source words in other forms and order', () => {
		expect(unsupportedWords('Xi Jinping was pressed by Trump to curb fentanyl exports.', [SOURCE])).toEqual([]);
		expect(unsupportedWords('Fentanyl killed 20000 people in 2024.', [SOURCE])).toEqual([]);
	});

	it('names each name, number, date and content word the cited sentences do not hold', () => {
		expect(unsupportedWords('Biden pressed Xi on Friday over 30,000 deaths in 2023.', [SOURCE])).toEqual([
			'Biden',
			'Friday',
			'deaths',
			'30,000',
			'2023',
		]);
	});

	it('refuses a negation the source does not make', () => {
		expect(unsupportedWords('Trump did not press Xi.', [SOURCE])).toEqual(['not']);
		expect(unsupportedWords('Trump did not press Xi.', ['Trump did not press Xi.'])).toEqual([]);
	});

	it('reads % as percent both ways', () => {
		expect(unsupportedWords('Rates rose 5 percent.', ['Rates rose 5%.'])).toEqual([]);
		expect(unsupportedWords('Rates rose 5%.', ['Rates rose 5 percent.'])).toEqual([]);
	});

	it('checks against all the sentences cited, not only the first', () => {
		expect(unsupportedWords('Trump pressed Xi, and tariffs fell.', [SOURCE, 'Tariffs fell in May.'])).toEqual([]);
	});
});

describe('splitMarkers', () => {
	it('takes the ids of every marker form off the text', () => {
		expect(splitMarkers('Trump pressed Xi [2]. Tariffs fell [1, 3][4]')).toEqual({
			text: 'Trump pressed Xi. Tariffs fell',
			ids: [2, 1, 3, 4],
		});
		expect(splitMarkers('No markers here.')).toEqual({ text: 'No markers here.', ids: [] });
	});
});
