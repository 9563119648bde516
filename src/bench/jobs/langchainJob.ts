import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { loadCorpus } from '../../corpus/loadCorpus.ts';
import { createEmbeddings } from '../../embeddings/createEmbeddings.ts';
import { benchConfig } from '../benchConfig.ts';
import { note, recordingLogger } from '../benchLogger.ts';
import { watchEventLoop, type EventLoopReport } from '../eventLoop.ts';
import { firstHit, scoreRanks, type HitScores, type Needle, type Span } from '../needles.ts';
import { fileSizes, peakRssMb, memorySnapshot, type MemorySnapshot } from '../resources.ts';
import { summarise, type Summary } from '../stats.ts';

export const LANGCHAIN_CHUNK_SIZE = 1_000;
export const LANGCHAIN_CHUNK_OVERLAP = 200;
const K = 10;
const WARMUP_QUESTIONS = 5;

export interface LangchainJobSpec {
	readonly corpusDir: string;
	readonly indexDir: string;
	readonly needles: readonly Needle[];
	readonly questions: readonly string[];
}

export interface LangchainJobResult {
	readonly chunks: number;
	readonly ingestMs: number;
	readonly splitMs: number;
	readonly embedAndIndexMs: number;
	readonly saveMs: number;
	readonly peakRssMb: number;
	readonly memoryAfter: MemorySnapshot;
	readonly indexBytes: Readonly<Record<string, number>>;
	readonly eventLoop: EventLoopReport;
	readonly latency: Summary;
	readonly quality: HitScores;
	readonly loadAverage: readonly [number, number];
}

/**
 * Splits the cleaned articles into overlapping character windows, each located in its article so that hits are
 * scored exactly as ours are.
 */
export async function splitIntoChunks(
	articles: readonly { file: string; text: string }[],
	chunkSize = LANGCHAIN_CHUNK_SIZE,
	chunkOverlap = LANGCHAIN_CHUNK_OVERLAP,
): Promise<Document<Span>[]> {
	const splitter = new RecursiveCharacterTextSplitter({ chunkSize, chunkOverlap });
	const documents: Document<Span>[] = [];
	for (const article of articles) {
		let from = 0;
		for (const chunk of await splitter.splitText(article.text)) {
			const start = article.text.indexOf(chunk, from);
			const located = start >= 0 ? start : from;
			documents.push(
				new Document({
					pageContent: chunk,
					metadata: { file: article.file, start: located, end: located + chunk.length },
				}),
			);
			from = located + 1;
		}
	}
	return documents;
}

/**
 * The pipeline a LangChain.js user would write: RecursiveCharacterTextSplitter, HNSWLib.fromDocuments with the same
 * embedding model, `similaritySearch(q, 10)`.
 */
export async function langchainJob(spec: LangchainJobSpec): Promise<LangchainJobResult> {
	const loadBefore = loadavg()[0] ?? 0;
	const { logger } = recordingLogger();
	const embeddings = await createEmbeddings(benchConfig(spec.corpusDir, spec.indexDir), logger);
	try {
		note('langchain: splitting, embedding and indexing');
		const watch = watchEventLoop('split');
		const started = performance.now();
		const { articles } = await loadCorpus(spec.corpusDir);
		const documents = await splitIntoChunks(articles);
		const splitMs = performance.now() - started;
		watch.mark('embed + index');
		const store = await HNSWLib.fromDocuments(documents, embeddings);
		const indexed = performance.now();
		watch.mark('save');
		await store.save(spec.indexDir);
		const ingestMs = performance.now() - started;
		const eventLoop = await watch.stop();
		const peak = peakRssMb();
		note(`langchain: ${documents.length} chunks indexed in ${(ingestMs / 1_000).toFixed(1)} s`);

		for (const question of spec.questions.slice(0, WARMUP_QUESTIONS)) await store.similaritySearch(question, K);
		const latencies: number[] = [];
		for (const question of spec.questions) {
			const askStarted = performance.now();
			await store.similaritySearch(question, K);
			latencies.push(performance.now() - askStarted);
		}
		const ranks: number[] = [];
		for (const needle of spec.needles) {
			const found = await store.similaritySearch(needle.question, K);
			ranks.push(
				firstHit(
					found.map((document) => document.metadata as Span),
					needle.spans,
				),
			);
		}
		return {
			chunks: documents.length,
			ingestMs,
			splitMs,
			embedAndIndexMs: indexed - started - splitMs,
			saveMs: ingestMs - (indexed - started),
			peakRssMb: peak,
			memoryAfter: memorySnapshot(),
			indexBytes: await fileSizes(spec.indexDir),
			eventLoop,
			latency: summarise(latencies),
			quality: scoreRanks(ranks),
			loadAverage: [loadBefore, loadavg()[0] ?? 0],
		};
	} finally {
		await embeddings.close();
	}
}
