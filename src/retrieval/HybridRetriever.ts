import { performance } from 'node:perf_hooks';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { RetrievedPassage } from '../answer/types.ts';
import type { ArticleSummary, Passage } from '../corpus/types.ts';
import { AppError } from '../errors.ts';
import { cosine } from '../store/HnswStore.ts';
import { allowedFiles, publicationDay, type ArticleFilters } from './filterArticles.ts';
import { diversify, fuse, type Candidate, type Fusion } from './fuseRankings.ts';
import { preferNewest } from './preferNewest.ts';

/** A ranking as [passage label, score], best first; a backend may answer at once or after a round trip. */
type Ranked = [number, number][] | Promise<[number, number][]>;

/**
 * Sentence-vector search over passages; labels are positions in `passages`. The local backend is an hnswlib store,
 * the Postgres one a pgvector table.
 */
export interface VectorIndex {
	readonly passages: readonly Passage[];
	/** Nearest passages by their closest sentence, with that cosine similarity. */
	search(query: readonly number[], k: number, filter?: { readonly files?: ReadonlySet<string> }): Ranked;
	/** For each label, the stored vector of each sentence of that passage, in order: one round trip for all of them. */
	vectorsOf(labels: readonly number[]): number[][][] | Promise<number[][][]>;
}

/** Full-text ranking over the same passages: BM25, by MiniSearch locally and in SQL over Postgres full-text search. */
export interface TextIndex {
	search(query: string, k: number, files?: ReadonlySet<string>): Ranked;
}

export type RetrievalMode = 'hybrid' | 'vector' | 'lexical';

export interface RetrieveOptions extends ArticleFilters {
	readonly k: number;
	readonly mode?: RetrievalMode;
	readonly fusion?: Fusion;
	readonly context?: RetrievalContext;
	/** Of passages that say the same thing in different articles, keep only the newest article's. */
	readonly newest?: boolean;
}

/** Words searched alongside the question but weighed lower, such as an earlier question's key terms. */
export interface RetrievalContext {
	readonly text: string;
	/** Against the question's 1; 0 ignores the context. */
	readonly weight: number;
	/** Names among the carried words: they stand in for the pronouns of a follow-up when its answer is judged. */
	readonly names?: readonly string[];
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

/** How deep each retriever's list goes before fusion. */
const CANDIDATES = 40;
/** Passages weighed per passage returned when the newest of several that say the same thing is preferred. */
const NEWEST_CANDIDATES = 3;
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

	/**
	 * The passages closest to the question among the articles the filters allow; both retrievers search only those.
	 * @throws AppError('UNKNOWN_SOURCE' | 'UNKNOWN_PUBLISHER' | 'DATE_INVALID' | 'NO_MATCHING_ARTICLES') for filters
	 *   no article can pass.
	 */
	public async retrieve(question: string, options: RetrieveOptions): Promise<Retrieval> {
		const mode = options.mode ?? 'hybrid';
		const files = allowedFiles([...this.articlesByFile.values()], options);
		const depth = Math.max(CANDIDATES, options.k * 3);
		const timed = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
			const start = performance.now();
			return [await work(), performance.now() - start];
		};
		// The full-text search needs no embedding, so it starts first. A database backend answers it asynchronously:
		// yielding once sends its query before embedding holds this thread, and the database works meanwhile.
		const lexicalStart = performance.now();
		const first = mode === 'vector' ? [] : this.lexical.search(question, depth, files);
		const lexical = (async (): Promise<[[number, number][], number]> => {
			const hits = await this.withContext(await first, depth, files, options.context);
			return [hits, performance.now() - lexicalStart];
		})();
		// Awaited below; until then, a failure of the embedding must not leave this one unhandled.
		lexical.catch(() => undefined);
		if (first instanceof Promise) await new Promise(setImmediate);
		const [query, embedMs] = await timed(() => this.queryVector(question, options.context));
		const filter = files === undefined ? undefined : { files };
		const [vectorHits, vectorMs] = await timed(() =>
			mode === 'lexical' ? [] : this.store.search(query, depth, filter),
		);
		const [lexicalHits, lexicalMs] = await lexical;

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
		const wanted = options.newest === true ? options.k * NEWEST_CANDIDATES : options.k;
		const picked = diversify(fused, wanted, (label) => this.store.passages[label]?.file ?? '');
		const vectors = await this.store.vectorsOf(picked.map(([label]) => label));
		const passages = picked.map(([label, score], i) => this.retrieved(query, label, score, vectors[i] ?? []));
		const chosen = options.newest === true ? preferNewest(passages, options.k) : passages;
		return { passages: chosen.map(({ item }) => item), timings: { embedMs, vectorMs, lexicalMs } };
	}

	/** A passage as returned, with the stored vector of its sentence closest to the question. */
	private retrieved(query: readonly number[], label: number, score: number, vectors: readonly number[][]) {
		const passage = this.store.passages[label];
		const article = passage && this.articlesByFile.get(passage.file);
		if (!passage || !article) throw new AppError('INDEX_CORRUPT', `Passage ${label} has no article in the manifest.`);
		const sentenceSimilarities = vectors.map((vector) => cosine(query, vector));
		const similarity = Math.max(...sentenceSimilarities);
		const item: RetrievedPassage = { passage, article, score, similarity, sentenceSimilarities };
		const vector = vectors[sentenceSimilarities.indexOf(similarity)] ?? [];
		return { item, vector, file: passage.file, date: publicationDay(article) };
	}

	/** The question's embedding, or with a context the unit-length blend question + weight × context. */
	private async queryVector(question: string, context: RetrievalContext | undefined): Promise<number[]> {
		const query = await this.embeddings.embedQuery(question);
		if (context === undefined || context.weight <= 0 || context.text.trim() === '') return query;
		const extra = await this.embeddings.embedQuery(context.text);
		const blend = query.map((value, i) => value + context.weight * (extra[i] ?? 0));
		const norm = Math.hypot(...blend) || 1;
		return blend.map((value) => value / norm);
	}

	/** The question's BM25 hits, plus the context's BM25 scaled by its weight. */
	private async withContext(
		hits: [number, number][],
		depth: number,
		files: ReadonlySet<string> | undefined,
		context: RetrievalContext | undefined,
	): Promise<[number, number][]> {
		if (context === undefined || context.weight <= 0 || context.text.trim() === '') return hits;
		const scores = new Map(hits);
		for (const [label, score] of await this.lexical.search(context.text, depth, files)) {
			scores.set(label, (scores.get(label) ?? 0) + context.weight * score);
		}
		return [...scores].sort((a, b) => b[1] - a[1]).slice(0, depth);
	}
}
