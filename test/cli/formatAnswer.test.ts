import { describe, expect, it } from 'vitest';
import type { Answered } from '../../src/answer/types.ts';
import { answerJson, formatAnswer } from '../../src/cli/formatAnswer.ts';
import type { ArticleSummary, Passage } from '../../src/corpus/types.ts';

const ARTICLE: ArticleSummary = {
	file: 'wire.jsonl#https://news.example/bridge',
	title: 'Bridge Approved',
	url: 'https://news.example/bridge',
	authors: ['Jane Doe', 'John Roe'],
	publisher: 'The Gazette',
	date: '2024-05-02',
	alsoIn: ['The Herald'],
	passageCount: 1,
};
const PASSAGE: Passage = {
	id: `${ARTICLE.file}#0`,
	file: ARTICLE.file,
	ordinal: 0,
	start: 0,
	end: 48,
	text: 'The council approved the new bridge on Tuesday.',
	sentences: [[0, 48]],
};
const RESULT: Answered = {
	kind: 'answered',
	question: 'What did the council approve?',
	answer: 'The council approved the new bridge on Tuesday. [1]',
	sentences: [{ text: PASSAGE.text, n: 1, start: 0, end: 48 }],
	citations: [{ n: 1, passage: PASSAGE, article: ARTICLE, score: 0.9 }],
	retrieved: [{ passage: PASSAGE, article: ARTICLE, score: 0.9, similarity: 0.8, sentenceSimilarities: [0.8] }],
	confidence: 0.9,
	timings: { totalMs: 12 },
};

describe('formatAnswer', () => {
	it('prints each source with its authors, publisher, date, other outlets and URL', () => {
		const text = formatAnswer(RESULT);
		expect(text).toContain('[1] Bridge Approved — Jane Doe and John Roe, The Gazette, 2 May 2024');
		expect(text).toContain('\n    also in: The Herald\n');
		expect(text).toContain('\n    https://news.example/bridge\n');
	});

	it('adds url and authors to each citation and retrieved passage in --json', () => {
		const json = answerJson(RESULT);
		expect(json.citations[0]).toMatchObject({ url: 'https://news.example/bridge', authors: ['Jane Doe', 'John Roe'] });
		expect(json.retrieved[0]).toMatchObject({ url: 'https://news.example/bridge', alsoIn: ['The Herald'] });
	});

	it('leaves out metadata an article does not have', () => {
		const bare = {
			...RESULT,
			citations: [{ ...RESULT.citations[0]!, article: { file: 'a.txt', title: 'A', passageCount: 1 } }],
		};
		expect(answerJson(bare).citations[0]).not.toHaveProperty('url');
		expect(formatAnswer(bare)).toContain('[1] A (a.txt)\n');
	});
});
