import { composerFactory, type ComposerFactory } from '../answer/composerFactory.ts';
import { createExtractiveComposer } from '../answer/createExtractiveComposer.ts';
import type { Composer } from '../answer/types.ts';
import { cachingQueries } from '../embeddings/cachingQueries.ts';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import { createEngine, type RetrievalSettings } from '../engine/createEngine.ts';
import { AppError } from '../errors.ts';
import { openBenchmarkIndex } from '../eval/benchmarkIndex.ts';
import {
	evaluateSquad,
	loadSquadQuestions,
	locateAnswers,
	SQUAD2_CORPUS,
	type SquadMetrics,
	type SquadSplit,
} from '../eval/squad2.ts';
import { evaluate, locateEvidence, type EvalMetrics } from '../eval/evaluate.ts';
import { HELDOUT_QUESTIONS, loadQuestions, SEED_QUESTIONS } from '../eval/questions.ts';
import { FOLLOW_UP_WEIGHT, KeyTermCondenser } from '../conversation/condenseFollowUp.ts';
import { createCondenser } from '../conversation/createCondenser.ts';
import { followUpTable } from '../eval/followUps.ts';
import { evaluateNewsHtml, formatNewsHtmlReport } from '../eval/newsHtml.ts';
import { ingestCorpus } from '../ingest/ingestCorpus.ts';
import { CORPUS_FLAGS, createCliContext, type CliContext, parseFlags, runCli } from './cliContext.ts';
import { progressReporter } from './progress.ts';

const USAGE = `Usage: npm run eval -- [--questions FILE] [--benchmark squad2|news-html [--split dev|test] [--limit N]] [--corpus DIR] [--index DIR]
Scores retrieval and answering for hybrid, vector-only and BM25-only retrieval.
  --questions FILE      question set (default: test/eval/seedQuestions.json, then test/eval/heldoutQuestions.json)
  --benchmark squad2    SQuAD 2.0 from ../shared/benchmarks/squad2 instead (its index is kept in the system's temp folder)
  --benchmark news-html article extraction on ../shared/benchmarks/news-html instead, page by page
  --split dev|test      which SQuAD split to ask (default test: held out, never trained on)
  --limit N             ask only the first N questions of the split
  --composer llm        answer with the language model at LLM_BASE_URL (see .env.example); default: extractive`;

const FLAGS = {
	...CORPUS_FLAGS,
	questions: { type: 'string' },
	benchmark: { type: 'string' },
	split: { type: 'string' },
	limit: { type: 'string' },
	composer: { type: 'string' },
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
		metrics.answerableHedged,
		metrics.boilerplateLeakage,
	].map((value) => value.toFixed(3));
	return `| ${name.padEnd(10)} | ${cells.join(' | ')} |`;
}

/** Counts who composed each result, so a model that keeps failing cannot pass for one that answers. */
function countOutcomes(composer: Composer, outcomes: Map<string, number>): Composer {
	return {
		async compose(question, retrieved) {
			const composed = await composer.compose(question, retrieved);
			const who = composed.fallback ? `extractive (${composed.fallback})` : (composed.composer ?? 'extractive');
			outcomes.set(who, (outcomes.get(who) ?? 0) + 1);
			return composed;
		},
	};
}

function percent(value: number): string {
	return value.toFixed(3);
}

async function benchmarkSquad2(
	context: CliContext,
	split: SquadSplit,
	limit: number | undefined,
	composerFor: (extractive: Composer) => Composer,
): Promise<void> {
	const { index, articles } = await openBenchmarkIndex(
		context,
		SQUAD2_CORPUS,
		'squad2',
		progressReporter('Indexing SQuAD 2.0'),
	);
	const questions = (await loadSquadQuestions(split)).slice(0, limit);
	const answers = locateAnswers(questions, articles);
	const embeddings = cachingQueries(context.embeddings);
	const extractive = createExtractiveComposer(index);
	const composer = composerFor(extractive);
	const answerable = questions.filter((question) => !question.impossible).length;
	console.log(
		`## SQuAD 2.0, ${split} split: ${questions.length} questions (${answerable} answerable), retrieval over all ${articles.length} articles, ${index.store.size} passages\n`,
	);
	console.log(
		'| retrieval | hit@5 | answered right | answerable: closest only | answerable: not covered | unanswerable refused | accuracy | ECE   |',
	);
	console.log(
		'|-----------|-------|----------------|--------------------------|-------------------------|----------------------|----------|-------|',
	);
	let hybrid: SquadMetrics | undefined;
	for (const [name, settings] of CONFIGURATIONS.filter(([name]) => name !== 'hybrid-rrf')) {
		const metrics = await evaluateSquad(
			createEngine({ index, embeddings, composer }, settings),
			questions,
			answers,
			progressReporter(`Asking (${name})`),
		);
		hybrid ??= metrics;
		const cells = [
			metrics.hitAt5,
			metrics.answeredRight,
			metrics.answerableUncertain,
			metrics.answerableRefused,
			metrics.unanswerableRefused,
			metrics.accuracy,
			metrics.expectedCalibrationError,
		].map(percent);
		console.log(`| ${name.padEnd(9)} | ${cells.join(' | ')} |`);
	}
	if (!hybrid) return;
	console.log(
		`\nHybrid: confidence tells answerable from unanswerable questions with ROC AUC ${hybrid.auc.toFixed(3)}; accuracy had the answer band started at each confidence:\n`,
	);
	console.log(`| from | ${hybrid.curve.map(({ threshold }) => threshold.toFixed(2)).join(' | ')} |`);
	console.log(`|------|${hybrid.curve.map(() => '------').join('|')}|`);
	console.log(`| accuracy | ${hybrid.curve.map(({ accuracy }) => percent(accuracy)).join(' | ')} |`);
	console.log(
		`\nHybrid, per question: answer p50 ${hybrid.answerMs.p50.toFixed(1)} ms, p95 ${hybrid.answerMs.p95.toFixed(1)} ms; of which composing (features and the model) p50 ${hybrid.composeMs.p50.toFixed(1)} ms, p95 ${hybrid.composeMs.p95.toFixed(1)} ms.`,
	);
	const bands = extractive.bands;
	console.log(
		`\nBands in use: answer from confidence ${bands.answer.toFixed(2)}, closest passage from ${bands.closest.toFixed(2)}, not covered below.`,
	);
}

