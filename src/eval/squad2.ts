import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isQuoted } from '../answer/types.ts';
import type { Article } from '../corpus/types.ts';
import type { Engine } from '../engine/Engine.ts';
import { summarise, type Summary } from '../bench/stats.ts';
import { accuracyAt, expectedCalibrationError, rocAuc, type Scored } from './calibration.ts';
import { splitSentences } from '../corpus/splitSentences.ts';

/** SQuAD 2.0's development set as a corpus and questions, used in place from the shared folder beside the repository. */
export const SQUAD2_DIR = fileURLToPath(new URL('../../../shared/benchmarks/squad2/', import.meta.url));
export const SQUAD2_CORPUS = `${SQUAD2_DIR}corpus`;

const questionSchema = z.object({
	id: z.string(),
	split: z.enum(['dev', 'test']),
	file: z.string(),
	title: z.string(),
	paragraph: z.number().int().nonnegative(),
	question: z.string(),
	answers: z.array(z.string()),
	impossible: z.boolean(),
});

export type SquadQuestion = z.infer<typeof questionSchema>;
export type SquadSplit = SquadQuestion['split'];

/** The questions of one split, in file order. @throws Error naming the line that is not a question. */
export async function loadSquadQuestions(split: SquadSplit, dir = SQUAD2_DIR): Promise<SquadQuestion[]> {
	const lines = (await readFile(`${dir}questions.jsonl`, 'utf8')).split('\n');
	const questions: SquadQuestion[] = [];
	lines.forEach((line, i) => {
		if (line.trim() === '') return;
		const parsed = questionSchema.safeParse(JSON.parse(line));
		if (!parsed.success)
			throw new Error(`questions.jsonl line ${i + 1} is not a SQuAD question: ${parsed.error.message}`);
		if (parsed.data.split === split) questions.push(parsed.data);
	});
	return questions;
}

/** A span of an article's cleaned text: [start, end). */
export interface AnswerSpan {
	readonly file: string;
	readonly start: number;
	readonly end: number;
}

/** How far into its sentence an answer's context reaches on each side (the benchmark README's scoring). */
const ANSWER_CONTEXT = 30;

/**
 * Where the gold answers of each answerable question stand in the cleaned articles: every occurrence in the question's
 * paragraph, widened by up to 30 characters of its own sentence on each side. A passage or quoted sentence holds the
 * answer when it holds one such span whole.
 */
export function locateAnswers(
	questions: readonly SquadQuestion[],
	articles: readonly Article[],
): Map<string, AnswerSpan[]> {
	const byFile = new Map(articles.map((article) => [article.file, article]));
	const paragraphs = new Map<string, (readonly [number, number])[]>();
	const paragraphsOf = (article: Article): (readonly [number, number])[] => {
		let spans = paragraphs.get(article.file);
		if (!spans) {
			spans = [];
			const pattern = /[^\n]+/gu;
			for (let match = pattern.exec(article.text); match; match = pattern.exec(article.text)) {
				spans.push([match.index, match.index + match[0].length]);
			}
			paragraphs.set(article.file, spans);
		}
		return spans;
	};
	const located = new Map<string, AnswerSpan[]>();
	for (const question of questions) {
		const article = byFile.get(question.file);
		if (question.impossible || !article) continue;
		// The cleaned text keeps the title as its first line only when it is not metadata; match paragraphs by content.
		const paragraph = findParagraph(article, paragraphsOf(article), question);
		if (!paragraph) continue;
		const [from, to] = paragraph;
		const text = article.text.slice(from, to);
		const sentences = splitSentences(text);
		const spans: AnswerSpan[] = [];
		for (const answer of question.answers) {
			for (let at = text.indexOf(answer); at >= 0; at = text.indexOf(answer, at + 1)) {
				const sentence = sentences.find(({ start, end }) => start <= at && at < end) ?? { start: 0, end: text.length };
				const start = Math.max(sentence.start, at - ANSWER_CONTEXT);
				const end = Math.min(Math.max(sentence.end, at + answer.length), at + answer.length + ANSWER_CONTEXT);
				spans.push({ file: article.file, start: from + start, end: from + end });
			}
		}
		if (spans.length > 0) located.set(question.id, spans);
	}
	return located;
}

/** The paragraph of the question (the corpus file's paragraphs, the title line excluded) in the cleaned text. */
function findParagraph(
	article: Article,
	lines: readonly (readonly [number, number])[],
	question: SquadQuestion,
): readonly [number, number] | undefined {
	const holdsAnswers = (span: readonly [number, number]): boolean =>
		question.answers.some((answer) => article.text.slice(span[0], span[1]).includes(answer));
	const offset = lines.length > 0 && article.text.slice(lines[0]![0], lines[0]![1]) === article.title ? 1 : 0;
	const direct = lines[question.paragraph + offset];
	if (direct && holdsAnswers(direct)) return direct;
	return lines.find(holdsAnswers);
}

