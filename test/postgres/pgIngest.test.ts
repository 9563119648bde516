import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgEngine } from '../../src/engine/openPgEngine.ts';
import { updatePgIndex } from '../../src/ingest/updatePgIndex.ts';
import { migrate } from '../../src/store/postgres/migrate.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';
import { silentLogger } from '../helpers/silentLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';

const dirs = useTempDirs();
const SUMMIT = '000_6be32923d2a58d10.txt';
let database: TestDatabase;

beforeAll(async () => {
	database = await startTestDatabase();
});
afterAll(async () => {
	await database.stop();
});

describe('Postgres backend', () => {
	it('ingests the seeds into a generation and answers from it', async () => {
		const pool = database.pool();
		await migrate(pool);
		const corpusDir = await dirs.copySeeds();
		const embeddings = new KeywordEmbeddings();
		const first = await updatePgIndex({ pool, corpusDir, embeddings, logger: silentLogger });
		expect(first).toMatchObject({ files: 2, written: true, reused: 0 });
		const engine = await openPgEngine({ pool, corpusDir, embeddings, logger: silentLogger });
		const result = await engine.ask('What did Trump press Xi to curb?');
		console.log(JSON.stringify(result).slice(0, 800));
		await appendFile(path.join(corpusDir, SUMMIT), '\nA new closing paragraph about the breakwater vote.\n');
		embeddings.embeddedTexts = [];
		const second = await updatePgIndex({ pool, corpusDir, embeddings, logger: silentLogger });
		console.log(second, embeddings.embeddedTexts.length);
		await engine.close();
	});
});
