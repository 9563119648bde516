import { performance } from 'node:perf_hooks';
import { createEmbeddings } from '../../embeddings/createEmbeddings.ts';
import { openEngine } from '../../engine/openEngine.ts';
import { benchConfig } from '../benchConfig.ts';
import { note, recordingLogger } from '../benchLogger.ts';
import { tellParent } from '../childProcess.ts';
import { watchEventLoop, type EventLoopReport } from '../eventLoop.ts';
import { memorySnapshot, peakRssMb, type MemorySnapshot } from '../resources.ts';
import { summarise, type Summary } from '../stats.ts';

export interface ServeJobSpec {
	readonly corpusDir: string;
	readonly indexDir: string;
	readonly questions: readonly string[];
	readonly warmup: number;
}

export interface ServeJobResult {
	/** Process start (this process's time origin) to this module running: Node, tsx and imports. */
	readonly bootMs: number;
	readonly modelMs: number;
	readonly openMs: number;
	/** Process start to ready to answer, on this process's clock. */
	readonly readyAtMs: number;
	/** The engine rebuilt the index instead of loading it: the cold start is not a cold start. */
	readonly rebuilt: boolean;
	readonly memoryReady: MemorySnapshot;
	readonly memoryWarm: MemorySnapshot;
	readonly memoryAfter: MemorySnapshot;
	readonly peakRssMb: number;
	readonly latency: {
		readonly total: Summary;
		readonly embed: Summary;
		readonly vector: Summary;
		readonly lexical: Summary;
		readonly compose: Summary;
		/** Fusion, diversification, sentence scoring and the rest: total minus the four stages. */
		readonly other: Summary;
	};
	readonly answered: number;
	readonly notCovered: number;
	readonly eventLoop: EventLoopReport;
}

/** The product's start-up path (config → embeddings → openEngine over a built index), then the question mix, uncached. */
export async function serveJob(spec: ServeJobSpec): Promise<ServeJobResult> {
	const bootMs = performance.now();
	const { logger, events } = recordingLogger();
	const config = benchConfig(spec.corpusDir, spec.indexDir);
	const embeddings = await createEmbeddings(config, logger);
	const modelReady = performance.now();
	const engine = await openEngine({ corpusDir: spec.corpusDir, indexDir: spec.indexDir, embeddings, logger });
	const readyAtMs = performance.now();
	await tellParent({ type: 'ready' });
	const memoryReady = memorySnapshot();
	try {
		for (const question of spec.questions.slice(0, spec.warmup)) await engine.ask(question);
		const memoryWarm = memorySnapshot();
		note(
			`serve: ready after ${readyAtMs.toFixed(0)} ms, ${memoryWarm.rssMb.toFixed(0)} MB warm; asking ${spec.questions.length} questions`,
		);

		const stages: Record<keyof ServeJobResult['latency'], number[]> = {
			total: [],
			embed: [],
			vector: [],
			lexical: [],
			compose: [],
			other: [],
		};
		let answered = 0;
		const watch = watchEventLoop('questions');
		for (const question of spec.questions) {
			// Interactions arrive on their own turns of the event loop; back-to-back asks would starve every timer.
			await new Promise((resolve) => setImmediate(resolve));
			const result = await engine.ask(question);
			const { totalMs, embedMs = 0, vectorMs = 0, lexicalMs = 0, composeMs = 0 } = result.timings;
			stages.total.push(totalMs);
			stages.embed.push(embedMs);
			stages.vector.push(vectorMs);
			stages.lexical.push(lexicalMs);
			stages.compose.push(composeMs);
			stages.other.push(totalMs - embedMs - vectorMs - lexicalMs - composeMs);
			if (result.kind === 'answered') answered++;
		}
		const eventLoop = await watch.stop();
		return {
			bootMs,
			modelMs: modelReady - bootMs,
			openMs: readyAtMs - modelReady,
			readyAtMs,
			rebuilt: events.some((event) => event.msg === 'ingest.started' || event.msg === 'index.rebuilding'),
			memoryReady,
			memoryWarm,
			memoryAfter: memorySnapshot(),
			peakRssMb: peakRssMb(),
			latency: {
				total: summarise(stages.total),
				embed: summarise(stages.embed),
				vector: summarise(stages.vector),
				lexical: summarise(stages.lexical),
				compose: summarise(stages.compose),
				other: summarise(stages.other),
			},
			answered,
			notCovered: spec.questions.length - answered,
			eventLoop,
		};
	} finally {
		await embeddings.close();
	}
}
