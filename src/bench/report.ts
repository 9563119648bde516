import { VECTOR_WEIGHT } from '../retrieval/fuseRankings.ts';
import { HNSW_PARAMS } from '../store/HnswStore.ts';
import { MAX_BLOCK_MS, type EventLoopReport } from './eventLoop.ts';
import {
	formatBytes,
	formatCount,
	formatMb,
	formatMs,
	formatPercent,
	formatSeconds,
	formatShare,
	table,
} from './format.ts';
import type { IngestJobResult } from './jobs/ingestJob.ts';
import type { StepCost } from './jobs/analyseJob.ts';
import type { Machine } from './machine.ts';
import { totalOf } from './resources.ts';
import type { Summary } from './stats.ts';
import type { WorkloadResult } from './workload.ts';

export const TARGETS = {
	ingestShareOfModel: 0.9,
	maxBlockMs: MAX_BLOCK_MS,
	answerP50Ms: 30,
	answerP95Ms: 60,
	coldStartMs: 2_000,
	ingestPeakRssMb: 1_000,
	servingRssMb: 600,
	hybridHitAt10: 0.9,
} as const;

export interface TargetRow {
	readonly target: string;
	readonly goal: string;
	readonly measured: string;
	readonly met: boolean;
}

/** Sentences embedded per second of the whole ingest (loading, embedding, building and writing). */
export function ingestRate(run: IngestJobResult): number {
	return run.ingestMs > 0 ? run.embeddedSentences / (run.ingestMs / 1_000) : Number.NaN;
}

function embedRate(run: IngestJobResult): number {
	return run.embedMs > 0 ? run.embeddedSentences / (run.embedMs / 1_000) : Number.NaN;
}

/** Whether a hybrid hit@10 beats every alternative strictly. */
export function beatsAll(hybrid: number, others: readonly number[]): boolean {
	return others.every((other) => hybrid > other);
}

/** The issue's targets, judged on one workload (the SOTU one). */
export function evaluateTargets(result: WorkloadResult): TargetRow[] {
	const { full, incremental, reindex, serve, analyse, langchain } = result;
	const modelRate = full.model?.perSecond ?? Number.NaN;
	const share = ingestRate(full) / modelRate;
	const loops = [full, incremental, reindex].map((run) => run.eventLoop);
	const worstBlock = Math.max(...loops.map((loop) => loop.maxMs));
	const hybrid = analyse.quality['hybrid']?.hitAt10 ?? Number.NaN;
	const vector = analyse.quality['vector']?.hitAt10 ?? Number.NaN;
	const bm25 = analyse.quality['bm25']?.hitAt10 ?? Number.NaN;
	const lang = langchain.quality.hitAt10;
	return [
		{
			target: 'Ingest throughput against the bare model on 2 workers',
			goal: `≥ ${formatPercent(TARGETS.ingestShareOfModel)}`,
			measured: `${formatPercent(share)} (${ingestRate(full).toFixed(1)} vs ${modelRate.toFixed(1)} sentences/s)`,
			met: share >= TARGETS.ingestShareOfModel,
		},
		{
			target: 'Longest event-loop block during ingest (full, incremental, reindex while answering)',
			goal: `≤ ${TARGETS.maxBlockMs} ms`,
			measured: loops
				.map(
					(loop) =>
						`${formatMs(loop.maxMs)} ms (code-held ${loop.busyStalls > 0 ? `${formatMs(loop.busyMaxMs)} ms` : 'none'})`,
				)
				.join(' / '),
			met: worstBlock <= TARGETS.maxBlockMs,
		},
		{
			target: 'Full answer p50 (uncached)',
			goal: `≤ ${TARGETS.answerP50Ms} ms`,
			measured: `${formatMs(serve.latency.total.p50)} ms`,
			met: serve.latency.total.p50 <= TARGETS.answerP50Ms,
		},
		{
			target: 'Full answer p95 (uncached)',
			goal: `≤ ${TARGETS.answerP95Ms} ms`,
			measured: `${formatMs(serve.latency.total.p95)} ms`,
			met: serve.latency.total.p95 <= TARGETS.answerP95Ms,
		},
		{
			target: 'Cold start: process start to ready to answer, built index',
			goal: `≤ ${formatSeconds(TARGETS.coldStartMs)}`,
			measured: formatSeconds(serve.readyWallMs) + (serve.rebuilt ? ' (the index was rebuilt!)' : ''),
			met: serve.readyWallMs <= TARGETS.coldStartMs && !serve.rebuilt,
		},
		{
			target: 'Peak RSS of the full ingest',
			goal: `≤ ${formatMb(TARGETS.ingestPeakRssMb)}`,
			measured: formatMb(full.peakRssMb),
			met: full.peakRssMb <= TARGETS.ingestPeakRssMb,
		},
		{
			target: 'Serving RSS after warm-up',
			goal: `≤ ${formatMb(TARGETS.servingRssMb)}`,
			measured: formatMb(serve.memoryWarm.rssMb),
			met: serve.memoryWarm.rssMb <= TARGETS.servingRssMb,
		},
		{
			target: 'Hybrid hit@10 on the needles',
			goal: `≥ ${TARGETS.hybridHitAt10}`,
			measured: formatShare(hybrid),
			met: hybrid >= TARGETS.hybridHitAt10,
		},
		{
			target: 'Hybrid hit@10 above vector-only, BM25-only and LangChain',
			goal: '>',
			measured: `${formatShare(hybrid)} vs ${formatShare(vector)} / ${formatShare(bm25)} / ${formatShare(lang)}`,
			met: beatsAll(hybrid, [vector, bm25, lang]),
		},
	];
}

