import { performance } from 'node:perf_hooks';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { RetrievedPassage } from '../answer/types.ts';
import type { ArticleSummary, Passage } from '../corpus/types.ts';
import { AppError } from '../errors.ts';
import { diversify, fuse, type Candidate, type Fusion } from './fuseRankings.ts';

/** A ranking as [passage label, score], best first; a backend may answer at once or after a round trip. */
type Ranked = [number, number][] | Promise<[number, number][]>;

/**
 * Sentence-vector search over passages; labels are positions in `passages`. The local backend is an hnswlib store,
 * the Postgres one a pgvector table.
 */
export interface VectorIndex {
	readonly passages: readonly Passage[];
	/** Nearest passages by their closest sentence, with that cosine similarity. */
	search(query: readonly number[], k: number, filter?: { readonly file?: string }): Ranked;
	/** Cosine similarity between `query` and each sentence of the passage at `label`. */
	sentenceSimilarities(query: readonly number[], label: number): number[] | Promise<number[]>;
}

/** Full-text ranking over the same passages (BM25 locally, Postgres full-text search in the database). */
export interface TextIndex {
	search(query: string, k: number, file?: string): Ranked;
}

export type RetrievalMode = 'hybrid' | 'vector' | 'lexical';

export interface RetrieveOptions {
	readonly k: number;
	readonly source?: string;
	readonly mode?: RetrievalMode;
	readonly fusion?: Fusion;
}

export interface RetrievalTimings {
	readonly embedMs: number;
	readonly vectorMs: number;
	readonly lexicalMs: number;
}

export interface Retrieval {
	readonly passages: RetrievedPassage[];
	readonly timings: RetrievalTimings;
}

/** Files named in the error for an unknown source. */
const SOURCES_LISTED = 5;
/** How deep each retriever's list goes before fusion. */
const CANDIDATES = 40;
/** Vector search and BM25 over the same passages, fused and diversified by article. */
export class HybridRetriever {
	private readonly articlesByFile: Map<string, ArticleSummary>;

	public constructor(
		private readonly embeddings: EmbeddingsInterface,
		private readonly store: VectorIndex,
		private readonly lexical: TextIndex,
		articles: readonly ArticleSummary[],
	) {
		this.articlesByFile = new Map(articles.map((article) => [article.file, article]));
	}

	/** @throws AppError('UNKNOWN_SOURCE') when `source` names no indexed file. */
	public async retrieve(question: string, options: RetrieveOptions): Promise<Retrieval> {
		const mode = options.mode ?? 'hybrid';
		if (options.source !== undefined && !this.articlesByFile.has(options.source)) {
			const files = [...this.articlesByFile.keys()];
			const listed = files.slice(0, SOURCES_LISTED).join(', ');
			const more = files.length > SOURCES_LISTED ? ` and ${files.length - SOURCES_LISTED} more` : '';
			throw new AppError(
				'UNKNOWN_SOURCE',
				`No indexed article is called ${options.source}; the index has ${listed}${more}.`,
			);
		}
		const depth = Math.max(CANDIDATES, options.k * 3);
		let start = performance.now();
		const query = await this.embeddings.embedQuery(question);
		const embedMs = performance.now() - start;

		start = performance.now();
		const filter = options.source === undefined ? undefined : { file: options.source };
		const vectorHits = mode === 'lexical' ? [] : await this.store.search(query, depth, filter);
		const vectorMs = performance.now() - start;

		start = performance.now();
		const lexicalHits = mode === 'vector' ? [] : await this.lexical.search(question, depth, options.source);
		const lexicalMs = performance.now() - start;

		const candidates = new Map<number, Candidate>();
		vectorHits.forEach(([label, similarity], vectorRank) => {
			candidates.set(label, { label, similarity, lexical: 0, vectorRank });
		});
		// A passage vector search did not return has no sentence closer than the last one it did return: use that
		// bound instead of scoring its sentences one by one (reading vectors back from hnswlib costs ~40 µs each).
		const similarityBound = vectorHits.at(-1)?.[1] ?? 0;
		lexicalHits.forEach(([label, lexical], lexicalRank) => {
			const seen = candidates.get(label);
			candidates.set(label, { ...seen, label, similarity: seen?.similarity ?? similarityBound, lexical, lexicalRank });
		});
		const fused = fuse([...candidates.values()], mode === 'hybrid' ? (options.fusion ?? 'convex') : mode);
		const picked = diversify(fused, options.k, (label) => this.store.passages[label]?.file ?? '');
		const passages = await Promise.all(
			picked.map(async ([label, score]): Promise<RetrievedPassage> => {
				const passage = this.store.passages[label];
				const article = passage && this.articlesByFile.get(passage.file);
				if (!passage || !article) {
					throw new AppError('INDEX_CORRUPT', `Passage ${label} has no article in the manifest.`);
				}
				const sentenceSimilarities = await this.store.sentenceSimilarities(query, label);
				return { passage, article, score, similarity: Math.max(...sentenceSimilarities), sentenceSimilarities };
			}),
		);
		return { passages, timings: { embedMs, vectorMs, lexicalMs } };
	}
}
