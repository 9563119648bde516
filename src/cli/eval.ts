import { DEFAULT_SETTINGS, ExtractiveComposer, type ComposerSettings } from '../answer/ExtractiveComposer.ts';
import { cachingQueries } from '../embeddings/cachingQueries.ts';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import { createEngine, type RetrievalSettings } from '../engine/createEngine.ts';
import { evaluate, locateEvidence, type EvalMetrics } from '../eval/evaluate.ts';
import { loadQuestions, SEED_QUESTIONS } from '../eval/questions.ts';
import { ingestCorpus } from '../ingest/ingestCorpus.ts';
import type { LoadedIndex } from '../store/indexDirectory.ts';
import { CORPUS_FLAGS, createCliContext, parseFlags, progressReporter, runCli } from './cliContext.ts';

const USAGE = `Usage: npm run eval -- [--questions FILE] [--calibrate] [--corpus DIR] [--index DIR]
Scores retrieval and answering on the evaluation set for hybrid, vector-only and BM25-only retrieval.
  --questions FILE  question set (default test/eval/seedQuestions.json)
  --calibrate       also search the answer/refuse thresholds and print the best`;

const FLAGS = { ...CORPUS_FLAGS, questions: { type: 'string' }, calibrate: { type: 'boolean' } } as const;

const CONFIGURATIONS: readonly [string, RetrievalSettings][] = [
	['hybrid', { mode: 'hybrid', fusion: 'convex' }],
	['hybrid-rrf', { mode: 'hybrid', fusion: 'rrf' }],
	['vector', { mode: 'vector' }],
	['bm25', { mode: 'lexical' }],
];

function row(name: string, metrics: EvalMetrics): string {
	const cells = [
		metrics.hitAt1,
		metrics.hitAt5,
		metrics.mrr,
		metrics.citedEvidence,
		metrics.unanswerableRefused,
		metrics.answerableWronglyRefused,
		metrics.boilerplateLeakage,
	].map((value) => value.toFixed(3));
	return `| ${name.padEnd(10)} | ${cells.join(' | ')} |`;
}

/** Thresholds that best separate answerable from unanswerable questions on this set: a suggestion to review. */
async function calibrate(index: LoadedIndex, run: (composer: ExtractiveComposer) => Promise<EvalMetrics>): Promise<void> {
	let best: { settings: ComposerSettings; metrics: EvalMetrics; cost: number } | undefined;
	for (const strongSimilarity of [0.55, 0.6, 0.65, 0.7, 0.75, 0.8]) {
		for (const weakSimilarity of [0.2, 0.25, 0.3, 0.35, 0.4, 0.45]) {
			for (const minCoverage of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]) {
				const settings = { strongSimilarity, weakSimilarity, minCoverage };
				const metrics = await run(new ExtractiveComposer((term) => index.lexical.idf(term), settings));
				const cost = 2 * metrics.answerableWronglyRefused + (1 - metrics.unanswerableRefused);
				if (!best || cost < best.cost) best = { settings, metrics, cost };
			}
		}
	}
	if (best) {
		console.log(`\nBest thresholds on this set: ${JSON.stringify(best.settings)} (current ${JSON.stringify(DEFAULT_SETTINGS)})`);
		console.log(row('calibrated', best.metrics));
	}
}

runCli(async () => {
	const { values } = parseFlags(FLAGS, USAGE);
	const context = await createCliContext(values);
	try {
		const questions = await loadQuestions(values.questions ?? SEED_QUESTIONS);
		const { articles } = await loadCorpus(context.corpusDir);
		const evidence = locateEvidence(questions, articles);
		const { index } = await ingestCorpus({ ...context, onProgress: progressReporter('Embedding passages') });
		// Every configuration asks the same questions: embed each once.
		const embeddings = cachingQueries(context.embeddings);
		const run = (composer: ExtractiveComposer, settings: RetrievalSettings = {}) =>
			evaluate(createEngine({ index, embeddings, composer }, settings), questions, evidence);
		const composer = new ExtractiveComposer((term) => index.lexical.idf(term));

		console.log(`${questions.length} questions (${questions.filter((q) => q.answerable).length} answerable), ${index.store.size} passages\n`);
		console.log('| retrieval  | hit@1 | hit@5 | MRR   | cited | unanswerable refused | answerable wrongly refused | boilerplate leakage |');
		console.log('|------------|-------|-------|-------|-------|-------|-------|-------|');
		const results = new Map<string, EvalMetrics>();
		for (const [name, settings] of CONFIGURATIONS) {
			const metrics = await run(composer, settings);
			results.set(name, metrics);
			console.log(row(name, metrics));
		}
		const failures = results.get('hybrid')?.failures ?? [];
		if (failures.length > 0) console.log(`\nHybrid misses:\n${failures.map((failure) => `  ${failure}`).join('\n')}`);
		if (values.calibrate) await calibrate(index, (candidate) => run(candidate));
	} finally {
		await context.embeddings.close();
	}
});
