import type { EmbeddingModel } from './types.ts';

export const QUERY_CACHE_SIZE = 1_000;

/** Wraps a model so that repeated queries are embedded once (least recently used entries are evicted). */
export function cachingQueries(model: EmbeddingModel, capacity = QUERY_CACHE_SIZE): EmbeddingModel {
	const cache = new Map<string, Promise<number[]>>();
	return {
		modelId: model.modelId,
		dimensions: model.dimensions,
		embedDocuments: (texts) => model.embedDocuments(texts),
		embedQuery(text) {
			let vector = cache.get(text);
			if (vector) {
				cache.delete(text);
			} else {
				vector = model.embedQuery(text);
				vector.catch(() => cache.delete(text));
				if (cache.size >= capacity) cache.delete(cache.keys().next().value as string);
			}
			cache.set(text, vector);
			return vector;
		},
		close: () => model.close(),
	};
}
