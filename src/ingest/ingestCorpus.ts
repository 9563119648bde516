import { readIndex, type LoadedIndex } from '../store/indexDirectory.ts';
import { updateIndex, type IndexUpdate, type UpdateOptions } from './updateIndex.ts';

export interface IngestOptions extends UpdateOptions {
	/** The index being served, when there is one: its vectors are reused, and it stays when nothing changed. */
	readonly previous?: LoadedIndex;
}

export interface IngestResult extends IndexUpdate {
	/** The index as it now stands on disk, ready to serve. */
	readonly index: LoadedIndex;
}

/**
 * Updates the index on disk (see {@link updateIndex}) and loads the result, checked as any index is, to serve it.
 * @throws AppError('CORPUS_MISSING' | 'CORPUS_EMPTY' | 'EMBEDDINGS_FAILED' | 'INDEX_CORRUPT')
 */
export async function ingestCorpus(options: IngestOptions): Promise<IngestResult> {
	const update = await updateIndex(options);
	const index =
		!update.written && options.previous ? options.previous : await readIndex(options.indexDir, options.embeddings);
	return { ...update, index };
}
