import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ingestCorpus } from '../../src/ingest/ingestCorpus.ts';
import { HybridRetriever } from '../../src/retrieval/HybridRetriever.ts';
import { KeywordEmbeddings } from './KeywordEmbeddings.ts';
import { silentLogger } from './silentLogger.ts';

/** A retriever over `articles` (file name → text), indexed with keyword embeddings in directories from `makeDir`. */
export async function keywordRetriever(
	articles: Readonly<Record<string, string>>,
	makeDir: () => Promise<string>,
): Promise<HybridRetriever> {
	const corpusDir = await makeDir();
	for (const [file, text] of Object.entries(articles)) await writeFile(path.join(corpusDir, file), text);
	const embeddings = new KeywordEmbeddings();
	const { index } = await ingestCorpus({
		corpusDir,
		indexDir: path.join(await makeDir(), 'index'),
		embeddings,
		logger: silentLogger,
	});
	return new HybridRetriever(embeddings, index.store, index.lexical, index.articles);
}