function latencyRow(name: string, summary: Summary): string[] {
	return [name, formatMs(summary.p50), formatMs(summary.p95), formatMs(summary.p99), formatMs(summary.max)];
}

function stallText(report: EventLoopReport): string {
	const phases = Object.entries(report.byPhase).sort((a, b) => b[1].longestMs - a[1].longestMs);
	if (phases.length === 0) return 'none';
	return phases
		.map(
			([phase, stalls]) =>
				`${phase}: ${stalls.busyCount} of ${stalls.count}` +
				(stalls.busyCount > 0 ? `, longest ${formatMs(stalls.busyLongestMs)} ms` : '') +
				(stalls.longestMs > stalls.busyLongestMs ? ` (any: ${formatMs(stalls.longestMs)} ms)` : ''),
		)
		.join('; ');
}

function eventLoopRow(name: string, report: EventLoopReport): string[] {
	return [
		name,
		`${formatMs(report.maxMs)} ms`,
		`${formatMs(report.p99Ms)} ms`,
		`${formatCount(report.busyStalls)} / ${formatCount(report.stallsOverLimit)}`,
		report.busyStalls > 0 ? `${formatMs(report.busyMaxMs)} ms` : '–',
		formatSeconds(report.stalledMs),
		stallText(report),
	];
}

function ingestRow(name: string, run: IngestJobResult): string[] {
	return [
		name,
		formatCount(run.files),
		formatCount(run.passages),
		`${formatCount(run.embeddedPassages)} / ${formatCount(run.embeddedSentences)}`,
		formatSeconds(run.ingestMs),
		run.embeddedSentences > 0 ? ingestRate(run).toFixed(1) : '–',
		formatMb(run.peakRssMb),
		formatBytes(totalOf(run.indexBytes)),
	];
}

function stepRows(steps: readonly StepCost[]): string[][] {
	return steps.map((step) => [
		step.name,
		formatMs(step.ms),
		formatMs(step.maxBlockMs),
		formatMb(step.rssMb),
		`${step.rssDeltaMb >= 0 ? '+' : ''}${Math.round(step.rssDeltaMb)} MB`,
		step.detail ?? '',
	]);
}

function ratio(ours: number, theirs: number): string {
	return Number.isFinite(ours / theirs) ? `${(ours / theirs).toFixed(2)}×` : '–';
}

