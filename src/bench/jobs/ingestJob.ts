import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExtractiveComposer } from '../../answer/ExtractiveComposer.ts';
import { createExtractiveComposer } from '../../answer/createExtractiveComposer.ts';
import { createEmbeddings } from '../../embeddings/createEmbeddings.ts';
import type { EmbeddingModel } from '../../embeddings/types.ts';
import { measureWorkerThroughput, WorkerPoolEmbeddings } from '../../embeddings/WorkerPoolEmbeddings.ts';
import { createEngine } from '../../engine/createEngine.ts';
import { ingestCorpus } from '../../ingest/ingestCorpus.ts';
import { updateIndex } from '../../ingest/updateIndex.ts';
import { readIndex, type LoadedIndex } from '../../store/indexDirectory.ts';
import { benchConfig } from '../benchConfig.ts';
import { note, progressNote, recordingLogger } from '../benchLogger.ts';
import { watchEventLoop, type EventLoopReport } from '../eventLoop.ts';
import { fileSizes, memorySnapshot, peakRssMb, type MemorySnapshot } from '../resources.ts';
import { summarise, type Summary } from '../stats.ts';

/** Pause between questions asked during a reindex: a busy bot, not a load test. */
const QUERY_GAP_MS = 100;
const WARMUP_QUESTIONS = 5;

export interface IngestJobSpec {
	readonly label: string;
	readonly corpusDir: string;
	readonly indexDir: string;
	/**
	 * Sentences ingest embeds (evenly spaced, corpus order) for the bare model on the pool's workers: every other one
	 * measured before the ingest, the rest after, so that a change in load on a shared machine weighs on both sides
	 * alike and both halves hold every era's sentences.
	 */
	readonly modelTexts: readonly string[];
	/** Sentences embedded in corpus order and again sorted by length. */
	readonly sortedTexts: readonly string[];
	/** Serve these questions from the current index while ingest runs (the `/reindex` case). */
	readonly concurrentQuestions?: readonly string[];
}

export interface ModelThroughput {
	readonly texts: number;
	readonly perSecond: number;
	readonly beforePerSecond: number;
	readonly afterPerSecond: number;
}

export interface IngestJobResult {
	readonly label: string;
	readonly files: number;
	readonly passages: number;
	readonly embeddedPassages: number;
	readonly reusedPassages: number;
	readonly embeddedSentences: number;
	readonly written: boolean;
	readonly modelLoadMs: number;
	/** Starting the embedding workers, done before the ingest timer starts. */
	readonly workerStartMs: number;
	readonly ingestMs: number;
	/** From the end of loading and planning to the last embedded batch. */
	readonly embedMs: number;
	/** Time from ingest start that the embedding phase began and ended. */
	readonly embedFromMs: number;
	readonly embedToMs: number;
	readonly peakRssMb: number;
	/** Before the model, with the query model loaded, with the workers started, after the ingest. */
	readonly memory: {
		readonly boot: MemorySnapshot;
		readonly model: MemorySnapshot;
		readonly workers: MemorySnapshot;
		readonly after: MemorySnapshot;
	};
	readonly indexBytes: Readonly<Record<string, number>>;
	readonly eventLoop: EventLoopReport;
	readonly model?: ModelThroughput;
	readonly sortedComparison?: { readonly texts: number; readonly corpusOrder: number; readonly sortedByLength: number };
	readonly concurrent?: { readonly latency: Summary; readonly answered: number };
	readonly loadAverage: readonly [number, number];
}

/** Items at even positions, and at odd ones. */
export function alternate<T>(items: readonly T[]): [T[], T[]] {
	return [items.filter((_, i) => i % 2 === 0), items.filter((_, i) => i % 2 === 1)];
}

function composerFor(index: LoadedIndex): ExtractiveComposer {
	return createExtractiveComposer(index);
}

async function throughput(embeddings: EmbeddingModel, texts: readonly string[]) {
	if (texts.length === 0 || !(embeddings instanceof WorkerPoolEmbeddings)) return undefined;
	return measureWorkerThroughput(embeddings, texts);
}

