import {
	DEFAULT_SETTINGS,
	ExtractiveComposer,
	isCovered,
	type ComposerSettings,
	type Evidence,
} from '../answer/ExtractiveComposer.ts';
import { cachingQueries } from '../embeddings/cachingQueries.ts';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import { createEngine, type RetrievalSettings } from '../engine/createEngine.ts';
import type { Engine } from '../engine/Engine.ts';
import { evaluate, locateEvidence, type EvalMetrics } from '../eval/evaluate.ts';
import { evaluateNewsHtml, formatNewsHtmlReport } from '../eval/newsHtml.ts';
import { HELDOUT_QUESTIONS, loadQuestions, SEED_QUESTIONS, type EvalQuestion } from '../eval/questions.ts';
import { ingestCorpus } from '../ingest/ingestCorpus.ts';
import { CORPUS_FLAGS, createCliContext, parseFlags, runCli } from './cliContext.ts';
import { progressReporter } from './progress.ts';

const USAGE = `Usage: npm run eval -- [--questions FILE] [--calibrate] [--corpus DIR] [--index DIR]
Scores retrieval and answering for hybrid, vector-only and BM25-only retrieval.
  --questions FILE  question set (default: test/eval/seedQuestions.json, then test/eval/heldoutQuestions.json)
  --calibrate       also search the answer/refuse thresholds on the first set and print the best
  --benchmark news-html  instead, scores article extraction on ../shared/benchmarks/news-html, page by page`;

const FLAGS = {
	...CORPUS_FLAGS,
	questions: { type: 'string' },
	calibrate: { type: 'boolean' },
	benchmark: { type: 'string' },
} as const;

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
async function calibrate(
	engine: Engine,
	composer: ExtractiveComposer,
	questions: readonly EvalQuestion[],
): Promise<void> {
	const features: { answerable: boolean; evidence: Evidence }[] = [];
	for (const question of questions) {
		const retrieved = await engine.search(question.question);
		features.push({ answerable: question.answerable, evidence: composer.evidence(question.question, retrieved) });
	}
	const answerable = features.filter((item) => item.answerable);
	const unanswerable = features.filter((item) => !item.answerable);
	let best: { settings: ComposerSettings; wronglyRefused: number; refused: number } | undefined;
	const steps = (from: number, to: number, step: number): number[] =>
		Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 100) / 100);
	for (const strongSimilarity of steps(0.4, 0.8, 0.01)) {
		for (const weakSimilarity of steps(0.2, 0.6, 0.02)) {
			for (const minCoverage of steps(0.2, 0.9, 0.05)) {
				const settings = { ...DEFAULT_SETTINGS, strongSimilarity, weakSimilarity, minCoverage };
				const wronglyRefused =
					answerable.filter((item) => !isCovered(item.evidence, settings)).length / answerable.length;
				const refused = unanswerable.filter((item) => !isCovered(item.evidence, settings)).length / unanswerable.length;
				if (!best || wronglyRefused + (1 - refused) < best.wronglyRefused + (1 - best.refused)) {
					best = { settings, wronglyRefused, refused };
				}
			}
		}
	}
	if (!best) return;
	console.log(
		`\nLowest balanced error on this set: ${JSON.stringify(best.settings)} (in use: ${JSON.stringify(DEFAULT_SETTINGS)})`,
	);
	console.log(
		`  unanswerable refused ${best.refused.toFixed(3)}, answerable wrongly refused ${best.wronglyRefused.toFixed(3)}`,
	);
}

runCli(async () => {
	const { values } = parseFlags(FLAGS, USAGE);
	if (values.benchmark === 'news-html') {
		console.log(formatNewsHtmlReport(await evaluateNewsHtml()));
		return;
	}
	const context = await createCliContext(values);
	try {
		const sets = values.questions
			? [{ name: values.questions, file: values.questions }]
			: [
					{ name: 'Seed set (thresholds calibrated on it)', file: SEED_QUESTIONS },
					{ name: 'Held-out set', file: HELDOUT_QUESTIONS },
				];
		const { articles } = await loadCorpus(context.corpusDir);
		const { index } = await ingestCorpus({ ...context, onProgress: progressReporter('Embedding sentences') });
		// Every configuration asks the same questions: embed each once.
		const embeddings = cachingQueries(context.embeddings);
		const composer = new ExtractiveComposer((term) => index.lexical.idf(term));

		for (const [i, set] of sets.entries()) {
			const questions = await loadQuestions(set.file);
			const evidence = locateEvidence(questions, articles);
			console.log(
				`${i === 0 ? '' : '\n'}## ${set.name}: ${questions.length} questions (${questions.filter((q) => q.answerable).length} answerable), ${index.store.size} passages\n`,
			);
			console.log(
				'| retrieval  | hit@1 | hit@5 | MRR   | cited | unanswerable refused | answerable wrongly refused | boilerplate leakage |',
			);
			console.log(
				'|------------|-------|-------|-------|-------|----------------------|----------------------------|---------------------|',
			);
			let hybridFailures: readonly string[] = [];
			for (const [name, settings] of CONFIGURATIONS) {
				const metrics = await evaluate(createEngine({ index, embeddings, composer }, settings), questions, evidence);
				if (name === 'hybrid') hybridFailures = metrics.failures;
				console.log(row(name, metrics));
			}
			if (hybridFailures.length > 0) {
				console.log(`\nHybrid misses:\n${hybridFailures.map((failure) => `  ${failure}`).join('\n')}`);
			}
			if (values.calibrate && i === 0)
				await calibrate(createEngine({ index, embeddings, composer }), composer, questions);
		}
	} finally {
		await context.embeddings.close();
	}
});
