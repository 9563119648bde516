import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgEngine } from '../../src/engine/openPgEngine.ts';
import { currentGeneration } from '../../src/store/postgres/generations.ts';
import { migrate } from '../../src/store/postgres/migrate.ts';
import { PgIndex } from '../../src/store/postgres/PgIndex.ts';
import { KeywordEmbeddings } from '../helpers/KeywordEmbeddings.ts';
import { silentLogger } from '../helpers/silentLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';
import { startTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';
import { resetDatabase } from './pgHelpers.ts';

const dirs = useTempDirs();
let database: TestDatabase;

beforeAll(async () => {
	database = await startTestDatabase();
});
afterAll(async () => {
	await database.stop();
});

/** Ten harbour stories: every one says "harbour" and "council"; one alone names the zeppelin mast. */
const ROWS = [
	{
		title: 'Council budget',
		publisher: 'Harbour Gazette',
		date: '2024-03-01',
		text: 'The harbour council met on Monday. The harbour council said the harbour council budget grew again. Harbour council fees rose.',
	},
	{
		title: 'Mooring mast',
		publisher: 'Coast Herald',
		date: '2025-06-10',
		text: 'The harbour council approved a zeppelin mooring mast by nine votes to four. Work starts in spring.',
	},
	...[
		'ferries',
		'dredging',
		'lighthouse',
		'fishing quotas',
		'cruise ships',
		'tug crews',
		'the fish market',
		'parking',
	].map((topic, i) => ({
		title: `Harbour ${topic}`,
		publisher: i % 2 === 0 ? 'Harbour Gazette' : 'Coast Herald',
		date: `202${i % 2 === 0 ? 4 : 5}-0${(i % 8) + 1}-15`,
		text: `The harbour council discussed ${topic} at length. Members of the council asked for a report on ${topic} by the summer.`,
	})),
];

async function harbourIndex(rows: readonly object[] = ROWS) {
	const pool = database.pool();
	await resetDatabase(pool);
	await migrate(pool);
	const corpusDir = await dirs.make();
	await writeFile(path.join(corpusDir, 'harbour.jsonl'), `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
	const engine = await openPgEngine({ pool, corpusDir, embeddings: new KeywordEmbeddings(), logger: silentLogger });
	const generation = await currentGeneration(pool);
	if (!generation) throw new Error('no generation was built');
	return { engine, index: await PgIndex.load(pool, generation) };
}

describe('Postgres backend: retrieval', () => {
	it('ranks by BM25: the one passage with the rare word beats one that repeats the common ones', async () => {
		const { engine, index } = await harbourIndex();
		try {
			const ranked = await index.text.search('What did the harbour council say about the zeppelin?', 3);
			expect(index.passages[ranked[0]?.[0] ?? -1]?.text).toMatch(/zeppelin/u);
			// Postgres's own ranking has no inverse document frequency and puts the repetition first.
			const byRankCd = await index.rankCdSearch('What did the harbour council say about the zeppelin?', 3);
			expect(index.passages[byRankCd[0]?.[0] ?? -1]?.text).not.toMatch(/zeppelin/u);
		} finally {
			await engine.close();
		}
	});

	it('counts every mention of a word in the body, and a mention in the title at the title boost', async () => {
		// Four lexemes of body and two of title each, so only how often and where "zeppelin" appears tells them apart.
		const { engine, index } = await harbourIndex([
			{ title: 'Airfield news', text: 'The zeppelin landed. The zeppelin left early.' },
			{ title: 'Airfield news', text: 'The zeppelin landed. The balloon left.' },
			{ title: 'Zeppelin news', text: 'The airship landed. The balloon left.' },
			{ title: 'Harbour news', text: 'The ferry docked. The tug left.' },
		]);
		try {
			const ranked = await index.text.search('zeppelin', 3);
			const texts = ranked.map(([label]) => index.passages[label]?.text);
			expect(texts).toEqual([
				'The zeppelin landed. The zeppelin left early.',
				'The zeppelin landed. The balloon left.',
				'The airship landed. The balloon left.',
			]);
			const scores = ranked.map(([, score]) => score);
			expect(scores[0]).toBeGreaterThan(scores[1] ?? Infinity);
			expect(scores[1]).toBeGreaterThan(scores[2] ?? Infinity);
		} finally {
			await engine.close();
		}
	});

	it('applies publisher and date filters inside the database search', async () => {
		const { engine } = await harbourIndex();
		try {
			const herald = await engine.search('harbour council report', { publisher: 'Coast Herald', k: 10 });
			expect(herald.length).toBe(5);
			expect(herald.every((item) => item.article.publisher === 'Coast Herald')).toBe(true);
			const recent = await engine.search('harbour council', { after: '2025-01-01', k: 10 });
			expect(recent.length).toBe(5);
			expect(recent.every((item) => (item.article.date ?? '') >= '2025')).toBe(true);
			const newest = await engine.search('zeppelin mooring mast', { newest: true, k: 1 });
			expect(newest[0]?.passage.text).toMatch(/zeppelin/u);
		} finally {
			await engine.close();
		}
	});
});
