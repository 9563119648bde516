import type { ComposerFactory } from '../answer/composerFactory.ts';
import { createExtractiveComposer, loadReadingParts, type ReadingParts } from '../answer/createExtractiveComposer.ts';
import type { EmbeddingModel } from '../embeddings/types.ts';
import { AppError, isAppError } from '../errors.ts';
import { ingestCorpus } from '../ingest/ingestCorpus.ts';
import { isIndexFresh } from '../ingest/isIndexFresh.ts';
import type { Logger } from '../logger.ts';
import { readIndex, readManifest, type LoadedIndex } from '../store/indexDirectory.ts';
import { addDocument } from './addDocument.ts';
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
	/** Wraps each index's extractive composer, e.g. in the LLM reader (COMPOSER=llm). */
	readonly composer?: ComposerFactory | undefined;
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
function engineFor(
	index: LoadedIndex,
	embeddings: EmbeddingModel,
	reading: ReadingParts,
	composerFor?: ComposerFactory,
): Engine {
	const extractive = createExtractiveComposer(index, reading);
	return createEngine({ index, embeddings, composer: composerFor ? composerFor(extractive) : extractive });
}

/**
 * Opens the answer engine: loads the index, or builds it when it is missing, stale, damaged or from another model.
 * `reindex` rebuilds while the current index keeps answering, then swaps the new one in.
 * @throws AppError('CORPUS_MISSING' | 'CORPUS_EMPTY' | 'EMBEDDINGS_FAILED') when no index can be had, or
 * AppError('MODEL_INVALID') when the answerability model does not fit this version.
 */
export async function openEngine(deps: EngineDeps): Promise<ReindexableEngine> {
	const reading = loadReadingParts();
	let index = (await loadFreshIndex(deps)) ?? (await ingestCorpus(deps)).index;
	let current = engineFor(index, deps.embeddings, reading, deps.composer);
	let rebuilding = false;

	const reindex = async (onProgress?: (done: number, total: number) => void): Promise<IngestSummary> => {
		const result = await ingestCorpus({ ...deps, previous: index, ...(onProgress ? { onProgress } : {}) });
		index = result.index;
		current = engineFor(index, deps.embeddings, reading, deps.composer);
		deps.logger.info({ files: result.files, passages: result.passages, embedded: result.embedded }, 'index.swapped');
		const { files, passages, embedded, reused, removed, problems, seconds } = result;
		return { files, passages, embedded, reused, removed, problems, seconds };
	};
	/** Runs a rebuild, or an addition and its rebuild, unless one is already running. */
	const alone = async <T>(work: () => Promise<T>): Promise<T> => {
		if (rebuilding) throw new AppError('REINDEX_IN_PROGRESS', 'A rebuild of the index is already running.');
		rebuilding = true;
		try {
			return await work();
		} finally {
			rebuilding = false;
		}
	};

	return {
		...forwardTo(() => current),
		reindex: (onProgress) => alone(() => reindex(onProgress)),
		add: (document) =>
			alone(() =>
				addDocument({ corpusDir: deps.corpusDir, current: () => current, reindex: () => reindex() }, document),
			),
	};
}
