import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { listCorpusFiles } from '../corpus/loadCorpus.ts';
import { note } from './benchLogger.ts';
import { runJob } from './childProcess.ts';
import type { AnalyseJobResult, AnalyseJobSpec } from './jobs/analyseJob.ts';
import type { IngestJobResult, IngestJobSpec } from './jobs/ingestJob.ts';
import type { LangchainJobResult, LangchainJobSpec } from './jobs/langchainJob.ts';
import type { ServeJobResult, ServeJobSpec } from './jobs/serveJob.ts';
import type { QuestionSet } from './questions.ts';
import { pickEvenly } from './stats.ts';

/** Questions answered while a reindex runs, and before timing the question mix. */
const REINDEX_QUESTIONS = 40;
const WARMUP_QUESTIONS = 20;
/** Appended to one file for the incremental re-run. */
const CHANGE = '\n\nThis paragraph was added by the benchmark so that one file changes between two ingests.\n';

export interface WorkloadPlan {
	readonly name: string;
	readonly title: string;
	readonly corpusDir: string;
	/** Where indexes are built: `index/` (ours) and `langchain/`. */
	readonly workDir: string;
	readonly questions: QuestionSet;
	/** Sentences ingest embeds, in its order: samples of them measure the bare model. */
	readonly sentences: readonly string[];
	/** Sentences of the bare-model measurement, and of the corpus-order against sorted comparison. */
	readonly modelSample: number;
	readonly sortedSample: number;
}

export interface WorkloadResult {
	readonly name: string;
	readonly title: string;
	readonly questions: QuestionSet;
	readonly full: IngestJobResult;
	readonly incremental: IngestJobResult;
	readonly reindex: IngestJobResult;
	readonly serve: ServeJobResult & { readonly readyWallMs: number };
	readonly analyse: AnalyseJobResult;
	readonly langchain: LangchainJobResult;
	readonly changedFile: string;
	readonly loadAverage: readonly [number, number];
}

/**
 * Runs every measurement of one corpus, each in its own process: full ingest (and the bare model), an incremental
 * re-run with one file changed, a reindex while answering, cold start and the question mix, the analysis, LangChain.
 */
export async function runWorkload(plan: WorkloadPlan): Promise<WorkloadResult> {
	const loadBefore = loadavg()[0] ?? 0;
	const indexDir = path.join(plan.workDir, 'index');
	const base = { corpusDir: plan.corpusDir, indexDir };
	const ingest = async (spec: IngestJobSpec) => (await runJob<IngestJobResult>('ingest', spec)).result;

	note(`${plan.name}: full ingest`);
	const full = await ingest({
		...base,
		label: `${plan.name} full`,
		modelTexts: pickEvenly(plan.sentences, plan.modelSample),
		sortedTexts: plan.sortedSample > 0 ? pickEvenly(plan.sentences, plan.sortedSample) : [],
	});

	const files = await listCorpusFiles(plan.corpusDir);
	const changedFile = files[Math.floor(files.length / 2)] as string;
	const changedPath = path.join(plan.corpusDir, changedFile);
	const original = await readFile(changedPath);
	await writeFile(changedPath, Buffer.concat([original, Buffer.from(CHANGE)]));
	note(`${plan.name}: incremental ingest with ${changedFile} changed`);
	const incremental = await ingest({ ...base, label: `${plan.name} incremental`, modelTexts: [], sortedTexts: [] });

	await writeFile(changedPath, original);
	note(`${plan.name}: reindex (${changedFile} restored) while answering questions`);
	const reindex = await ingest({
		...base,
		label: `${plan.name} reindex`,
		modelTexts: [],
		sortedTexts: [],
		concurrentQuestions: plan.questions.questions.slice(0, REINDEX_QUESTIONS),
	});

	note(`${plan.name}: cold start and ${plan.questions.questions.length} questions`);
	const served = await runJob<ServeJobResult>('serve', {
		...base,
		questions: plan.questions.questions,
		warmup: WARMUP_QUESTIONS,
	} satisfies ServeJobSpec);

	note(`${plan.name}: analysis`);
	const analyse = (
		await runJob<AnalyseJobResult>('analyse', {
			...base,
			needles: plan.questions.needles,
			questions: plan.questions.questions,
		} satisfies AnalyseJobSpec)
	).result;

	note(`${plan.name}: LangChain baseline`);
	const langchain = (
		await runJob<LangchainJobResult>('langchain', {
			corpusDir: plan.corpusDir,
			indexDir: path.join(plan.workDir, 'langchain'),
			needles: plan.questions.needles,
			questions: plan.questions.questions,
		} satisfies LangchainJobSpec)
	).result;

	return {
		name: plan.name,
		title: plan.title,
		questions: plan.questions,
		full,
		incremental,
		reindex,
		serve: { ...served.result, readyWallMs: served.readyMs ?? Number.NaN },
		analyse,
		langchain,
		changedFile,
		loadAverage: [loadBefore, loadavg()[0] ?? 0],
	};
}
