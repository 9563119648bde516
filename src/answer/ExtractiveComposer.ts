import type { TextAnalyser } from '../text/analyseText.ts';
import { isEnglish } from '../text/detectLanguage.ts';
import type { AnswerabilityModel } from './AnswerabilityModel.ts';
import { analyseCandidates, profileQuestion, type Candidate, type TermStats } from './candidateFeatures.ts';
import type { AnswerSentence, Citation, ClosestSentence, Composed, Composer, RetrievedPassage } from './types.ts';

export const MAX_ANSWER_SENTENCES = 3;
/** A further sentence sharing more than this share of its terms with a chosen one would only repeat it. */
const MAX_TERM_OVERLAP = 0.6;
const RELATED_READING = 3;

interface Assessed extends Candidate {
	/** The model's probability that this sentence answers the question. */
	readonly probability: number;
}

/**
 * Composes answers without a language model: the sentences of the retrieved passages that best match the
 * question, quoted verbatim with footnotes; or "not covered" when the evidence is too weak.
 */
export class ExtractiveComposer implements Composer {
	public constructor(
		private readonly terms: TermStats,
		private readonly analyser: TextAnalyser,
		private readonly model: AnswerabilityModel,
	) {}

	/** Confidences from which a quote is the answer, and from which it is shown as the closest the articles come. */
	public get bands(): { readonly answer: number; readonly closest: number } {
		return this.model.bands;
	}

	public compose(question: string, retrieved: readonly RetrievedPassage[]): Promise<Composed> {
		const related = relatedReading(retrieved);
		if (!isEnglish(question, (term) => this.terms.documentFrequency(term) > 0)) {
			return Promise.resolve({
				kind: 'not_covered',
				reason: 'unsupported_language',
				question,
				confidence: 0,
				related,
				retrieved,
			});
		}
		const assessed = this.assess(question, retrieved);
		const best = assessed[0];
		const confidence = best ? this.model.confidence(best.probability) : 0;
		const { bands } = this.model;
		if (!best || confidence < bands.closest) {
			return Promise.resolve({
				kind: 'not_covered',
				reason: 'not_covered',
				question,
				confidence,
				related,
				retrieved,
				...(best ? { closest: closestOf(best) } : {}),
			});
		}
		const answered = confidence >= bands.answer;
		// Only a sentence that would answer on its own joins the first: the rest would pad the answer.
		const chosen = withContinuations(answered ? this.choose(assessed, bands.answer) : [best]);
		const citations: Citation[] = [];
		const answerSentences = chosen.map((sentence): AnswerSentence => {
			let citation = citations.find((existing) => existing.passage.id === sentence.source.passage.id);
			if (!citation) {
				const { passage, article, score } = sentence.source;
				citation = { n: citations.length + 1, passage, article, score };
				citations.push(citation);
			}
			return { text: sentence.text, n: citation.n, start: sentence.start, end: sentence.end };
		});
		const answer = answerSentences.map((sentence) => `${sentence.text} [${sentence.n}]`).join(' ');
		return Promise.resolve({
			kind: answered ? 'answered' : 'uncertain',
			question,
			answer,
			sentences: answerSentences,
			citations,
			retrieved,
			confidence,
		});
	}

	/** The candidate sentences with the model's probability that each answers the question, most likely first. */
	public assess(question: string, retrieved: readonly RetrievedPassage[]): Assessed[] {
		const profile = profileQuestion(question, this.terms, this.analyser);
		return analyseCandidates(profile, retrieved, this.analyser)
			.map(({ candidate, features }) => ({ ...candidate, probability: this.model.probability(features) }))
			.sort((a, b) => b.probability - a.probability);
	}

	private choose(assessed: readonly Assessed[], answerBand: number): Assessed[] {
		const [best, ...rest] = assessed;
		if (!best) return [];
		const chosen = [best];
		for (const candidate of rest) {
			if (chosen.length >= MAX_ANSWER_SENTENCES || this.model.confidence(candidate.probability) < answerBand) break;
			if (chosen.some((sentence) => overlap(sentence.terms, candidate.terms) > MAX_TERM_OVERLAP)) continue;
			chosen.push(candidate);
		}
		// Sentences of one article read best in their original order; articles keep the order of their best sentence.
		const files = [...new Set(chosen.map((sentence) => sentence.source.passage.file))];
		const fileRank = (sentence: Assessed): number => files.indexOf(sentence.source.passage.file);
		return chosen.sort((a, b) => fileRank(a) - fileRank(b) || a.start - b.start);
	}
}

/** A sentence that only announces what follows ("…five main areas." then "Those are fentanyl, …"), or ends in a colon. */
const ANNOUNCES = /:\s*$/u;
const CONTINUES = /^(?:those|these|they|this|that|it)\s+(?:are|is|were|was|include[sd]?)\b/iu;

/**
 * Each chosen sentence followed by the next one of its passage when that one carries on what it announced: the list
 * a sentence promises is the answer, not the promise.
 */
function withContinuations(chosen: readonly ClosestSentence[]): ClosestSentence[] {
	const result: ClosestSentence[] = [];
	for (const sentence of chosen) {
		result.push(sentence);
		const { passage } = sentence.source;
		const index = passage.sentences.findIndex(([start]) => start === sentence.start);
		const next = passage.sentences[index + 1];
		if (index < 0 || !next || chosen.some((other) => other.start === next[0] && other.source === sentence.source)) {
			continue;
		}
		const text = passage.text.slice(next[0] - passage.start, next[1] - passage.start);
		if (ANNOUNCES.test(sentence.text) || CONTINUES.test(text)) {
			result.push({ text, start: next[0], end: next[1], source: sentence.source });
		}
	}
	return result.slice(0, MAX_ANSWER_SENTENCES);
}

function closestOf(candidate: Assessed): ClosestSentence {
	return { text: candidate.text, start: candidate.start, end: candidate.end, source: candidate.source };
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
	let shared = 0;
	for (const term of a) if (b.has(term)) shared++;
	return shared / Math.max(1, Math.min(a.size, b.size));
}

function relatedReading(retrieved: readonly RetrievedPassage[]): RetrievedPassage[] {
	return retrieved.slice(0, RELATED_READING);
}
