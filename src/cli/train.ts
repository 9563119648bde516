import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ANSWERABILITY_MODEL_FILE } from '../answer/AnswerabilityModel.ts';
import { DEFAULT_K } from '../engine/createEngine.ts';
import { HybridRetriever } from '../retrieval/HybridRetriever.ts';
import type { LoadedIndex } from '../store/indexDirectory.ts';
import { openBenchmarkIndex } from '../eval/benchmarkIndex.ts';
import { locateEvidence } from '../eval/evaluate.ts';
import { loadQuestions, SEED_QUESTIONS } from '../eval/questions.ts';
import { holdsAnswer, loadSquadQuestions, locateAnswers, SQUAD2_CORPUS } from '../eval/squad2.ts';
import { createTextAnalyser } from '../text/analyseText.ts';
import { BOOSTING, trainAnswerability } from '../train/trainAnswerability.ts';
import { collectExamples, type LabelledQuestion, type QuestionExamples } from '../train/collectExamples.ts';
import { CORPUS_FLAGS, createCliContext, parseFlags, runCli } from './cliContext.ts';
import { progressReporter } from './progress.ts';

const USAGE = `Usage: npm run train -- [--out FILE]
Fits the answerability model on SQuAD 2.0's dev split and the seed evaluation set (never on SQuAD's test split),
with 4-fold cross-validation by article, and writes its weights, calibration and bands as JSON.
  --out FILE  where to write the model (default: ${fileURLToPath(ANSWERABILITY_MODEL_FILE)})`;

/**
 * How many times each seed question counts in fitting. News questions are the product's domain, and 73 of them
 * would vanish among 6,078 Wikipedia ones; the held-out set checks that the weight generalises.
 */
const SEED_WEIGHT = 20;

const FLAGS = { ...CORPUS_FLAGS, out: { type: 'string' } } as const;

runCli(async () => {
	const { values } = parseFlags(FLAGS, USAGE);
	const out = values.out ?? fileURLToPath(ANSWERABILITY_MODEL_FILE);
	const context = await createCliContext(values);
	try {
		const analyser = createTextAnalyser();
		const squad = await openBenchmarkIndex(context, SQUAD2_CORPUS, 'squad2', progressReporter('Indexing SQuAD 2.0'));
		const squadQuestions = await loadSquadQuestions('dev');
		const spans = locateAnswers(squadQuestions, squad.articles);
		const squadLabelled: LabelledQuestion[] = squadQuestions.map((question) => ({
			id: question.id,
			question: question.question,
			group: question.file,
			answerable: !question.impossible,
			holdsAnswer: (file, start, end) => holdsAnswer(spans.get(question.id), file, start, end),
		}));
		const seeds = await openBenchmarkIndex(context, context.corpusDir, 'seeds');
		const seedQuestions = await loadQuestions(SEED_QUESTIONS);
		const evidence = locateEvidence(seedQuestions, seeds.articles);
		const seedLabelled: LabelledQuestion[] = seedQuestions.map((question) => ({
			id: question.id,
			question: question.question,
			group: 'seeds',
			answerable: question.answerable,
			holdsAnswer: (file, start, end) =>
				(evidence.get(question.id) ?? []).some(
					(span) =>
						span.file === file &&
						Math.min(span.end, end) - Math.max(span.start, start) >= Math.min(span.end - span.start, end - start) / 2,
				),
		}));

		const searchOver = (index: LoadedIndex) => {
			const retriever = new HybridRetriever(context.embeddings, index.store, index.lexical, index.articles);
			return async (question: string) => (await retriever.retrieve(question, { k: DEFAULT_K })).passages;
		};
		const examples: QuestionExamples[] = [
			...(await collectExamples(
				searchOver(squad.index),
				squadLabelled,
				squad.index.lexical,
				analyser,
				progressReporter('SQuAD dev questions'),
			)),
			...(await collectExamples(searchOver(seeds.index), seedLabelled, seeds.index.lexical, analyser)).map(
				(example) => ({ ...example, weight: SEED_WEIGHT }),
			),
		];

		const { weights, report } = trainAnswerability(examples, BOOSTING);
		console.log(report.join('\n'));
		await writeFile(out, `${JSON.stringify(weights)}\n`);
		console.log(`\nWrote ${out}`);
	} finally {
		await context.embeddings.close();
	}
});
