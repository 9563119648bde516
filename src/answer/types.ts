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

export interface Timings {
	readonly totalMs: number;
	readonly embedMs?: number;
	readonly vectorMs?: number;
	readonly lexicalMs?: number;
	readonly composeMs?: number;
}

export interface Answered {
	readonly kind: 'answered';
	readonly question: string;
	/** The sentences joined, each followed by its marker: `Sentence one. [1] Sentence two. [2]` */
	readonly answer: string;
	readonly sentences: readonly AnswerSentence[];
	readonly citations: readonly Citation[];
	readonly retrieved: readonly RetrievedPassage[];
	readonly timings: Timings;
}

/** The corpus does not support an answer: a normal outcome, not an error. */
export interface NotCovered {
	readonly kind: 'not_covered';
	readonly question: string;
	/** Closest passages, offered as related reading. */
	readonly related: readonly RetrievedPassage[];
	readonly retrieved: readonly RetrievedPassage[];
	readonly timings: Timings;
}

export type AnswerResult = Answered | NotCovered;

/** Turns retrieved passages into an answer; an LLM-backed composer can implement the same contract. */
export interface Composer {
	compose(
		question: string,
		retrieved: readonly RetrievedPassage[],
	): Promise<Omit<Answered, 'timings'> | Omit<NotCovered, 'timings'>>;
}
