import type { ArticleSummary, Passage } from '../corpus/types.ts';

/** A passage as retrieval ranked it. `score` is comparable only within one result list. */
export interface RetrievedPassage {
	readonly passage: Passage;
	readonly article: ArticleSummary;
	readonly score: number;
	/** Cosine similarity between the question's embedding and that of the passage's closest sentence. */
	readonly similarity: number;
	/** The same for each of `passage.sentences`, in order. */
	readonly sentenceSimilarities: readonly number[];
}

/** Footnote `[n]` of an answer: the passage that backs one or more answer sentences. */
export interface Citation {
	readonly n: number;
	readonly passage: Passage;
	readonly article: ArticleSummary;
	readonly score: number;
}

/** One sentence of an answer, quoted verbatim from `citation`'s passage at [start, end) of the article text. */
export interface AnswerSentence {
	readonly text: string;
	readonly n: number;
	readonly start: number;
	readonly end: number;
}

/**
 * Where an answer's time went. On a database backend the full-text search runs while the question is embedded and
 * searched by vector, so `lexicalMs` overlaps `embedMs` and `vectorMs` there; locally the stages add up.
 */
export interface Timings {
	readonly totalMs: number;
	readonly embedMs?: number;
	readonly vectorMs?: number;
	readonly lexicalMs?: number;
	readonly composeMs?: number;
}

/** Which composer wrote a result. */
export type ComposerName = 'extractive' | 'llm';

/** Why the extractive composer stood in for the language model. */
export type FallbackReason =
	| 'timeout'
	| 'unreachable'
	| 'rate_limited'
	| 'server_error'
	| 'model_error'
	| 'invalid_output'
	| 'ids_out_of_range'
	| 'busy';

/** Who composed a result; absent fields mean the extractive composer, as configured. */
interface Provenance {
	readonly composer?: ComposerName;
	/** Set when the language model was configured but the extractive composer answered instead. */
	readonly fallback?: FallbackReason;
	/** The standalone question searched for and answered, when a follow-up was rewritten into one; `question` stays as typed. */
	readonly searchedFor?: string;
}

/** A sentence a language model wrote, shown only because every word it asserts is in the sentences it cites. */
export interface SummarySentence {
	/** The sentence without its markers. */
	readonly text: string;
	/** The footnotes `[n]` of the quoted sentences it rests on. */
	readonly citations: readonly number[];
}

/** Sentences quoted from the articles with their footnotes: an answer, or the closest the articles come to one. */
interface Quoted extends Provenance {
	readonly question: string;
	/** The sentences joined, each followed by its marker: `Sentence one. [1] Sentence two. [2]` */
	readonly answer: string;
	readonly sentences: readonly AnswerSentence[];
	readonly citations: readonly Citation[];
	readonly retrieved: readonly RetrievedPassage[];
	/** Calibrated probability (0–1) that the quoted sentences answer the question. */
	readonly confidence: number;
	readonly timings: Timings;
	/** The model's answer in its own words, only the sentences that passed verification (LLM composer). */
	readonly summary?: readonly SummarySentence[];
}

/** The articles answer the question: the quoted sentences say it. */
export interface Answered extends Quoted {
	readonly kind: 'answered';
}

/** The articles may not answer the question directly; the quote is the closest they come, never shown as an answer. */
export interface Uncertain extends Quoted {
	readonly kind: 'uncertain';
}

/** The sentence the answerability model found likeliest to answer a question it would not answer. */
export interface ClosestSentence {
	readonly text: string;
	readonly start: number;
	readonly end: number;
	readonly source: RetrievedPassage;
}

/** Why nothing is quoted: the articles do not cover the question, or it is in a language the model does not read. */
export type NotCoveredReason = 'not_covered' | 'unsupported_language';

/** The corpus does not support an answer: a normal outcome, not an error. */
export interface NotCovered extends Provenance {
	readonly kind: 'not_covered';
	readonly reason: NotCoveredReason;
	readonly question: string;
	/** Calibrated probability (0–1) that the best candidate sentence would have answered the question. */
	readonly confidence: number;
	/** Closest passages, offered as related reading. */
	readonly related: readonly RetrievedPassage[];
	/** The candidate sentence that came closest to answering, when there was one. */
	readonly closest?: ClosestSentence;
	readonly retrieved: readonly RetrievedPassage[];
	readonly timings: Timings;
}

export type AnswerResult = Answered | Uncertain | NotCovered;

/** A result that quotes sentences with footnotes (an answer or the closest the articles come). */
export type QuotedResult = Answered | Uncertain;

export function isQuoted(result: AnswerResult): result is QuotedResult {
	return result.kind !== 'not_covered';
}

/** A result as a composer returns it, before the engine adds timings. */
export type Composed = Omit<Answered, 'timings'> | Omit<Uncertain, 'timings'> | Omit<NotCovered, 'timings'>;

/** Turns retrieved passages into an answer; an LLM-backed composer can implement the same contract. */
export interface Composer {
	compose(question: string, retrieved: readonly RetrievedPassage[]): Promise<Composed>;
}
