import { performance } from 'node:perf_hooks';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import type { Article, CorpusProblem, Passage } from '../corpus/types.ts';
import type { EmbeddingModel } from '../embeddings/types.ts';
import type { IngestSummary } from '../engine/Engine.ts';
import { AppError, isAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { sentenceTexts } from '../store/HnswStore.ts';
import { readStoredVectors, REBUILD_HINT, type StoredVectors } from '../store/indexDirectory.ts';
import { CHUNKER_ID, FORMAT_VERSION, type ManifestFile } from '../store/manifest.ts';
import { embedInBatches } from './embedInBatches.ts';
import { IndexBuildThread } from './IndexBuildThread.ts';

export interface UpdateOptions {
	readonly corpusDir: string;
	readonly indexDir: string;
	readonly embeddings: EmbeddingModel;
	readonly logger: Logger;
	readonly onProgress?: (done: number, total: number) => void;
	/** The index being served, when there is one: its vectors are reused without reading it from disk again. */
	readonly previous?: StoredVectors;
}

export interface IndexUpdate extends IngestSummary {
	/** False when the corpus was unchanged and the index was left as it was. */
	readonly written: boolean;
	/** Why every file was embedded again although an index existed (another model or format, damage). */
	readonly rebuiltBecause?: string;
}

/** Reused sentence vectors read back and sent at a time: each costs the main thread tens of microseconds. */
const REUSE_SLICE = 256;

interface PlannedArticle {
	readonly article: Article;
	readonly passages: readonly Passage[];
	/** Where the article's passages start in the previous store, when their vectors can be reused. */
	readonly reuseFrom: number | undefined;
}

/** The index whose vectors can be reused; `onUnusable` hears why when there is an index that cannot be. */
async function previousVectors(
	options: UpdateOptions,
	onUnusable: (reason: string) => void,
): Promise<StoredVectors | undefined> {
	if (options.previous) return options.previous;
	try {
		return await readStoredVectors(options.indexDir, options.embeddings);
	} catch (error) {
		if (isAppError(error, 'INDEX_MISSING')) return undefined;
		if (isAppError(error, 'INDEX_CORRUPT') || isAppError(error, 'INDEX_INCOMPATIBLE')) {
			options.logger.warn({ reason: error.message }, 'ingest.full_rebuild');
			onUnusable(error.message.replace(REBUILD_HINT, ''));
			return undefined;
		}
		throw error;
	}
}

function reusableFrom(previous: StoredVectors | undefined, article: Article, passages: readonly Passage[]) {
	const entry = previous?.manifest.files[article.file];
	if (!previous || entry?.sha256 !== article.sha256 || entry.passageCount !== passages.length) return undefined;
	const sameSentences = passages.every(
		(passage, i) => previous.store.passages[entry.firstPassage + i]?.sentences.length === passage.sentences.length,
	);
	return sameSentences ? entry.firstPassage : undefined;
}

/** Whether two maps of corpus file hashes name the same files with the same contents. */
export function sameSources(
	before: Readonly<Record<string, string>>,
	after: Readonly<Record<string, string>>,
): boolean {
	const files = Object.keys(after);
	return files.length === Object.keys(before).length && files.every((file) => before[file] === after[file]);
}

/** The error for a corpus with nothing to index, naming every file's reason. */
export function emptyCorpus(dir: string, problems: readonly CorpusProblem[]): AppError {
	const reasons = problems.map((problem) => `\n  ${problem.file}: ${problem.reason}`).join('');
	return new AppError(
		'CORPUS_EMPTY',
		problems.length === 0
			? `No articles in ${dir}: it holds no files.`
			: `No readable articles in ${dir}; every file was skipped:${reasons}`,
	);
}

/**
 * Runs of passages, as [first, passages, sentences], of at most `limit` sentences each (or one longer passage): reading
 * vectors back from hnswlib holds the event loop, so reused ones are read and sent a run at a time.
 */
function* passageRuns(passages: readonly Passage[], limit: number): Generator<[number, number, number]> {
	let from = 0;
	let inRun = 0;
	for (const [i, passage] of passages.entries()) {
		if (inRun > 0 && inRun + passage.sentences.length > limit) {
			yield [from, i - from, inRun];
			from = i;
			inRun = 0;
		}
		inRun += passage.sentences.length;
	}
	if (from < passages.length) yield [from, passages.length - from, inRun];
}

function labelsFrom(first: number, count: number): Int32Array<ArrayBuffer> {
	return Int32Array.from({ length: count }, (_, i) => first + i);
}

function manifestEntry(article: Article, firstPassage: number, passageCount: number): ManifestFile {
	return {
		sha256: article.sha256,
		title: article.title,
		...(article.publisher === undefined ? {} : { publisher: article.publisher }),
		...(article.date === undefined ? {} : { date: article.date }),
		...(article.url === undefined ? {} : { url: article.url }),
		...(article.authors === undefined ? {} : { authors: [...article.authors] }),
		...(article.language === undefined ? {} : { language: article.language }),
		...(article.alsoIn === undefined ? {} : { alsoIn: [...article.alsoIn] }),
		firstPassage,
		passageCount,
	};
}

/**
 * Brings the index on disk in line with the corpus: unchanged files keep their vectors, changed and new files are
 * embedded, removed files dropped; the result is written atomically. An unchanged corpus writes nothing. Chunking,
 * building and writing run on a worker thread and embedding on the model's, so the event loop stays free.
 * @throws AppError('CORPUS_MISSING' | 'CORPUS_EMPTY' | 'EMBEDDINGS_FAILED')
 */
export async function updateIndex(options: UpdateOptions): Promise<IndexUpdate> {
	const started = performance.now();
	const builder = new IndexBuildThread();
	try {
		const { articles, problems, sources } = await loadCorpus(options.corpusDir);
		for (const problem of problems) options.logger.warn(problem, 'ingest.file_skipped');
		if (articles.length === 0) throw emptyCorpus(options.corpusDir, problems);
		let rebuiltBecause: string | undefined;
		let previous = await previousVectors(options, (reason) => {
			rebuiltBecause = reason;
		});
		const plan: PlannedArticle[] = [];
		for (const article of articles) {
			const passages = await builder.chunk(article.file, article.text);
			plan.push({ article, passages, reuseFrom: reusableFrom(previous, article, passages) });
		}

		const toEmbed = plan.filter((item) => item.reuseFrom === undefined).flatMap((item) => item.passages);
		const reused = plan.reduce((sum, item) => sum + (item.reuseFrom === undefined ? 0 : item.passages.length), 0);
		const previousFiles = Object.keys(previous?.manifest.files ?? {});
		// A Set: a row export holds tens of thousands of articles.
		const current = new Set(articles.map((article) => article.file));
		const removed = previousFiles.filter((file) => !current.has(file)).length;
		const summary = (embedded: number, written: boolean): IndexUpdate => ({
			files: articles.length,
			passages: plan.reduce((sum, item) => sum + item.passages.length, 0),
			embedded,
			reused,
			removed,
			problems,
			seconds: (performance.now() - started) / 1_000,
			written,
			...(rebuiltBecause === undefined ? {} : { rebuiltBecause }),
		});
		const unchanged =
			previous &&
			toEmbed.length === 0 &&
			removed === 0 &&
			previousFiles.length === articles.length &&
			sameSources(previous.manifest.sources, sources);
		if (unchanged) return summary(0, false);

		options.logger.info({ files: articles.length, passages: toEmbed.length, reused, removed }, 'ingest.started');
		await builder.begin(options.indexDir, options.embeddings.dimensions);
		const files: Record<string, ManifestFile> = {};
		const firstSentences: number[] = [];
		let passageCount = 0;
		for (const { article, passages } of plan) {
			files[article.file] = manifestEntry(article, passageCount, passages.length);
			passageCount += passages.length;
			firstSentences.push(await builder.declare(article.title, passages));
		}
		await builder.writeLexical();
		/** The label each sentence to embed gets in the new index, in embedding order. */
		const freshLabels: number[] = [];
		for (const [i, { passages, reuseFrom }] of plan.entries()) {
			let label = firstSentences[i] ?? 0;
			if (reuseFrom !== undefined && previous) {
				for (const [from, count, sentences] of passageRuns(passages, REUSE_SLICE)) {
					const vectors = previous.store.sentenceVectors(reuseFrom + from, count);
					await builder.setVectors(labelsFrom(label, sentences), vectors);
					label += sentences;
				}
			} else {
				const sentences = passages.reduce((sum, passage) => sum + passage.sentences.length, 0);
				for (let end = label + sentences; label < end; label++) freshLabels.push(label);
			}
		}
		// Nothing needs the old vectors now; when this ingest read them from disk, they would otherwise stay in memory
		// beside the new ones through embedding.
		previous = undefined;
		await embedInBatches(
			options.embeddings,
			toEmbed.flatMap(sentenceTexts),
			(positions, vectors) =>
				builder.setVectors(
					Int32Array.from(positions, (position) => freshLabels[position] ?? -1),
					vectors,
				),
			options.onProgress,
		);
		await builder.write({
			formatVersion: FORMAT_VERSION,
			model: { id: options.embeddings.modelId, dimensions: options.embeddings.dimensions },
			chunker: CHUNKER_ID,
			files,
			passageCount,
			sources,
			skipped: Object.fromEntries(problems.map((problem) => [problem.file, problem.reason])),
			builtAt: new Date().toISOString(),
		});
		return summary(toEmbed.length, true);
	} finally {
		await builder.close();
	}
}
