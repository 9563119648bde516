import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SETTINGS,
	ExtractiveComposer,
	isCovered,
	MAX_ANSWER_SENTENCES,
} from '../../src/answer/ExtractiveComposer.ts';
import type { RetrievedPassage } from '../../src/answer/types.ts';
import { chunkArticle } from '../../src/corpus/chunkArticle.ts';

const ARTICLE =
	'The council approved the new bridge on Tuesday. Construction starts in May and will cost 40 million dollars.\n\n' +
	'Residents had campaigned for a crossing for more than a decade. The mayor thanked them at the meeting.';

/** Retrieved passages with chosen similarities per sentence, as the retriever would hand them over. */
function retrieved(similarities: number[][], text = ARTICLE, file = 'bridge.txt'): RetrievedPassage[] {
	const passages = chunkArticle(file, text);
	const article = { file, title: 'Bridge Approved', passageCount: passages.length, date: '2024-05-02' };
	const all = passages.flatMap((passage) => passage.sentences.map((_, i) => ({ passage, i })));
	const perPassage = passages.map((passage) => passage.sentences.map(() => 0));
	similarities.flat().forEach((value, index) => {
		const slot = all[index];
		if (slot) perPassage[passages.indexOf(slot.passage)]![slot.i] = value;
	});
	return passages.map((passage, i) => ({
		passage,
		article,
		score: 1 - i * 0.1,
		similarity: Math.max(...(perPassage[i] ?? [0])),
		sentenceSimilarities: perPassage[i] ?? [],
	}));
}

const composer = new ExtractiveComposer(() => 1);

describe('ExtractiveComposer', () => {
	it('quotes the best sentence verbatim with its footnote and exact offsets', async () => {
		const result = await composer.compose(
			'When does construction of the bridge start?',
			retrieved([[0.5, 0.8, 0.2, 0.1]]),
		);
		expect(result.kind).toBe('answered');
		if (result.kind !== 'answered') return;
		const sentence = result.sentences[0];
		expect(sentence?.text).toBe('Construction starts in May and will cost 40 million dollars.');
		expect(ARTICLE.slice(sentence?.start, sentence?.end)).toBe(sentence?.text);
		expect(result.answer.startsWith('Construction starts in May and will cost 40 million dollars. [1]')).toBe(true);
		expect(result.citations[0]).toMatchObject({ n: 1, article: { file: 'bridge.txt' } });
	});

	it('cites every sentence it quotes, and only passages it was given', async () => {
		const result = await composer.compose(
			'bridge council construction residents',
			retrieved([[0.7, 0.69, 0.68, 0.67]]),
		);
		if (result.kind !== 'answered') throw new Error('expected an answer');
		expect(result.sentences.length).toBeLessThanOrEqual(MAX_ANSWER_SENTENCES);
		for (const sentence of result.sentences) {
			expect(result.answer).toContain(`${sentence.text} [${sentence.n}]`);
			const citation = result.citations.find((item) => item.n === sentence.n);
			expect(citation?.passage.text).toContain(sentence.text);
		}
		expect(
			result.answer.match(/\[(\d+)\]/gu)?.every((marker) => Number(marker.slice(1, -1)) <= result.citations.length),
		).toBe(true);
	});

	it('says the corpus does not cover a question when the evidence is weak, offering related reading', async () => {
		const weak = DEFAULT_SETTINGS.weakSimilarity - 0.05;
		const result = await composer.compose('Who won the football final?', retrieved([[weak, weak, weak, weak]]));
		expect(result.kind).toBe('not_covered');
		if (result.kind !== 'not_covered') return;
		expect(result.related.length).toBeGreaterThan(0);
	});

	it('answers a question that is little more than a name from a sentence holding all its terms', async () => {
		const low = DEFAULT_SETTINGS.fullCoverageSimilarity + 0.05;
		const named = await composer.compose('What did the mayor do?', retrieved([[0.1, 0.1, 0.1, low]]));
		expect(named.kind).toBe('answered');
		if (named.kind !== 'answered') return;
		expect(named.sentences[0]?.text).toBe('The mayor thanked them at the meeting.');
		const partly = await composer.compose('What did the mayor say about taxes?', retrieved([[0.1, 0.1, 0.1, low]]));
		expect(partly.kind).toBe('not_covered');
	});

	it('needs less similarity the more of the question a sentence holds', async () => {
		const settings = { strongSimilarity: 0.6, weakSimilarity: 0.3, minCoverage: 0.4, fullCoverageSimilarity: 0.1 };
		const needed = (coverage: number) =>
			[0.09, 0.11, 0.19, 0.21, 0.29, 0.31].find((similarity) => isCovered({ similarity, coverage }, settings));
		expect([0.3, 0.4, 0.7, 1].map(needed)).toEqual([undefined, 0.31, 0.21, 0.11]);
		expect(isCovered({ similarity: 0.11, coverage: 1 }, { ...settings, minCoverage: 1 })).toBe(true);
		// Just under the weak threshold: enough when the sentence holds two of three terms, not one of two.
		const low = DEFAULT_SETTINGS.weakSimilarity - 0.08;
		const most = await composer.compose(
			'What did the mayor do at the meeting on taxes?',
			retrieved([[0.1, 0.1, 0.1, low]]),
		);
		expect(most.kind).toBe('answered');
		const half = await composer.compose('What did the mayor say about taxes?', retrieved([[0.1, 0.1, 0.1, low]]));
		expect(half.kind).toBe('not_covered');
	});

	it('refuses a question about a year the evidence never mentions', async () => {
		const strong = DEFAULT_SETTINGS.strongSimilarity + 0.1;
		const result = await composer.compose(
			'When did the council approve the bridge in 2019?',
			retrieved([[strong, 0.4, 0.3, 0.2]]),
		);
		expect(result.kind).toBe('not_covered');
	});

	it('answers "how many" only with a sentence that states a quantity', async () => {
		const strong = DEFAULT_SETTINGS.strongSimilarity + 0.1;
		const result = await composer.compose(
			'How much will the bridge cost?',
			retrieved([[strong + 0.05, strong, 0.3, 0.2]]),
		);
		if (result.kind !== 'answered') throw new Error('expected an answer');
		expect(result.sentences[0]?.text).toContain('40 million dollars');
		const none = await composer.compose('How many residents campaigned?', retrieved([[0.2, 0.2, strong, 0.2]]));
		expect(none.kind).toBe('not_covered');
	});

	it('accepts a year that only the article date states', async () => {
		const strong = DEFAULT_SETTINGS.strongSimilarity + 0.1;
		const result = await composer.compose(
			'What did the council approve in 2024?',
			retrieved([[strong, 0.3, 0.2, 0.1]]),
		);
		expect(result.kind).toBe('answered');
	});
});
