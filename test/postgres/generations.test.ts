import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openPgEngine, type PgEngine } from '../../src/engine/openPgEngine.ts';
import { isAppError } from '../../src/errors.ts';
import { updatePgIndex } from '../../src/ingest/updatePgIndex.ts';
import { migrate } from '../../src/store/postgres/migrate.ts';
import { GatedEmbeddings } from '../helpers/GatedEmbeddings.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';
import { silentLogger } from '../helpers/silentLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';
import { resetDatabase, generationTables } from './pgHelpers.ts';

const dirs = useTempDirs();
const SUMMIT = '000_6be32923d2a58d10.txt';
const BLOOMBERG = '004_53ff372b4b2535ec.txt';
const NEW_PARAGRAPH = '\nThe harbour commission approved the zeppelin mooring mast by a vote of nine to four.\n';
let database: TestDatabase;
const engines: PgEngine[] = [];

beforeAll(async () => {
	database = await startTestDatabase();
});
afterAll(async () => {
	await database.stop();
});
beforeEach(async () => {
	await Promise.all(engines.splice(0).map((engine) => engine.close()));
	await database.closePools();
	await resetDatabase(database.pool());
});

async function setup() {
	// Two pools, as an ingest and a bot would have in two processes.
	const pool = database.pool();
	const readerPool = database.pool();
	await migrate(pool);
	const corpusDir = await dirs.copySeeds();
	const embeddings = new KeywordEmbeddings();
	const ingest = (model: KeywordEmbeddings = embeddings) =>
		updatePgIndex({ pool, corpusDir, embeddings: model, logger: silentLogger });
	const open = async (model: KeywordEmbeddings = embeddings, pollMs?: number) => {
		const engine = await openPgEngine({
			pool: readerPool,
			corpusDir,
			embeddings: model,
			logger: silentLogger,
			...(pollMs === undefined ? {} : { pollMs }),
		});
		engines.push(engine);
		return engine;
	};
	return { pool, corpusDir, embeddings, ingest, open };
}

