import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/errors.ts';
import { updatePgIndex } from '../../src/ingest/updatePgIndex.ts';
import { currentGeneration } from '../../src/store/postgres/generations.ts';
import { migrate } from '../../src/store/postgres/migrate.ts';
import { runEntryPoint } from '../discord/runEntryPoint.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';
import { silentLogger } from '../helpers/silentLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';
import { generationTables } from './pgHelpers.ts';

const dirs = useTempDirs();
const LEASE_MS = 1_500;
let database: TestDatabase;

beforeAll(async () => {
	database = await startTestDatabase();
});
afterAll(async () => {
	await database.stop();
});

describe('Postgres backend: a killed ingest', () => {
	it('leaves the current generation untouched, blocks others until its lease expires, and is cleaned up next time', async () => {
		const pool = database.pool();
		await migrate(pool);
		const corpusDir = await dirs.copySeeds();
		const embeddings = new KeywordEmbeddings();
		const first = await updatePgIndex({ pool, corpusDir, embeddings, logger: silentLogger });
		await appendFile(path.join(corpusDir, '000_6be32923d2a58d10.txt'), '\nA late paragraph about the zeppelin.\n');

		const run = runEntryPoint(
			'test/postgres/stuckIngest.ts',
			{ DATABASE_URL: database.url, CORPUS_DIR: corpusDir, LEASE_MS: String(LEASE_MS) },
			process.cwd(),
		);
		await run.waitForOutput('stuck in embedding', 60_000);
		const { rows } = await pool.query<{ id: number }>(`SELECT id FROM footnote_generations WHERE state = 'building'`);
		const abandoned = rows[0]?.id ?? 0;
		expect(await generationTables(pool, abandoned)).toHaveLength(3);
		run.child.kill('SIGKILL');
		await run.exited;

		expect((await currentGeneration(pool))?.id).toBe(first.generation);
		await expect(updatePgIndex({ pool, corpusDir, embeddings, logger: silentLogger })).rejects.toSatisfy((error) =>
			isAppError(error, 'REINDEX_IN_PROGRESS'),
		);
		await new Promise((resolve) => setTimeout(resolve, LEASE_MS));
		const next = await updatePgIndex({ pool, corpusDir, embeddings, logger: silentLogger });
		expect(next.written).toBe(true);
		expect((await currentGeneration(pool))?.id).toBe(next.generation);
		expect(await generationTables(pool, abandoned)).toEqual([]);
	});
});