runCli(async () => {
	const { values } = parseFlags(FLAGS, USAGE);
	if (values.benchmark === 'news-html') {
		console.log(formatNewsHtmlReport(await evaluateNewsHtml()));
		return;
	}
	if (values.composer !== undefined && values.composer !== 'extractive' && values.composer !== 'llm') {
		throw new AppError('INPUT_INVALID', `--composer must be extractive or llm, not ${values.composer}.`);
	}
	const context = await createCliContext(values);
	const llm: ComposerFactory | undefined = composerFactory(
		{ ...context.config, COMPOSER: values.composer ?? 'extractive' },
		context.logger,
	);
	const outcomes = new Map<string, number>();
	const composerFor = (extractive: Composer): Composer => (llm ? countOutcomes(llm(extractive), outcomes) : extractive);
	try {
		if (values.benchmark !== undefined) {
			if (values.benchmark !== 'squad2')
				throw new AppError('INPUT_INVALID', `Unknown benchmark ${values.benchmark}: try squad2 or news-html.`);
			const split = values.split ?? 'test';
			if (split !== 'dev' && split !== 'test')
				throw new AppError('INPUT_INVALID', `--split is dev or test, not ${split}.`);
			const limit = values.limit === undefined ? undefined : Number(values.limit);
			if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
				throw new AppError('INPUT_INVALID', `--limit takes a whole number above 0, not ${values.limit}.`);
			}
			await benchmarkSquad2(context, split, limit, composerFor);
			return;
		}
		const sets = values.questions
			? [{ name: values.questions, file: values.questions }]
			: [
					{ name: "Seed set (part of the answerability model's training data)", file: SEED_QUESTIONS },
					{ name: 'Held-out set', file: HELDOUT_QUESTIONS },
				];
		const { articles } = await loadCorpus(context.corpusDir);
		const { index } = await ingestCorpus({ ...context, onProgress: progressReporter('Embedding sentences') });
		// Every configuration asks the same questions: embed each once.
		const embeddings = cachingQueries(context.embeddings);
		const composer = composerFor(createExtractiveComposer(index));

		for (const [i, set] of sets.entries()) {
			const questions = await loadQuestions(set.file);
			const evidence = locateEvidence(questions, articles);
			console.log(
				`${i === 0 ? '' : '\n'}## ${set.name}: ${questions.length} questions (${questions.filter((q) => q.answerable).length} answerable), ${index.store.size} passages\n`,
			);
			console.log(
				'| retrieval  | hit@1 | hit@5 | MRR   | cited | unanswerable refused | answerable wrongly refused | answerable: closest only | boilerplate leakage |',
			);
			console.log(
				'|------------|-------|-------|-------|-------|----------------------|----------------------------|--------------------------|---------------------|',
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
		}
		if (!values.questions) {
			const engine = createEngine({ index, embeddings, composer });
			const condenser = (weight: number) => new KeyTermCondenser(weight);
			// The model's condense step needs its endpoint, so it is measured only with --composer llm.
			const llmCondenser = llm && createCondenser({ ...context.config, COMPOSER: 'llm' }, context.logger);
			console.log(`\n${await followUpTable(engine, articles, condenser, FOLLOW_UP_WEIGHT, llmCondenser)}`);
		}
		if (llm) console.log(`\nComposed by: ${[...outcomes].map(([who, count]) => `${who} ${count}`).join(', ')}`);
	} finally {
		await context.embeddings.close();
	}
});
