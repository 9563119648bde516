import { describe, expect, it } from 'vitest';
import { AnswerabilityModel } from '../../src/answer/AnswerabilityModel.ts';
import { FEATURE_NAMES } from '../../src/answer/candidateFeatures.ts';
import { createExtractiveComposer } from '../../src/answer/createExtractiveComposer.ts';
import { ExtractiveComposer, MAX_ANSWER_SENTENCES } from '../../src/answer/ExtractiveComposer.ts';
import type { RetrievedPassage } from '../../src/answer/types.ts';
import { chunkArticle } from '../../src/corpus/chunkArticle.ts';
import { createTextAnalyser } from '../../src/text/analyseText.ts';
import { contentTerms } from '../../src/text/terms.ts';

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

/** Every term of the article is equally rare, so only the features under test move the model. */
const articleTerms = new Set(contentTerms(ARTICLE));
const terms = { idf: () => 1, documentFrequency: (term: string) => (articleTerms.has(term) ? 1 : 0) };
const analyser = createTextAnalyser();

/**
 * A model that reads similarity alone, so each test chooses the kind of result through the similarities it hands
 * over: log-odds −4 up to 0.35, −2 up to 0.44, −0.5 (confidence 0.38, the middle band) up to 0.5, 1 up to 0.7 and 3
 * above; confidence is the probability itself, answering from 0.5 and showing the closest quote from 0.25.
 */
function similarityModel(): AnswerabilityModel {
	const feature = FEATURE_NAMES.indexOf('similarity');
	const steps: [number, number][] = [
		[0.35, -4],
		[0.44, -2],
		[0.5, -0.5],
		[0.7, 1],
	];
	// A chain of splits: node 2i tests steps[i], its left child is that step's leaf, its right the next test.
	const tree = steps.flatMap(([threshold, value], i) => [
		{ feature, threshold, left: 2 * i + 1, right: 2 * i + 2 },
		{ value },
	]);
	tree.push({ value: 3 } as never);
	return AnswerabilityModel.fromJson(
		JSON.stringify({
			version: 1,
			features: FEATURE_NAMES,
			base: 0,
			trees: [tree],
			calibration: { a: 1, b: 0 },
			bands: { answer: 0.5, closest: 0.25 },
			trainedOn: {},
		}),
		'test model',
	);
}

const composer = new ExtractiveComposer(terms, analyser, similarityModel());

describe('ExtractiveComposer', () => {
	it('quotes the best sentence verbatim with its footnote, exact offsets and confidence', async () => {
		const result = await composer.compose(
			'When does construction of the bridge start?',
			retrieved([[0.5, 0.8, 0.2, 0.1]]),
		);
		expect(result.kind).toBe('answered');
		if (result.kind !== 'answered') return;
		const sentence = result.sentences[0];
		expect(sentence?.text).toBe('Construction starts in May and will cost 40 million dollars.');
		expect(ARTICLE.slice(sentence?.start, sentence?.end)).toBe(sentence?.text);
		expect(result.answer).toBe('Construction starts in May and will cost 40 million dollars. [1]');
		expect(result.citations[0]).toMatchObject({ n: 1, article: { file: 'bridge.txt' } });
		expect(result.confidence).toBeCloseTo(1 / (1 + Math.exp(-3)), 5);
	});

	it('cites every sentence it quotes, and only passages it was given', async () => {
		const result = await composer.compose(
			'bridge council construction residents',
			retrieved([[0.9, 0.89, 0.88, 0.87]]),
		);
		if (result.kind !== 'answered') throw new Error('expected an answer');
		expect(result.sentences.length).toBeGreaterThan(1);
		expect(result.sentences.length).toBeLessThanOrEqual(MAX_ANSWER_SENTENCES);
		for (const sentence of result.sentences) {
			expect(result.answer).toContain(`${sentence.text} [${sentence.n}]`);
			const citation = result.citations.find((item) => item.n === sentence.n);
			expect(citation?.passage.text).toContain(sentence.text);
		}
	});

	it('adds a further sentence only when it would answer on its own', async () => {
		const result = await composer.compose('When does construction start?', retrieved([[0.45, 0.8, 0.3, 0.2]]));
		if (result.kind !== 'answered') throw new Error('expected an answer');
		expect(result.sentences.map(({ text }) => text)).toEqual([
			'Construction starts in May and will cost 40 million dollars.',
		]);
	});

	it('shows the closest sentence, not an answer, when the confidence is in the middle band', async () => {
		const result = await composer.compose('When does construction start?', retrieved([[0.2, 0.46, 0.1, 0.1]]));
		expect(result.kind).toBe('uncertain');
		if (result.kind !== 'uncertain') return;
		expect(result.sentences.map(({ text }) => text)).toEqual([
			'Construction starts in May and will cost 40 million dollars.',
		]);
		expect(result.confidence).toBeGreaterThanOrEqual(0.25);
		expect(result.confidence).toBeLessThan(0.5);
	});

	it('says the corpus does not cover a question when no sentence comes close, offering related reading', async () => {
		const result = await composer.compose('Who won the football final?', retrieved([[0.2, 0.3, 0.2, 0.1]]));
		expect(result.kind).toBe('not_covered');
		if (result.kind !== 'not_covered') return;
		expect(result.reason).toBe('not_covered');
		expect(result.related.length).toBeGreaterThan(0);
		expect(result.closest?.text).toBe('Construction starts in May and will cost 40 million dollars.');
	});

	it('quotes the list a sentence announces, not only the announcement', async () => {
		const text =
			'The talks will address five main areas, officials said. Those are fentanyl, farm purchases, export controls, ' +
			'shipping fees and rare earths. The meeting ends on Friday.';
		const result = await composer.compose(
			'What are the five main areas of the talks?',
			retrieved([[0.8, 0.3, 0.2]], text, 'talks.txt'),
		);
		if (result.kind !== 'answered') throw new Error('expected an answer');
		expect(result.sentences.map((sentence) => sentence.text)).toEqual([
			'The talks will address five main areas, officials said.',
			'Those are fentanyl, farm purchases, export controls, shipping fees and rare earths.',
		]);
	});

	it('says it only reads English when asked in another language', async () => {
		const result = await composer.compose(
			'¿Cuándo empieza la construcción del puente?',
			retrieved([[0.9, 0.9, 0.9, 0.9]]),
		);
		expect(result).toMatchObject({ kind: 'not_covered', reason: 'unsupported_language' });
	});
});

describe('ExtractiveComposer with the shipped answerability model', () => {
	const shipped = createExtractiveComposer({ lexical: terms }, { analyser, model: AnswerabilityModel.load() });

	it('refuses a question about a year the passage never mentions', async () => {
		const result = await shipped.compose(
			'When did the council approve the bridge in 2019?',
			retrieved([[0.7, 0.4, 0.3, 0.2]]),
		);
		expect(result.kind).not.toBe('answered');
	});

	it('prefers the sentence that holds the kind of answer asked for', async () => {
		const result = await shipped.compose('How much will the bridge cost?', retrieved([[0.62, 0.6, 0.3, 0.2]]));
		if (result.kind === 'not_covered') throw new Error('expected a quote');
		expect(result.sentences[0]?.text).toContain('40 million dollars');
	});
});
