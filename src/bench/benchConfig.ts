import { loadEngineConfig, type EngineConfig } from '../config.ts';
import { chunkArticle } from '../corpus/chunkArticle.ts';
import type { Article } from '../corpus/types.ts';

/** The targets are for two cores: two embedding workers. */
export const BENCH_WORKERS = 2;

/** The product's defaults (USE lite on worker threads) whatever `.env` says, so every run measures the same thing. */
export function benchConfig(corpusDir: string, indexDir: string): EngineConfig {
	return loadEngineConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBED_WORKERS: String(BENCH_WORKERS) });
}

/** The sentences ingest embeds, in the order it embeds them (every passage's sentences, article by article). */
export function sentencesOf(articles: readonly Article[]): string[] {
	return articles.flatMap((article) =>
		chunkArticle(article.file, article.text).flatMap((passage) =>
			passage.sentences.map(([start, end]) => passage.text.slice(start - passage.start, end - passage.start)),
		),
	);
}