/** The Markdown section of one workload. */
export function renderWorkload(result: WorkloadResult): string {
	const { full, incremental, reindex, serve, analyse, langchain, questions } = result;
	const out: string[] = [];
	out.push(`## ${result.title}`);
	out.push(
		`${formatCount(full.files)} files, ${formatCount(analyse.passages)} passages, ${formatCount(analyse.sentences)} embedded sentences. ` +
			`Questions: ${questions.description}. Load average (1 min) ${result.loadAverage[0].toFixed(1)} at the start of this workload, ${result.loadAverage[1].toFixed(1)} at its end.`,
	);

	out.push('### Ingest');
	out.push(
		table(
			['run', 'files', 'passages', 'embedded passages / sentences', 'wall', 'sentences/s', 'peak RSS', 'on disk'],
			[
				ingestRow('full', full),
				ingestRow(`incremental (${result.changedFile} changed)`, incremental),
				ingestRow('reindex while answering (file restored)', reindex),
				[
					'LangChain: splitter + HNSWLib',
					formatCount(full.files),
					`${formatCount(langchain.chunks)} chunks`,
					`${formatCount(langchain.chunks)} / –`,
					formatSeconds(langchain.ingestMs),
					`${(langchain.chunks / (langchain.ingestMs / 1_000)).toFixed(1)} chunks/s`,
					formatMb(langchain.peakRssMb),
					formatBytes(totalOf(langchain.indexBytes)),
				],
			],
		),
	);
	const lines: string[] = [];
	lines.push(
		`- Full ingest phases: load + plan ${formatSeconds(full.embedFromMs)}, embedding ${formatSeconds(full.embedMs)} ` +
			`(${embedRate(full).toFixed(1)} sentences/s), store + lexical + write ${formatSeconds(full.ingestMs - full.embedToMs)}; ` +
			`embedding model set up before it ${formatSeconds(full.modelLoadMs)}.`,
	);
	if (full.model) {
		lines.push(
			`- Bare model on 2 workers (\`measureWorkerThroughput\` in the ingest's process, every other sentence of the sample before the ingest, the rest after): ` +
				`${full.model.perSecond.toFixed(1)} sentences/s (${full.model.beforePerSecond.toFixed(1)} before, ${full.model.afterPerSecond.toFixed(1)} after) ` +
				`on ${formatCount(full.model.texts)} of the ingest's sentences (evenly spaced, corpus order). Ingest reaches ` +
				`${formatPercent(ingestRate(full) / full.model.perSecond)} of it end to end, ${formatPercent(embedRate(full) / full.model.perSecond)} in its embedding phase. ` +
				`The workers were started (${formatSeconds(full.workerStartMs)}) before the ingest timer.`,
		);
	}
	const { boot, model, workers } = full.memory;
	lines.push(
		`- Ingest process memory before any corpus data: ${formatMb(boot.rssMb)} at start, ${formatMb(model.rssMb)} with the embedding model named (as \`npm run ingest\`, no copy for queries), ` +
			`${formatMb(workers.rssMb)} with 2 embedding workers; peak ${formatMb(full.peakRssMb)}.`,
	);
	if (full.sortedComparison) {
		const { texts, corpusOrder, sortedByLength } = full.sortedComparison;
		lines.push(
			`- Same model, ${formatCount(texts)} sentences: ${corpusOrder.toFixed(1)}/s in corpus order, ${sortedByLength.toFixed(1)}/s when sorted by length ` +
				`before batching (${formatPercent(sortedByLength / corpusOrder - 1)} faster: a batch is padded to its longest text).`,
		);
	}
	lines.push(
		`- Index files: ${Object.entries(full.indexBytes)
			.map(([name, bytes]) => `${name} ${formatBytes(bytes)}`)
			.join(', ')}.`,
	);
	out.push(lines.join('\n'));

	out.push(`### Event loop (longest delay of a 10 ms timer; target ≤ ${MAX_BLOCK_MS} ms)`);
	out.push(
		'A stall is code-held when the main thread was running for at least half of it (event-loop utilisation); the ' +
			'other stalls are the thread waiting for a core that the embedding workers or other processes held.',
	);
	out.push(
		table(
			[
				'while',
				'max',
				'p99',
				`stalls > ${MAX_BLOCK_MS} ms: code-held / all`,
				'longest code-held',
				'time stalled',
				'code-held of all stalls by phase',
			],
			[
				eventLoopRow('full ingest', full.eventLoop),
				eventLoopRow('incremental ingest', incremental.eventLoop),
				eventLoopRow('reindex while answering', reindex.eventLoop),
				eventLoopRow('answering the question mix', serve.eventLoop),
				eventLoopRow('LangChain ingest', langchain.eventLoop),
			],
		),
	);
	if (reindex.concurrent) {
		const { latency, answered } = reindex.concurrent;
		out.push(
			`During the reindex ${answered} questions were answered (one every 100 ms): p50 ${formatMs(latency.p50)} ms, ` +
				`p95 ${formatMs(latency.p95)} ms, max ${formatMs(latency.max)} ms.`,
		);
	}

	out.push('### Cold start and memory');
	out.push(
		table(
			['measure', 'value'],
			[
				['spawn to ready to answer (wall)', formatSeconds(serve.readyWallMs)],
				['… of which Node, tsx and imports', formatSeconds(serve.bootMs)],
				['… model load (USE lite on the main thread)', formatSeconds(serve.modelMs)],
				['… `openEngine` (freshness check, checksums, index load)', formatSeconds(serve.openMs)],
				['RSS when ready', formatMb(serve.memoryReady.rssMb)],
				[`RSS after warm-up`, formatMb(serve.memoryWarm.rssMb)],
				[
					'RSS after the question mix (heap / external)',
					`${formatMb(serve.memoryAfter.rssMb)} (${formatMb(serve.memoryAfter.heapUsedMb)} / ${formatMb(serve.memoryAfter.externalMb)})`,
				],
			],
		),
	);
	out.push('Load path step by step (analysis process; longest block = longest event-loop delay during the step):');
	out.push(table(['step', 'ms', 'longest block', 'RSS after', 'RSS Δ', 'detail'], stepRows(analyse.load)));

	out.push(`### Query latency (${formatCount(serve.latency.total.count)} questions, uncached, ms)`);
	out.push(
		table(
			['stage', 'p50', 'p95', 'p99', 'max'],
			[
				latencyRow('full answer (`engine.ask`)', serve.latency.total),
				latencyRow('query embedding', serve.latency.embed),
				latencyRow('vector search', serve.latency.vector),
				latencyRow('lexical search', serve.latency.lexical),
				latencyRow('composition', serve.latency.compose),
				latencyRow('fusion, diversification and the rest', serve.latency.other),
				latencyRow('LangChain `similaritySearch(q, 10)`', langchain.latency),
			],
		),
	);
	out.push(`${serve.answered} answered, ${serve.notCovered} "not covered".`);

	out.push(`### Retrieval quality (${analyse.quality['hybrid']?.questions ?? 0} needles)`);
	const qualityRows = Object.entries(analyse.quality).map(([name, score]) => [
		name,
		formatShare(score.hitAt1),
		formatShare(score.hitAt10),
		formatShare(score.mrr),
	]);
	qualityRows.push([
		'LangChain',
		formatShare(langchain.quality.hitAt1),
		formatShare(langchain.quality.hitAt10),
		formatShare(langchain.quality.mrr),
	]);
	out.push(table(['retrieval', 'hit@1', 'hit@10', 'MRR@10'], qualityRows));
	if (analyse.hybridMisses.length > 0) {
		out.push(
			`Hybrid needles not at rank 1: ${analyse.hybridMisses
				.map((miss) => `"${miss.question}" (${miss.rank < 0 ? 'not in top 10' : `rank ${miss.rank + 1}`})`)
				.join('; ')}.`,
		);
	}

	out.push(
		`Hybrid at other semantic weights (product: \`VECTOR_WEIGHT\` = ${VECTOR_WEIGHT}; passages only BM25 found get the ` +
			'last vector hit\'s similarity ("bound", as the retriever does) or their closest sentence\'s ("exact"); hit@10 / MRR@10):',
	);
	const weights = [...new Set(analyse.fusion.map((point) => point.vectorWeight))];
	const cell = (lexicalOnly: string, weight: number): string => {
		const point = analyse.fusion.find((item) => item.lexicalOnly === lexicalOnly && item.vectorWeight === weight);
		return point ? `${formatShare(point.scores.hitAt10)} / ${formatShare(point.scores.mrr)}` : '–';
	};
	out.push(
		table(
			['lexical-only similarity', ...weights.map((weight) => `w = ${weight}`)],
			['bound', 'exact'].map((kind) => [kind, ...weights.map((weight) => cell(kind, weight))]),
		),
	);

	const { recall } = analyse;
	out.push(
		`### hnswlib recall (m ${HNSW_PARAMS.m}, efConstruction ${HNSW_PARAMS.efConstruction}, ef ${HNSW_PARAMS.efSearch})`,
	);
	out.push(
		`Over ${recall.questions} real question embeddings: recall@10 of \`searchSentences\` against \`exactSearchSentences\` ` +
			`${formatShare(recall.at10, 4)}; recall@${recall.depth} (the depth retrieval asks for) ${formatShare(recall.atDepth, 4)}. ` +
			`Search p50 ${formatMs(recall.approximate.p50)} ms approximate, ${formatMs(recall.exact.p50)} ms exact.`,
	);
	out.push('Other ef values, on a twin index built from the same vectors with the same parameters:');
	out.push(
		table(
			['ef', 'recall@10', `recall@${recall.depth}`, 'search p50 (k = 10)'],
			recall.sweep.map((row) => [
				String(row.ef),
				formatShare(row.at10, 4),
				formatShare(row.atDepth, 4),
				`${formatMs(row.searchP50Ms)} ms`,
			]),
		),
	);

	out.push('### Non-embedding ingest work, repeated on the built index (analysis process)');
	out.push(
		"Each step on the analysis process's main thread, to show what it costs; ingest runs chunking, both builds and " +
			'the write on its index build thread, and only the load on the thread that serves.',
	);
	out.push(table(['step', 'ms', 'longest block', 'RSS after', 'RSS Δ', 'detail'], stepRows(analyse.build)));

	out.push('### Ours against the LangChain pipeline');
	const ourDisk = totalOf(full.indexBytes);
	const theirDisk = totalOf(langchain.indexBytes);
	out.push(
		table(
			['measure', 'ours', 'LangChain', 'ours / LangChain'],
			[
				[
					'ingest wall',
					formatSeconds(full.ingestMs),
					formatSeconds(langchain.ingestMs),
					ratio(full.ingestMs, langchain.ingestMs),
				],
				[
					'query p50 (ours: full answer)',
					`${formatMs(serve.latency.total.p50)} ms`,
					`${formatMs(langchain.latency.p50)} ms`,
					ratio(serve.latency.total.p50, langchain.latency.p50),
				],
				[
					'query p95',
					`${formatMs(serve.latency.total.p95)} ms`,
					`${formatMs(langchain.latency.p95)} ms`,
					ratio(serve.latency.total.p95, langchain.latency.p95),
				],
				[
					'hit@10',
					formatShare(analyse.quality['hybrid']?.hitAt10 ?? Number.NaN),
					formatShare(langchain.quality.hitAt10),
					ratio(analyse.quality['hybrid']?.hitAt10 ?? Number.NaN, langchain.quality.hitAt10),
				],
				[
					'peak ingest RSS',
					formatMb(full.peakRssMb),
					formatMb(langchain.peakRssMb),
					ratio(full.peakRssMb, langchain.peakRssMb),
				],
				['index on disk', formatBytes(ourDisk), formatBytes(theirDisk), ratio(ourDisk, theirDisk)],
			],
		),
	);
	return out.join('\n\n');
}

