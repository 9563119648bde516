import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkArticle } from '../../src/corpus/chunkArticle.ts';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { joinIngest } from '../../src/ingest/pgIngestWorker.ts';
import { updatePgIndex } from '../../src/ingest/updatePgIndex.ts';
import { tablesOf } from '../../src/store/postgres/generations.ts';
import { claimArticle } from '../../src/store/postgres/ingestQueue.ts';
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

/** Four wire stories on unrelated subjects: rows of one export, each its own article. */
const WIRE_ROWS = [
	[
		'Harbour dredging',
		'The port authority approved dredging of the northern harbour. Work starts in spring. Ferries will use the south quay meanwhile.',
	],
	[
		'Orchard frost',
		'A late frost damaged apple blossom across the valley. Growers expect a smaller harvest. Some orchards lit heaters overnight.',
	],
	[
		'Library hours',
		'The city library will open on Sundays from March. Volunteers will staff the reading room. The council pays for heating.',
	],
	[
		'Rail signals',
		'Engineers replaced the signal box at the junction over the weekend. Trains ran on time on Monday. The old box goes to a museum.',
	],
];

/** Six articles in three files: the two seeds and an export of four rows, so the queue holds articles, not files. */
async function sixArticleCorpus(): Promise<string> {
	const corpusDir = await dirs.copySeeds();
	const rows = WIRE_ROWS.map(([title, text], i) => JSON.stringify({ title, url: `https://wire.example/${i}`, text }));
	await writeFile(path.join(corpusDir, 'wire.jsonl'), `${rows.join('\n')}\n`);
	return corpusDir;
}

describe('worker ingest', () => {
	it('shares one ingest between workers, takes over an expired claim, and indexes every article exactly once', async () => {
		const pool = database.pool();
		const workerPool = database.pool();
		await migrate(pool);
		const corpusDir = await sixArticleCorpus();
		const coordinatorModel = new GatedEmbeddings();
		const progress: [number, number][] = [];
		const coordinator = updatePgIndex({
			pool,
			corpusDir,
			embeddings: coordinatorModel,
			logger: silentLogger,
			claimMs: 400,
			onProgress: (done, total) => progress.push([done, total]),
		});
		await coordinatorModel.waiting;
		const { rows } = await pool.query<{ id: number }>(`SELECT id FROM footnote_generations WHERE state = 'building'`);
		const generation = rows[0]?.id ?? 0;
		// A worker that claims an article and dies: its claim expires and the article goes back to the queue.
		const abandoned = await claimArticle(workerPool, generation, 'dead-worker', 400);
		expect(abandoned).toBeDefined();

		const worker = await joinIngest(
			{
				pool: workerPool,
				embeddings: new KeywordEmbeddings(),
				logger: silentLogger,
				holder: 'test-worker',
				onArticle: () => coordinatorModel.release(),
			},
			5_000,
		);
		const result = await coordinator;

		expect(worker?.generation).toBe(generation);
		expect(worker?.articles).toBeGreaterThan(0);
		expect(worker?.articles).toBeLessThan(6);
		expect(result).toMatchObject({ generation, files: 6, written: true });
		// Progress counts every worker's articles as they finish, not only at the end.
		expect(progress.length).toBeGreaterThan(1);
		expect(progress.every(([, total]) => total === 6)).toBe(true);
		expect(Math.max(...progress.map(([done]) => done))).toBe(6);
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
		const joined = await joinIngest({ pool, embeddings, logger: silentLogger, holder: 'idle-worker' }, 200);
		expect(joined).toBeUndefined();
		expect(embeddings.embeddedTexts).toEqual([]);
	});
});
