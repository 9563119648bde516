import { isQuoted, type AnswerResult, type RetrievedPassage } from '../answer/types.ts';
import type { Article } from '../corpus/types.ts';
import type { Engine } from '../engine/Engine.ts';
import { boilerplateIn } from './boilerplate.ts';
import type { EvalQuestion } from './questions.ts';

export interface EvalMetrics {
	readonly questions: number;
	readonly hitAt1: number;
	readonly hitAt5: number;
	readonly mrr: number;
	/** Answered questions whose citations include the evidence, among answerable questions answered. */
	readonly citedEvidence: number;
	readonly unanswerableRefused: number;
	/** Answerable questions told the articles do not cover them. */
	readonly answerableWronglyRefused: number;
	/** Answerable questions given only the closest the articles come: the quote, but not as an answer. */
	readonly answerableHedged: number;
	/** Retrieved passages and answers that contain boilerplate, among all of them. */
	readonly boilerplateLeakage: number;
	readonly failures: readonly string[];
}

interface Span {
	readonly file: string;
	readonly start: number;
	readonly end: number;
}

/** Where each evidence text stands in the cleaned articles. @throws Error when evidence is not article text. */
export function locateEvidence(questions: readonly EvalQuestion[], articles: readonly Article[]): Map<string, Span[]> {
	const byFile = new Map(articles.map((article) => [article.file, article]));
	return new Map(
		questions.map((question) => [
			question.id,
			question.evidence.map((evidence) => {
				const start = byFile.get(evidence.file)?.text.indexOf(evidence.text) ?? -1;
				if (start < 0) throw new Error(`${question.id}: its evidence is not in the cleaned text of ${evidence.file}.`);
				return { file: evidence.file, start, end: start + evidence.text.length };
			}),
		]),
	);
}

/** A passage supports the evidence when it holds at least half of it. */
export function supports(
	item: { passage: { file: string; start: number; end: number } },
	spans: readonly Span[],
): boolean {
	return spans.some((span) => {
		const overlap = Math.min(span.end, item.passage.end) - Math.max(span.start, item.passage.start);
		return item.passage.file === span.file && overlap >= (span.end - span.start) / 2;
	});
}

function firstHit(retrieved: readonly RetrievedPassage[], spans: readonly Span[]): number {
	return retrieved.findIndex((item) => supports(item, spans));
}

/** Runs every question through the engine and scores retrieval, refusals and boilerplate leakage. */
export async function evaluate(
	engine: Engine,
	questions: readonly EvalQuestion[],
	evidence: Map<string, Span[]>,
): Promise<EvalMetrics> {
	let hit1 = 0;
	let hit5 = 0;
	let reciprocal = 0;
	let cited = 0;
	let answeredAnswerable = 0;
	let refusedUnanswerable = 0;
	let refusedAnswerable = 0;
	let hedgedAnswerable = 0;
	let texts = 0;
	let leaks = 0;
	const failures: string[] = [];
	const answerable = questions.filter((question) => question.answerable);
	for (const question of questions) {
		const result: AnswerResult = await engine.ask(question.question);
		for (const text of [...result.retrieved.map((item) => item.passage.text), isQuoted(result) ? result.answer : '']) {
			texts++;
			if (boilerplateIn(text).length > 0) leaks++;
		}
		if (!question.answerable) {
			// The closest the articles come is not an answer: for an unanswerable question it is a refusal.
			if (result.kind !== 'answered') refusedUnanswerable++;
			else failures.push(`${question.id} answered an unanswerable question: ${result.answer.slice(0, 120)}`);
			continue;
		}
		const spans = evidence.get(question.id) ?? [];
		const rank = firstHit(result.retrieved, spans);
		if (rank === 0) hit1++;
		if (rank >= 0 && rank < 5) hit5++;
		if (rank >= 0) reciprocal += 1 / (rank + 1);
		if (rank < 0 || rank >= 5) failures.push(`${question.id} evidence not in the top 5 (rank ${rank + 1 || 'none'})`);
		if (result.kind === 'not_covered') {
			refusedAnswerable++;
			failures.push(`${question.id} refused an answerable question`);
		} else if (result.kind === 'uncertain') {
			hedgedAnswerable++;
			failures.push(
				`${question.id} gave only the closest the articles come (confidence ${result.confidence.toFixed(2)})`,
			);
		} else {
			answeredAnswerable++;
			if (result.citations.some((citation) => supports(citation, spans))) cited++;
			else failures.push(`${question.id} cited other passages than its evidence`);
		}
	}
	const unanswerable = questions.length - answerable.length;
	const share = (count: number, total: number): number => (total === 0 ? 0 : count / total);
	return {
		questions: questions.length,
		hitAt1: share(hit1, answerable.length),
		hitAt5: share(hit5, answerable.length),
		mrr: share(reciprocal, answerable.length),
		citedEvidence: share(cited, answeredAnswerable),
		unanswerableRefused: share(refusedUnanswerable, unanswerable),
		answerableWronglyRefused: share(refusedAnswerable, answerable.length),
		answerableHedged: share(hedgedAnswerable, answerable.length),
		boilerplateLeakage: share(leaks, texts),
		failures,
	};
}