describe('Postgres backend: generations', () => {
	it('answers from the shared index with footnotes to the passage that says it', async () => {
		const { open } = await setup();
		const engine = await open();
		const result = await engine.ask('What did Trump press Xi to curb?');
		if (result.kind !== 'answered') throw new Error(`expected an answer, got ${result.kind}`);
		expect(result.answer).toMatch(/fentanyl/u);
		expect(result.citations[0]?.article.file).toBe(SUMMIT);
		expect(engine.stats().articles).toBe(2);
		expect(engine.sources().map((source) => source.file)).toEqual([SUMMIT, BLOOMBERG]);
		const [match] = engine.matchPassages('fentan', 1);
		expect(match?.passage.text).toMatch(/fentanyl/u);
		expect(engine.passage(match?.passage.id ?? '')?.passage).toEqual(match?.passage);
	});

	it('restricts a search to one source', async () => {
		const { open } = await setup();
		const engine = await open();
		const passages = await engine.search('trade talks and tariffs', { source: BLOOMBERG, k: 5 });
		expect(passages.length).toBeGreaterThan(0);
		expect(passages.every((passage) => passage.article.file === BLOOMBERG)).toBe(true);
	});

	it('re-embeds only a changed file, copies the rest, and writes nothing for an unchanged corpus', async () => {
		const { corpusDir, embeddings, ingest } = await setup();
		const first = await ingest();
		expect(first).toMatchObject({ files: 2, written: true, reused: 0 });
		expect(first.embedded).toBe(first.passages);

		embeddings.embeddedTexts = [];
		const unchanged = await ingest();
		expect(unchanged).toMatchObject({ written: false, embedded: 0, generation: first.generation });
		expect(embeddings.embeddedTexts).toEqual([]);

		await appendFile(path.join(corpusDir, SUMMIT), NEW_PARAGRAPH);
		const second = await ingest();
		expect(second.written).toBe(true);
		expect(second.generation).toBeGreaterThan(first.generation);
		expect(second.reused).toBeGreaterThan(0);
		expect(second.embedded + second.reused).toBe(second.passages);
		expect(embeddings.embeddedTexts.some((text) => text.includes('zeppelin'))).toBe(true);
		// The Bloomberg article did not change: none of its sentences went through the model again.
		expect(embeddings.embeddedTexts.some((text) => text.includes('Bloomberg'))).toBe(false);
	});

	it('rebuilds every file when the model changed', async () => {
		const { ingest } = await setup();
		await ingest();
		const other = new KeywordEmbeddings('another-model');
		const again = await ingest(other);
		expect(again).toMatchObject({ written: true, reused: 0, rebuiltBecause: expect.stringContaining('another-model') });
	});

	it('switches a running reader to a new generation within 5 s, without a restart, then drops the old one', async () => {
		const { pool, corpusDir, open, ingest } = await setup();
		const engine = await open();
		const before = engine.generation();
		expect(await engine.search('zeppelin mooring mast')).not.toContainEqual(
			expect.objectContaining({ passage: expect.objectContaining({ text: expect.stringContaining('zeppelin') }) }),
		);
		await appendFile(path.join(corpusDir, SUMMIT), NEW_PARAGRAPH);
		const update = await ingest();
		await vi.waitFor(() => expect(engine.generation()).toBe(update.generation), { timeout: 5_000, interval: 100 });
		const [top] = await engine.search('zeppelin mooring mast');
		expect(top?.passage.text).toMatch(/zeppelin/u);
		await vi.waitFor(async () => expect(await generationTables(pool, before)).toEqual([]), { timeout: 5_000 });
	});

	it('keeps an old generation while a reader still serves it', async () => {
		const { pool, corpusDir, open, ingest } = await setup();
		const slow = await open(undefined, 3_600_000);
		const old = slow.generation();
		await appendFile(path.join(corpusDir, SUMMIT), NEW_PARAGRAPH);
		const update = await ingest();
		const fast = await open(undefined, 50);
		expect(fast.generation()).toBe(update.generation);
		expect(await generationTables(pool, old)).toHaveLength(4);
		expect((await slow.ask('What did Trump press Xi to curb?')).kind).toBe('answered');
		await slow.close();
		await ingest(); // nothing changed, but the next ingest drops what no reader serves
		await appendFile(path.join(corpusDir, SUMMIT), NEW_PARAGRAPH);
		await ingest();
		expect(await generationTables(pool, old)).toEqual([]);
	});

	it('keeps answering from the current generation while an ingest runs, and refuses a second ingest', async () => {
		const { pool, corpusDir, open } = await setup();
		const engine = await open();
		const served = engine.generation();
		await appendFile(path.join(corpusDir, SUMMIT), NEW_PARAGRAPH);
		const gated = new GatedEmbeddings();
		const running = updatePgIndex({ pool, corpusDir, embeddings: gated, logger: silentLogger });
		await gated.waiting;

		const answers = await Promise.all([1, 2, 3].map(() => engine.ask('What did Trump press Xi to curb?')));
		expect(answers.map((answer) => answer.kind)).toEqual(['answered', 'answered', 'answered']);
		expect(engine.generation()).toBe(served);

		const second = updatePgIndex({
			pool,
			corpusDir,
			embeddings: new KeywordEmbeddings(),
			logger: silentLogger,
		});
		await expect(second).rejects.toSatisfy((error) => isAppError(error, 'REINDEX_IN_PROGRESS'));
		await expect(engine.reindex()).rejects.toSatisfy((error) => isAppError(error, 'REINDEX_IN_PROGRESS'));

		gated.release();
		const done = await running;
		expect(done.written).toBe(true);
		await expect(engine.reindex()).resolves.toMatchObject({ embedded: 0 });
	});
});