export interface ReportOptions {
	readonly quick: boolean;
	readonly minutes: number;
}

/** The whole of BENCHMARKS.md. The first workload is the one the targets are judged on. */
export function renderReport(machine: Machine, results: readonly WorkloadResult[], options: ReportOptions): string {
	const out: string[] = ['# Benchmarks'];
	out.push(
		`Written by \`npm run bench${options.quick ? ' -- --quick' : ''}\` on ${machine.date} at ${machine.revision}: ${machine.cores} cores (${machine.cpu}), ` +
			`${machine.memoryGb.toFixed(0)} GB RAM, Node ${machine.node}, ${machine.platform}. The run took ${options.minutes.toFixed(0)} min. ` +
			'Every measurement runs in its own Node process (TypeScript through tsx, as `npm start` runs). ' +
			'Timings are wall-clock on a shared machine: a load average above the core count means other processes competed for the cores.',
	);
	const [first] = results;
	if (first) {
		out.push(`## Targets (${first.title})`);
		const rows = evaluateTargets(first);
		out.push(
			table(
				['target', 'goal', 'measured', 'met'],
				rows.map((row) => [row.target, row.goal, row.measured, row.met ? 'yes' : '**no**']),
			),
		);
	}
	for (const result of results) out.push(renderWorkload(result));
	return `${out.join('\n\n')}\n`;
}