/** Whether [start, end) of `file` holds one of the answer spans whole. */
export function holdsAnswer(
	spans: readonly AnswerSpan[] | undefined,
	file: string,
	start: number,
	end: number,
): boolean {
	return spans?.some((span) => span.file === file && span.start >= start && span.end <= end) ?? false;
}

/** The benchmark README's measures, plus how the answer's confidence is calibrated. */
export interface SquadMetrics {
	readonly questions: number;
	readonly answerable: number;
	/** A top-5 passage holds the answer, among answerable questions. */
	readonly hitAt5: number;
	/** Answered, with a quoted sentence holding the answer, among answerable questions. */
	readonly answeredRight: number;
	/** Shown as the closest the articles come, among answerable questions. */
	readonly answerableUncertain: number;
	/** Not covered, among answerable questions. */
	readonly answerableRefused: number;
	/** Not covered or the closest the articles come, among unanswerable questions. */
	readonly unanswerableRefused: number;
	/** (Answerable answered right + unanswerable refused) over all questions. */
	readonly accuracy: number;
	readonly expectedCalibrationError: number;
	/** Accuracy had the answer band started at each confidence, 0.05 to 0.95. */
	readonly curve: readonly { readonly threshold: number; readonly accuracy: number }[];
	/** How well confidence tells answerable from unanswerable questions (area under the ROC curve). */
	readonly auc: number;
	/** Milliseconds per question: the whole answer, and composing it (features and the model) alone. */
	readonly answerMs: Summary;
	readonly composeMs: Summary;
}

/** Asks every question through the engine and scores it as the benchmark's README says. */
export async function evaluateSquad(
	engine: Engine,
	questions: readonly SquadQuestion[],
	answers: ReadonlyMap<string, AnswerSpan[]>,
	onProgress?: (done: number, total: number) => void,
): Promise<SquadMetrics> {
	let hit5 = 0;
	let right = 0;
	let uncertain = 0;
	let refusedAnswerable = 0;
	let refusedUnanswerable = 0;
	const scored: Scored[] = [];
	const answerMs: number[] = [];
	const composeMs: number[] = [];
	for (const [i, question] of questions.entries()) {
		const result = await engine.ask(question.question);
		answerMs.push(result.timings.totalMs);
		composeMs.push(result.timings.composeMs ?? 0);
		const spans = answers.get(question.id);
		const quotes = isQuoted(result) ? result.sentences : result.closest ? [result.closest] : [];
		const file = (n: number | undefined): string | undefined =>
			isQuoted(result)
				? result.citations.find((citation) => citation.n === n)?.passage.file
				: result.closest?.source.passage.file;
		const holds = quotes.some((quote) =>
			holdsAnswer(spans, file('n' in quote ? quote.n : undefined) ?? '', quote.start, quote.end),
		);
		scored.push({
			confidence: result.confidence,
			correct: !question.impossible && holds,
			answerable: !question.impossible,
		});
		if (question.impossible) {
			if (result.kind !== 'answered') refusedUnanswerable++;
		} else {
			if (
				result.retrieved.slice(0, 5).some(({ passage }) => holdsAnswer(spans, passage.file, passage.start, passage.end))
			) {
				hit5++;
			}
			if (result.kind === 'answered' && holds) right++;
			if (result.kind === 'uncertain') uncertain++;
			if (result.kind === 'not_covered') refusedAnswerable++;
		}
		onProgress?.(i + 1, questions.length);
	}
	const answerable = questions.filter((question) => !question.impossible).length;
	const unanswerable = questions.length - answerable;
	const share = (count: number, of: number): number => (of === 0 ? 0 : count / of);
	return {
		questions: questions.length,
		answerable,
		hitAt5: share(hit5, answerable),
		answeredRight: share(right, answerable),
		answerableUncertain: share(uncertain, answerable),
		answerableRefused: share(refusedAnswerable, answerable),
		unanswerableRefused: share(refusedUnanswerable, unanswerable),
		accuracy: share(right + refusedUnanswerable, questions.length),
		expectedCalibrationError: expectedCalibrationError(scored),
		curve: Array.from({ length: 19 }, (_, i) => (i + 1) / 20).map((threshold) => ({
			threshold,
			accuracy: accuracyAt(scored, threshold),
		})),
		auc: rocAuc(
			scored.map((item) => item.confidence),
			scored.map((item) => item.answerable),
		),
		answerMs: summarise(answerMs),
		composeMs: summarise(composeMs),
	};
}
