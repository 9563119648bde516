import { performance } from 'node:perf_hooks';
import { chunkArticle } from '../corpus/chunkArticle.ts';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import type { Article, CorpusProblem, Passage } from '../corpus/types.ts';
import type { EmbeddingModel } from '../embeddings/types.ts';
import type { IngestSummary } from '../engine/Engine.ts';
import { AppError, isAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { HnswStore } from '../store/HnswStore.ts';
import {
	articlesOf,
	completeIndex,
	readStoredVectors,
	writeIndexAtomically,
	type LoadedIndex,
	type StoredVectors,
} from '../store/indexDirectory.ts';
import { LexicalIndex } from '../store/LexicalIndex.ts';
import { CHUNKER_ID, FORMAT_VERSION, type Manifest, type ManifestFile } from '../store/manifest.ts';
import { embedInBatches } from './embedInBatches.ts';

export interface IngestOptions {
	readonly corpusDir: string;
	readonly indexDir: string;
	readonly embeddings: EmbeddingModel;
	readonly logger: Logger;
	readonly onProgress?: (done: number, total: number) => void;
	/** The index being served, when there is one: its vectors are reused without reading it from disk again. */
	readonly previous?: LoadedIndex;
}

export interface IngestResult extends IngestSummary {
	/** False when the corpus was unchanged and the index was left as it was. */
	readonly written: boolean;
	/** The index as it now stands on disk, ready to serve. */
	readonly index: LoadedIndex;
}

async function previousVectors(options: IngestOptions): Promise<StoredVectors | undefined> {
	if (options.previous) return options.previous;
	try {
		return await readStoredVectors(options.indexDir, options.embeddings);
	} catch (error) {
		if (isAppError(error, 'INDEX_MISSING')) return undefined;
		if (isAppError(error, 'INDEX_CORRUPT') || isAppError(error, 'INDEX_INCOMPATIBLE')) {
			options.logger.warn({ reason: error.message }, 'ingest.full_rebuild');
			return undefined;
		}
		throw error;
	}
}

/** Where a file's passages start in the previous store, when they can be reused as they are. */
function reusableFrom(previous: StoredVectors | undefined, article: Article, passages: readonly Passage[]) {
	const entry = previous?.manifest.files[article.file];
	if (!previous || entry?.sha256 !== article.sha256 || entry.passageCount !== passages.length) return undefined;
	const sameSentences = passages.every(
		(passage, i) => previous.store.passages[entry.firstPassage + i]?.sentences.length === passage.sentences.length,
	);
	return sameSentences ? entry.firstPassage : undefined;
}

function sentencesOf(passage: Passage): string[] {
	return passage.sentences.map(([start, end]) => passage.text.slice(start - passage.start, end - passage.start));
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function sameSkipped(before: Record<string, string>, problems: readonly CorpusProblem[]): boolean {
	return (
		problems.length === Object.keys(before).length &&
		problems.every((problem) => before[problem.file] === problem.sha256)
	);
}

/**
 * Brings the index in line with the corpus: unchanged files keep their vectors, changed and new files are
 * embedded, removed files dropped; the result is written atomically. An unchanged corpus writes nothing.
 * @throws AppError('CORPUS_MISSING' | 'CORPUS_EMPTY' | 'EMBEDDINGS_FAILED')
 */
export async function ingestCorpus(options: IngestOptions): Promise<IngestResult> {
	const started = performance.now();
	const { articles, problems } = await loadCorpus(options.corpusDir);
	for (const problem of problems) options.logger.warn(problem, 'ingest.file_skipped');
	if (articles.length === 0) {
		throw new AppError('CORPUS_EMPTY', `No readable .txt, .md or .html articles in ${options.corpusDir}.`);
	}
	const previous = await previousVectors(options);

	const plan: { article: Article; passages: Passage[]; reuseFrom: number | undefined }[] = [];
	for (const article of articles) {
		const passages = chunkArticle(article.file, article.text);
		plan.push({ article, passages, reuseFrom: reusableFrom(previous, article, passages) });
		await yieldToEventLoop();
	}
	const toEmbed = plan.filter((item) => item.reuseFrom === undefined).flatMap((item) => item.passages);
	const reused = plan.reduce((sum, item) => sum + (item.reuseFrom === undefined ? 0 : item.passages.length), 0);
	const previousFiles = Object.keys(previous?.manifest.files ?? {});
	const removed = previousFiles.filter((file) => !articles.some((article) => article.file === file)).length;
	const passageCount = plan.reduce((sum, item) => sum + item.passages.length, 0);
	const summary = (embedded: number): IngestSummary => ({
		files: articles.length,
		passages: passageCount,
		embedded,
		reused,
		removed,
		problems,
		seconds: (performance.now() - started) / 1_000,
	});
	const unchanged =
		previous &&
		toEmbed.length === 0 &&
		removed === 0 &&
		previousFiles.length === articles.length &&
		sameSkipped(previous.manifest.skipped, problems);
	if (unchanged) {
		const index = options.previous ?? (await completeIndex(options.indexDir, previous));
		return { ...summary(0), written: false, index };
	}

	options.logger.info({ files: articles.length, passages: toEmbed.length, reused, removed }, 'ingest.started');
	const fresh = await embedInBatches(options.embeddings, toEmbed.flatMap(sentencesOf), options.onProgress);
	const store = new HnswStore(options.embeddings, options.embeddings.dimensions);
	const files: Record<string, ManifestFile> = {};
	let freshIndex = 0;
	for (const { article, passages, reuseFrom } of plan) {
		files[article.file] = {
			sha256: article.sha256,
			title: article.title,
			...(article.publisher === undefined ? {} : { publisher: article.publisher }),
			...(article.date === undefined ? {} : { date: article.date }),
			firstPassage: store.size,
			passageCount: passages.length,
		};
		// Reused vectors are read back one file at a time: all of a large corpus at once would take gigabytes.
		const own =
			reuseFrom !== undefined && previous
				? passages.map((_, i) => previous.store.passageVectors(reuseFrom + i))
				: passages.map((passage) => fresh.slice(freshIndex, (freshIndex += passage.sentences.length)));
		await store.addPassages(passages, own);
	}
	const titles = new Map(articles.map((article) => [article.file, article.title]));
	const lexical = await LexicalIndex.build(store.passages, (file) => titles.get(file) ?? '');
	const draft: Omit<Manifest, 'checksums'> = {
		formatVersion: FORMAT_VERSION,
		model: { id: options.embeddings.modelId, dimensions: options.embeddings.dimensions },
		chunker: CHUNKER_ID,
		files,
		passageCount: store.size,
		skipped: Object.fromEntries(problems.map((problem) => [problem.file, problem.sha256])),
		builtAt: new Date().toISOString(),
	};
	const manifest = await writeIndexAtomically(options.indexDir, { manifest: draft, store, lexical });
	const index: LoadedIndex = { manifest, store, lexical, articles: articlesOf(manifest) };
	return { ...summary(toEmbed.length), written: true, index };
}
