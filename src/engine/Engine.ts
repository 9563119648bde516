import type { AnswerResult, RetrievedPassage } from '../answer/types.ts';
import type { ArticleSummary, Passage } from '../corpus/types.ts';
import type { RetrievalContext } from '../retrieval/HybridRetriever.ts';
import type { AddResult, NewDocument } from './addDocument.ts';

export interface QueryOptions {
	/** Restrict retrieval to one corpus file (its name as in `ArticleSummary.file`). */
	readonly source?: string;
	/** How many passages retrieval returns (default 8). */
	readonly k?: number;
	/** Terms searched alongside the question, weighed lower: what a follow-up leaves out of earlier turns. */
	readonly context?: RetrievalContext;
	/** Called when retrieval is done and the composer starts (which may wait on a language model). */
	readonly onRetrieved?: () => void;
	/** Only articles published on or after this date, as typed: 2025-05-12, 12 May 2025, 2025-05 (from its first day). */
	readonly after?: string;
	/** Only articles published on or before this date, as typed; a month or year counts to its last day. */
	readonly before?: string;
	/** Only articles from this publisher (or syndicated to it); case does not matter. */
	readonly publisher?: string;
	/** Of passages that say the same thing in different articles, keep only the newest article's. */
	readonly newest?: boolean;
}

export interface PassageMatch {
	readonly passage: Passage;
	readonly article: ArticleSummary;
}

export interface IngestSummary {
	readonly files: number;
	readonly passages: number;
	readonly embedded: number;
	readonly reused: number;
	readonly removed: number;
	readonly problems: readonly { file: string; reason: string }[];
	readonly seconds: number;
}

/** The answer engine as its callers (CLI, Discord) see it. Knows nothing of Discord. */
export interface Engine {
	ask(question: string, options?: QueryOptions): Promise<AnswerResult>;
	search(query: string, options?: QueryOptions): Promise<readonly RetrievedPassage[]>;
	/** The indexed articles, in corpus order. */
	sources(): readonly ArticleSummary[];
	/** Passages whose text matches what a user is typing (prefix-aware, fast: for autocomplete). */
	matchPassages(typed: string, limit: number): readonly PassageMatch[];
	passage(id: string): PassageMatch | undefined;
	stats(): { readonly articles: number; readonly passages: number };
}

/** An engine that can rebuild its index from the corpus and swap it in while it keeps answering. */
export interface ReindexableEngine extends Engine {
	/** @throws AppError('REINDEX_IN_PROGRESS') when a rebuild is already running. */
	reindex(onProgress?: (done: number, total: number) => void): Promise<IngestSummary>;
	/**
	 * Saves a document into the corpus and indexes it incrementally; refused (with the reason, nothing written) when the
	 * corpus cannot read it or already has it.
	 * @throws AppError('REINDEX_IN_PROGRESS') when a rebuild is already running.
	 */
	add(document: NewDocument): Promise<AddResult>;
}
