import { performance } from 'node:perf_hooks';
import type { AnswerResult, Composer } from '../answer/types.ts';
import type { ArticleSummary } from '../corpus/types.ts';
import type { EmbeddingModel } from '../embeddings/types.ts';
import { AppError } from '../errors.ts';
import type { Fusion } from '../retrieval/fuseRankings.ts';
import {
	HybridRetriever,
	type RetrievalContext,
	type RetrievalMode,
	type TextIndex,
	type VectorIndex,
} from '../retrieval/HybridRetriever.ts';
import type { Engine, PassageMatch, QueryOptions } from './Engine.ts';

export const DEFAULT_K = 8;
/** Longest question the engine embeds; longer input is cut (Discord allows 6,000 characters). */
export const MAX_QUESTION_CHARS = 1_000;

/** What an engine serves from, whichever backend holds it (a local index directory, or Postgres). */
export interface ServedIndex {
	readonly articles: readonly ArticleSummary[];
	readonly store: VectorIndex;
	readonly lexical: TextIndex & {
		/** Passages containing every word typed so far, the last one as a prefix: for autocomplete. */
		matchPrefix(typed: string, k: number): number[];
	};
}

export interface EngineParts {
	readonly index: ServedIndex;
	readonly embeddings: EmbeddingModel;
	readonly composer: Composer;
}

function normaliseQuestion(question: string): string {
	const trimmed = question.replace(/\s+/gu, ' ').trim().slice(0, MAX_QUESTION_CHARS);
	if (trimmed.length === 0) throw new AppError('INPUT_INVALID', 'The question is empty.');
	return trimmed;
}

/**
 * A follow-up as its answer is judged: with the names of the earlier turns it refers back to ("What did he tweet?"
 * is about Trump). Retrieval keeps the question as asked and weighs the carried words itself.
 */
function standalone(question: string, context: RetrievalContext | undefined): string {
	return context?.names?.length ? `${question} (${context.names.join(' ')})` : question;
}

/** How retrieval runs; the defaults are what the product uses, the rest is for evaluation and benchmarks. */
export interface RetrievalSettings {
	readonly mode?: RetrievalMode;
	readonly fusion?: Fusion;
}

/** An engine over one loaded index. */
export function createEngine(parts: EngineParts, settings: RetrievalSettings = {}): Engine {
	const { index, embeddings, composer } = parts;
	const retriever = new HybridRetriever(embeddings, index.store, index.lexical, index.articles);
	const articlesByFile = new Map(index.articles.map((article) => [article.file, article]));
	const match = (label: number): PassageMatch | undefined => {
		const passage = index.store.passages[label];
		const article = passage && articlesByFile.get(passage.file);
		return passage && article ? { passage, article } : undefined;
	};
	const labelsById = new Map(index.store.passages.map((passage, label) => [passage.id, label]));

	return {
		async ask(question: string, options: QueryOptions = {}): Promise<AnswerResult> {
			const started = performance.now();
			const text = normaliseQuestion(question);
			const retrieval = await retriever.retrieve(text, { k: options.k ?? DEFAULT_K, ...settings, ...options });
			options.onRetrieved?.();
			const composeStart = performance.now();
			const composed = await composer.compose(standalone(text, options.context), retrieval.passages);
			const now = performance.now();
			return {
				...composed,
				question: text,
				timings: { ...retrieval.timings, composeMs: now - composeStart, totalMs: now - started },
			};
		},
		async search(query, options = {}) {
			const retrieval = await retriever.retrieve(normaliseQuestion(query), {
				k: options.k ?? DEFAULT_K,
				...settings,
				...options,
			});
			return retrieval.passages;
		},
		sources: () => index.articles,
		matchPassages(typed, limit) {
			const text = typed.trim();
			const labels =
				text.length === 0
					? index.store.passages.slice(0, limit).map((_, label) => label)
					: index.lexical.matchPrefix(text, limit);
			return labels.map(match).filter((item) => item !== undefined);
		},
		passage(id) {
			const label = labelsById.get(id);
			return label === undefined ? undefined : match(label);
		},
		stats: () => ({ articles: index.articles.length, passages: index.store.passages.length }),
	};
}
