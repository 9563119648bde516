import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractiveComposer } from '../../src/answer/createExtractiveComposer.ts';
import { loadEngineConfig } from '../../src/config.ts';
import { KeyTermCondenser } from '../../src/conversation/condenseFollowUp.ts';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { cachingQueries } from '../../src/embeddings/cachingQueries.ts';
import { createEmbeddings } from '../../src/embeddings/createEmbeddings.ts';
import type { EmbeddingModel } from '../../src/embeddings/types.ts';
import { createEngine } from '../../src/engine/createEngine.ts';
import {
	evaluateFollowUps,
	FOLLOW_UP_CONVERSATIONS,
	loadConversations,
	type FollowUpMetrics,
} from '../../src/eval/followUps.ts';
import { ingestCorpus } from '../../src/ingest/ingestCorpus.ts';
import { silentLogger } from '../helpers/silentLogger.ts';
import { SEEDS_DIR, useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();
let embeddings: EmbeddingModel;
let alone: FollowUpMetrics;
let rewritten: FollowUpMetrics;

beforeAll(async () => {
	embeddings = cachingQueries(await createEmbeddings(loadEngineConfig({}), silentLogger));
	const indexDir = path.join(await dirs.make(), 'index');
	const { index } = await ingestCorpus({ corpusDir: SEEDS_DIR, indexDir, embeddings, logger: silentLogger });
	const { articles } = await loadCorpus(SEEDS_DIR);
	const engine = createEngine({
		index,
		embeddings,
		composer: createExtractiveComposer(index),
	});
	const conversations = await loadConversations(FOLLOW_UP_CONVERSATIONS);
	alone = await evaluateFollowUps(engine, conversations, articles);
	rewritten = await evaluateFollowUps(engine, conversations, articles, new KeyTermCondenser());
});

afterAll(async () => {
	await embeddings.close();
});

describe('follow-up questions on the conversation set (real embedding model)', () => {
	it('has at least 30 conversations', async () => {
		expect((await loadConversations(FOLLOW_UP_CONVERSATIONS)).length).toBeGreaterThanOrEqual(30);
	});

	it('finds the passage a follow-up needs in the top 5 for at least 95% of follow-ups with the key-term rewrite', () => {
		expect(rewritten.hitAt5).toBeGreaterThanOrEqual(0.95);
	});

	it('cites that passage for at least 80% of follow-ups with the rewrite', () => {
		expect(rewritten.cited).toBeGreaterThanOrEqual(0.8);
	});

	it('finds and cites more with the rewrite than with the follow-up alone', () => {
		expect(rewritten.hitAt5).toBeGreaterThan(alone.hitAt5);
		expect(rewritten.cited).toBeGreaterThan(alone.cited);
	});
});
