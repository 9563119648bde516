import { ExtractiveComposer } from '../answer/ExtractiveComposer.ts';
import type { EmbeddingModel } from '../embeddings/types.ts';
import { AppError, isAppError } from '../errors.ts';
import { ingestCorpus } from '../ingest/ingestCorpus.ts';
import { isIndexFresh } from '../ingest/isIndexFresh.ts';
import type { Logger } from '../logger.ts';
import { readIndex, readManifest, type LoadedIndex } from '../store/indexDirectory.ts';
import { createEngine } from './createEngine.ts';
import { forwardTo } from './forwardTo.ts';
import type { Engine, IngestSummary, ReindexableEngine } from './Engine.ts';

export interface EngineDeps {
	readonly corpusDir: string;
	readonly indexDir: string;
	readonly embeddings: EmbeddingModel;
	readonly logger: Logger;
	/** Ingest progress while the index is being built, for a person watching. */
	readonly onProgress?: (done: number, total: number) => void;
}

async function loadFreshIndex(deps: EngineDeps): Promise<LoadedIndex | undefined> {
	try {
		const manifest = await readManifest(deps.indexDir);
		if (!(await isIndexFresh(deps.corpusDir, manifest))) return undefined;
		return await readIndex(deps.indexDir, deps.embeddings);
	} catch (error) {
		if (
			isAppError(error, 'INDEX_MISSING') ||
			isAppError(error, 'INDEX_CORRUPT') ||
			isAppError(error, 'INDEX_INCOMPATIBLE')
		) {
			deps.logger.warn({ reason: error.message }, 'index.rebuilding');
			return undefined;
		}
		throw error;
	}
}

/** Builds an engine over an index: an existing fresh one, or one (re)built from the corpus first. */
function engineFor(index: LoadedIndex, embeddings: EmbeddingModel): Engine {
	return createEngine({ index, embeddings, composer: new ExtractiveComposer((term) => index.lexical.idf(term)) });
}

/**
 * Opens the answer engine: loads the index, or builds it when it is missing, stale, damaged or from another model.
 * `reindex` rebuilds while the current index keeps answering, then swaps the new one in.
 * @throws AppError('CORPUS_MISSING' | 'CORPUS_EMPTY' | 'EMBEDDINGS_FAILED') when no index can be had.
 */
export async function openEngine(deps: EngineDeps): Promise<ReindexableEngine> {
	let index = (await loadFreshIndex(deps)) ?? (await ingestCorpus(deps)).index;
	let current = engineFor(index, deps.embeddings);
	let rebuilding: Promise<IngestSummary> | undefined;

	const reindex = async (onProgress?: (done: number, total: number) => void): Promise<IngestSummary> => {
		const result = await ingestCorpus({ ...deps, previous: index, ...(onProgress ? { onProgress } : {}) });
		index = result.index;
		current = engineFor(index, deps.embeddings);
		deps.logger.info({ files: result.files, passages: result.passages, embedded: result.embedded }, 'index.swapped');
		const { files, passages, embedded, reused, removed, problems, seconds } = result;
		return { files, passages, embedded, reused, removed, problems, seconds };
	};

	return {
		...forwardTo(() => current),
		async reindex(onProgress) {
			if (rebuilding) throw new AppError('REINDEX_IN_PROGRESS', 'A rebuild of the index is already running.');
			rebuilding = reindex(onProgress);
			try {
				return await rebuilding;
			} finally {
				rebuilding = undefined;
			}
		},
	};
}