/** Runs the real ingest in this process and measures it, with the bare model's throughput on either side of it. */
export async function ingestJob(spec: IngestJobSpec): Promise<IngestJobResult> {
	const loadBefore = loadavg()[0] ?? 0;
	let embedFrom: number | undefined;
	let embedTo: number | undefined;
	let ingestStarted = 0;
	let watch: ReturnType<typeof watchEventLoop> | undefined;
	const { logger } = recordingLogger((event) => {
		if (event.msg !== 'ingest.started') return;
		embedFrom = event.atMs - ingestStarted;
		watch?.mark('embed');
	});

	const boot = memorySnapshot();
	const modelStarted = performance.now();
	const questions = spec.concurrentQuestions ?? [];
	// As `npm run ingest` does, an ingest that answers nothing loads no model for queries.
	const use = questions.length > 0 ? 'queries' : 'documents';
	const embeddings = await createEmbeddings(benchConfig(spec.corpusDir, spec.indexDir), logger, use);
	const modelLoadMs = performance.now() - modelStarted;
	const model = memorySnapshot();
	try {
		const workersStarted = performance.now();
		if (embeddings instanceof WorkerPoolEmbeddings) await embeddings.start();
		const workerStartMs = performance.now() - workersStarted;
		const workers = memorySnapshot();

		const [firstHalf, secondHalf] = alternate(spec.modelTexts);
		if (firstHalf.length > 0) {
			note(`${spec.label}: bare model on ${spec.modelTexts.length} sentences, half now, half after ingest`);
		}
		const before = await throughput(embeddings, firstHalf);

		const served = questions.length > 0 ? await readIndex(spec.indexDir, embeddings) : undefined;
		const engine = served && createEngine({ index: served, embeddings, composer: composerFor(served) });
		for (const question of questions.slice(0, WARMUP_QUESTIONS)) await engine?.ask(question);

		let embeddedSentences = 0;
		const progress = progressNote(`${spec.label}: embedding sentences`);
		note(`${spec.label}: ingest of ${spec.corpusDir} started${engine ? ', answering questions meanwhile' : ''}`);
		const loop = watchEventLoop('load + plan');
		watch = loop;
		ingestStarted = performance.now();
		const options = {
			corpusDir: spec.corpusDir,
			indexDir: spec.indexDir,
			embeddings,
			logger,
			onProgress: (done: number, total: number) => {
				embeddedSentences = total;
				if (done === total) {
					embedTo = performance.now() - ingestStarted;
					loop.mark('store + lexical + write');
				}
				progress(done, total);
			},
		};
		// As the product runs them: `npm run ingest` updates the index on disk; `/reindex` also loads it to serve.
		const ingesting = served ? ingestCorpus({ ...options, previous: served }) : updateIndex(options);
		let finished = false;
		const latencies: number[] = [];
		const asking = (async () => {
			for (let i = 0; engine && !finished; i++) {
				const started = performance.now();
				const done = loop.begin('answering');
				await engine.ask(questions[i % questions.length] as string);
				done();
				latencies.push(performance.now() - started);
				await sleep(QUERY_GAP_MS);
			}
		})();
		const result = await ingesting.finally(() => (finished = true));
		const ingestMs = performance.now() - ingestStarted;
		await asking;
		const eventLoop = await loop.stop();
		const peak = peakRssMb();
		const after = memorySnapshot();
		note(`${spec.label}: ingest done in ${(ingestMs / 1_000).toFixed(1)} s, peak RSS ${peak.toFixed(0)} MB`);

		const later = await throughput(embeddings, secondHalf);
		const modelThroughput: ModelThroughput | undefined =
			before && later
				? {
						texts: before.texts + later.texts,
						perSecond: (before.texts + later.texts) / (before.seconds + later.seconds),
						beforePerSecond: before.perSecond,
						afterPerSecond: later.perSecond,
					}
				: undefined;
		if (modelThroughput) note(`${spec.label}: bare model ${modelThroughput.perSecond.toFixed(1)} sentences/s`);

		let sortedComparison: IngestJobResult['sortedComparison'];
		if (spec.sortedTexts.length > 0) {
			note(`${spec.label}: corpus order against length-sorted batches on ${spec.sortedTexts.length} sentences`);
			const corpusOrder = await throughput(embeddings, spec.sortedTexts);
			const sorted = await throughput(
				embeddings,
				[...spec.sortedTexts].sort((a, b) => a.length - b.length),
			);
			if (corpusOrder && sorted) {
				sortedComparison = {
					texts: spec.sortedTexts.length,
					corpusOrder: corpusOrder.perSecond,
					sortedByLength: sorted.perSecond,
				};
			}
		}
		return {
			label: spec.label,
			files: result.files,
			passages: result.passages,
			embeddedPassages: result.embedded,
			reusedPassages: result.reused,
			embeddedSentences,
			written: result.written,
			modelLoadMs,
			workerStartMs,
			ingestMs,
			embedMs: embedTo !== undefined && embedFrom !== undefined ? embedTo - embedFrom : 0,
			embedFromMs: embedFrom ?? 0,
			embedToMs: embedTo ?? 0,
			peakRssMb: peak,
			memory: { boot, model, workers, after },
			indexBytes: await fileSizes(spec.indexDir),
			eventLoop,
			...(modelThroughput ? { model: modelThroughput } : {}),
			...(sortedComparison ? { sortedComparison } : {}),
			...(engine ? { concurrent: { latency: summarise(latencies), answered: latencies.length } } : {}),
			loadAverage: [loadBefore, loadavg()[0] ?? 0],
		};
	} finally {
		await embeddings.close();
	}
}
