import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractiveComposer } from '../../src/answer/createExtractiveComposer.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { createEmbeddings } from '../../src/embeddings/createEmbeddings.ts';
import type { EmbeddingModel } from '../../src/embeddings/types.ts';
import { createEngine } from '../../src/engine/createEngine.ts';
import {
	evaluateSquad,
	loadSquadQuestions,
	locateAnswers,
	SQUAD2_CORPUS,
	type SquadMetrics,
} from '../../src/eval/squad2.ts';
import { ingestCorpus } from '../../src/ingest/ingestCorpus.ts';
import { silentLogger } from '../helpers/silentLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

/** A fixed sample of the dev split (every eighth question): the full test split takes minutes, CI gets a floor. */
const SAMPLE_EVERY = 8;

const dirs = useTempDirs();
let embeddings: EmbeddingModel;
let metrics: SquadMetrics;

beforeAll(async () => {
	embeddings = await createEmbeddings(loadEngineConfig({}), silentLogger);
	const indexDir = path.join(await dirs.make(), 'index');
	const { index } = await ingestCorpus({ corpusDir: SQUAD2_CORPUS, indexDir, embeddings, logger: silentLogger });
	const { articles } = await loadCorpus(SQUAD2_CORPUS);
	const questions = (await loadSquadQuestions('dev')).filter((_, i) => i % SAMPLE_EVERY === 0);
	const engine = createEngine({ index, embeddings, composer: createExtractiveComposer(index) });
	metrics = await evaluateSquad(engine, questions, locateAnswers(questions, articles));
}, 900_000);

afterAll(async () => {
	await embeddings.close();
});

describe('answerability on a fixed sample of SQuAD 2.0 dev questions, retrieving over all 35 articles', () => {
	// Measured at 0.941 on this sample (0.947 over the whole dev split before the answerability model: it does not retrieve).
	it('finds the passage holding the answer in the top 5 for at least 93% of answerable questions', () => {
		expect(metrics.hitAt5).toBeGreaterThanOrEqual(0.93);
	});

	it('answers at least 58% of the questions correctly: the right sentence quoted, or an honest refusal', () => {
		expect(metrics.accuracy).toBeGreaterThanOrEqual(0.58);
	});

	it('quotes the sentence holding the answer for most answerable questions and refuses most unanswerable ones', () => {
		expect(metrics.answeredRight).toBeGreaterThanOrEqual(0.55);
		expect(metrics.unanswerableRefused).toBeGreaterThanOrEqual(0.5);
	});

	it('gives a confidence that means what it says', () => {
		expect(metrics.expectedCalibrationError).toBeLessThanOrEqual(0.08);
		expect(metrics.auc).toBeGreaterThan(0.65);
	});
});
