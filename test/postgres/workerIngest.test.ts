import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/corpus/chunkArticle.ts';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { joinIngest } from '../../src/ingest/pgIngestWorker.ts';
import { updatePgIndex } from '../../src/ingest/updatePgIndex.ts';
import { tablesOf } from '../../src/store/postgres/generations.ts';
import { claimFile } from '../../src/store/postgres/ingestQueue.ts';
import { migrate } from '../../src/store/postgres/migrate.ts';
import { GatedEmbeddings } from '../helpers/GatedEmbeddings.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';
import { silentLogger } from '../helpers/silentLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';

const dirs = useTempDirs();
let database: TestDatabase;

beforeAll(async () => {
	database = await startTestDatabase();
});
afterAll(async () => {
	await database.stop();
});

/** The seeds and four edited copies: six files, each with its own hash. */
async function sixFileCorpus(): Promise<string> {
	const corpusDir = await dirs.copySeeds();
	const seeds = ['000_6be32923d2a58d10.txt', '004_53ff372b4b2535ec.txt'];
	for (const [i, name] of ['101_copy.txt', '102_copy.txt', '103_copy.txt', '104_copy.txt'].entries()) {
		const text = await readFile(path.join(corpusDir, seeds[i % 2] ?? ''), 'utf8');
		await writeFile(path.join(corpusDir, name), `${text}\nEdition ${i + 1} closes with this note.\n`);
	}
	return corpusDir;
}

describe('worker ingest', () => {
	it('shares one ingest between workers, takes over an expired claim, and indexes every file exactly once', async () => {
		const pool = database.pool();
		const workerPool = database.pool();
		await migrate(pool);
		const corpusDir = await sixFileCorpus();
		const coordinatorModel = new GatedEmbeddings();
		const coordinator = updatePgIndex({
			pool,
			corpusDir,
			embeddings: coordinatorModel,
			logger: silentLogger,
			claimMs: 400,
		});
		await coordinatorModel.waiting;
		const { rows } = await pool.query<{ id: number }>(`SELECT id FROM footnote_generations WHERE state = 'building'`);
		const generation = rows[0]?.id ?? 0;
		// A worker that claims a file and dies: its claim expires and the file goes back to the queue.
		const abandoned = await claimFile(workerPool, generation, 'dead-worker', 400);
		expect(abandoned).toBeDefined();

		const worker = await joinIngest(
			{
				pool: workerPool,
				corpusDir,
				embeddings: new KeywordEmbeddings(),
				logger: silentLogger,
				holder: 'test-worker',
				onFile: () => coordinatorModel.release(),
			},
			5_000,
		);
		const result = await coordinator;

		expect(worker?.generation).toBe(generation);
		expect(worker?.files).toBeGreaterThan(0);
		expect(worker?.files).toBeLessThan(6);
		expect(result).toMatchObject({ generation, files: 6, written: true });
		const queue = await pool.query<{ file: string; state: string; claimed_by: string }>(
			'SELECT file, state, claimed_by FROM footnote_ingest_queue WHERE generation = $1',
			[generation],
		);
		expect(queue.rows.map((row) => row.state)).toEqual(Array(6).fill('done'));
		expect(queue.rows.find((row) => row.file === abandoned?.file)?.claimed_by).not.toBe('dead-worker');

		const { articles } = await loadCorpus(corpusDir);
		const expected = articles.map((article) => chunkArticle(article.file, article.text));
		const tables = tablesOf(generation);
		const passages = await pool.query<{ file: string; count: number; distinct: number }>(
			`SELECT file, count(*)::integer AS count, count(DISTINCT id)::integer AS distinct FROM ${tables.passages}
			GROUP BY file ORDER BY file`,
		);
		expect(passages.rows).toEqual(
			expected.map((chunks) => ({ file: chunks[0]?.file, count: chunks.length, distinct: chunks.length })),
		);
		const sentences = await pool.query<{ count: number }>(`SELECT count(*)::integer AS count FROM ${tables.sentences}`);
		expect(sentences.rows[0]?.count).toBe(expected.flat().reduce((sum, passage) => sum + passage.sentences.length, 0));
	});

	it('reports when no ingest shows up to join', async () => {
		const pool = database.pool();
		await migrate(pool);
		const embeddings = new KeywordEmbeddings();
		const joined = await joinIngest(
			{ pool, corpusDir: await dirs.copySeeds(), embeddings, logger: silentLogger, holder: 'idle-worker' },
			200,
		);
		expect(joined).toBeUndefined();
		expect(embeddings.embeddedTexts).toEqual([]);
	});
});
