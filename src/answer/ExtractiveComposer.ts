import { contentTerms } from '../text/terms.ts';
import { constraintsOf, satisfies } from './questionConstraints.ts';
import type { AnswerSentence, Citation, Composed, Composer, RetrievedPassage } from './types.ts';

/** When to answer and how much to quote; calibrated on the evaluation set by `npm run eval -- --calibrate`. */
export interface ComposerSettings {
	/** A passage at least this similar to the question is evidence on its own… */
	readonly strongSimilarity: number;
	/** …one at least this similar is evidence when a sentence also covers this share of the question's terms… */
	readonly weakSimilarity: number;
	readonly minCoverage: number;
	/**
	 * …and a sentence holding every term of the question needs only this similarity, with the need falling linearly
	 * from `weakSimilarity` as coverage grows: a question that is little more than names ("Who is Da Wei?", "What did
	 * Bessent discuss with He Lifeng?") is far from any sentence for a sentence encoder.
	 */
	readonly fullCoverageSimilarity: number;
}

/** Universal Sentence Encoder lite's operating point on the seed evaluation set; another model needs its own. */
export const DEFAULT_SETTINGS: ComposerSettings = {
	strongSimilarity: 0.53,
	weakSimilarity: 0.3,
	minCoverage: 0.4,
	fullCoverageSimilarity: 0.1,
};

/** The evidence an answer would rest on: its best sentence's similarity and share of the question's terms. */
export interface Evidence {
	readonly similarity: number;
	readonly coverage: number;
}

/** Whether evidence is strong enough to answer rather than say the corpus does not cover the question. */
export function isCovered(evidence: Evidence, settings: ComposerSettings): boolean {
	if (evidence.similarity >= settings.strongSimilarity) return true;
	if (evidence.coverage < settings.minCoverage) return false;
	const { weakSimilarity, fullCoverageSimilarity, minCoverage } = settings;
	const share = minCoverage >= 1 ? 1 : Math.min(1, (evidence.coverage - minCoverage) / (1 - minCoverage));
	return evidence.similarity >= weakSimilarity - share * (weakSimilarity - fullCoverageSimilarity);
}

/** Passages whose sentences are considered for the answer. */
const CANDIDATE_PASSAGES = 4;
export const MAX_ANSWER_SENTENCES = 3;
/** A further sentence joins the answer only when it scores this close to the best one. */
const FOLLOW_UP_RATIO = 0.85;
/** How much a sentence's share of the question's terms weighs against its passage's similarity. */
const COVERAGE_WEIGHT = 0.5;
const MIN_SENTENCE_CHARS = 25;
/** A further sentence sharing more than this share of its terms with a chosen one would only repeat it. */
const MAX_TERM_OVERLAP = 0.6;
const RELATED_READING = 3;

interface ScoredSentence extends Omit<AnswerSentence, 'n'> {
	readonly source: RetrievedPassage;
	readonly terms: ReadonlySet<string>;
	readonly coverage: number;
	readonly similarity: number;
	readonly score: number;
}

export type Idf = (term: string) => number;

/**
 * Composes answers without a language model: the sentences of the retrieved passages that best match the
 * question, quoted verbatim with footnotes; or "not covered" when the evidence is too weak.
 */
export class ExtractiveComposer implements Composer {
	public constructor(
		private readonly idf: Idf,
		private readonly settings: ComposerSettings = DEFAULT_SETTINGS,
	) {}

	public compose(question: string, retrieved: readonly RetrievedPassage[]): Promise<Composed> {
		const sentences = this.candidates(question, retrieved);
		const best = sentences[0];
		if (!best || !isCovered(best, this.settings)) {
			return Promise.resolve({
				kind: 'not_covered',
				reason: 'not_covered',
				question,
				confidence: 0,
				related: relatedReading(retrieved),
				retrieved,
			});
		}
		const chosen = this.choose(sentences, best);
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
			kind: 'answered',
			question,
			answer,
			sentences: answerSentences,
			citations,
			retrieved,
			confidence: 1,
		});
	}

	/** The evidence features the answer/refuse decision rests on (exposed for calibration). */
	public evidence(question: string, retrieved: readonly RetrievedPassage[]): Evidence {
		const best = this.candidates(question, retrieved)[0];
		return { similarity: best?.similarity ?? 0, coverage: best?.coverage ?? 0 };
	}

	/** Sentences that could answer the question, best first. */
	private candidates(question: string, retrieved: readonly RetrievedPassage[]): ScoredSentence[] {
		const constraints = constraintsOf(question);
		return this.scoreSentences(question, retrieved).filter((sentence) =>
			satisfies(constraints, sentence.text, context(sentence.source)),
		);
	}

	private scoreSentences(question: string, retrieved: readonly RetrievedPassage[]): ScoredSentence[] {
		const questionTerms = [...new Set(contentTerms(question))];
		const totalWeight = questionTerms.reduce((sum, term) => sum + this.idf(term), 0);
		const scored: ScoredSentence[] = [];
		for (const source of retrieved.slice(0, CANDIDATE_PASSAGES)) {
			const { passage } = source;
			passage.sentences.forEach(([start, end], i) => {
				const text = passage.text.slice(start - passage.start, end - passage.start);
				if (text.length < MIN_SENTENCE_CHARS) return;
				const terms = new Set(contentTerms(text));
				const matched = questionTerms.filter((term) => terms.has(term));
				const coverage = totalWeight === 0 ? 0 : matched.reduce((sum, term) => sum + this.idf(term), 0) / totalWeight;
				const similarity = source.sentenceSimilarities[i] ?? 0;
				scored.push({
					text,
					start,
					end,
					source,
					terms,
					coverage,
					similarity,
					score: similarity + COVERAGE_WEIGHT * coverage,
				});
			});
		}
		return scored.sort((a, b) => b.score - a.score);
	}

	private choose(sentences: readonly ScoredSentence[], best: ScoredSentence): ScoredSentence[] {
		const chosen = [best];
		for (const candidate of sentences.slice(1)) {
			if (chosen.length >= MAX_ANSWER_SENTENCES || candidate.score < best.score * FOLLOW_UP_RATIO) break;
			if (chosen.some((sentence) => overlap(sentence.terms, candidate.terms) > MAX_TERM_OVERLAP)) continue;
			chosen.push(candidate);
		}
		// Sentences of one article read best in their original order; articles keep the order of their best sentence.
		const files = [...new Set(chosen.map((sentence) => sentence.source.passage.file))];
		const fileRank = (sentence: ScoredSentence): number => files.indexOf(sentence.source.passage.file);
		return chosen.sort((a, b) => fileRank(a) - fileRank(b) || a.start - b.start);
	}
}

/** What a sentence is read within: its passage and its article's headline and date. */
function context({ passage, article }: RetrievedPassage): string {
	return `${article.title}\n${article.date ?? ''}\n${passage.text}`;
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
	let shared = 0;
	for (const term of a) if (b.has(term)) shared++;
	return shared / Math.max(1, Math.min(a.size, b.size));
}

function relatedReading(retrieved: readonly RetrievedPassage[]): RetrievedPassage[] {
	return retrieved.slice(0, RELATED_READING);
}
