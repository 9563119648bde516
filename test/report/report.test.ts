import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer/types.ts';
import type { ArticleSummary, Passage } from '../../src/corpus/types.ts';
import type { Report } from '../../src/report/buildReport.ts';
import { parseSince } from '../../src/report/parseSince.ts';
import { PgAnswerStore } from '../../src/state/PgAnswerStore.ts';
import { DATABASE_FILE, SqliteAnswerStore } from '../../src/state/SqliteAnswerStore.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';
import { startTestDatabase } from '../helpers/testDatabase.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;
const dirs = useTempDirs();
const DAY_MS = 86_400_000;
// An absolute loader path: the report runs in the data directory, where no node_modules is.
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

function result(kind: AnswerResult['kind'], question: string, files: readonly string[] = []): AnswerResult {
	if (kind === 'not_covered') {
		return {
			kind,
			reason: 'not_covered',
			question,
			confidence: 0.1,
			related: [],
			retrieved: [],
			timings: { totalMs: 1 },
		};
	}
	const citations = files.map((file, index) => ({
		n: index + 1,
		passage: { id: `${file}#0`, file, ordinal: 0, start: 0, end: 1, text: 'x', sentences: [] } as Passage,
		article: { file, title: `Title of ${file}` } as ArticleSummary,
		score: 1,
	}));
	return {
		kind,
		question,
		answer: 'x',
		sentences: [],
		citations,
		retrieved: [],
		confidence: 0.8,
		timings: { totalMs: 1 },
	};
}

async function report(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<string> {
	const { stdout } = await run(
		process.execPath,
		['--import', TSX_LOADER, path.join(ROOT, 'src/cli/report.ts'), ...args],
		{
			cwd: dataDir,
			env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, ...env },
		},
	);
	return stdout;
}

describe('npm run report', () => {
	it('counts questions by outcome, votes per answer, cited articles and refused questions since a time, as JSON and text', async () => {
		const dataDir = await dirs.make();
		const now = Date.now();
		const old = SqliteAnswerStore.open({
			dataDir,
			userKey: Buffer.from('k'),
			retentionDays: 90,
			now: () => now - 10 * DAY_MS,
		});
		await old.remember({ id: '0', command: 'ask', askerId: 'a', result: result('not_covered', 'An old question') });
		old.close();
		const store = SqliteAnswerStore.open({ dataDir, userKey: Buffer.from('k'), retentionDays: 90 });
		await store.remember({
			id: '1',
			command: 'ask',
			askerId: 'a',
			result: result('answered', 'What about fentanyl?', ['a.txt', 'b.txt']),
		});
		await store.remember({
			id: '2',
			command: 'ask',
			askerId: 'a',
			result: result('answered', 'And tariffs?', ['a.txt']),
		});
		await store.remember({ id: '3', command: 'ask', askerId: 'a', result: result('uncertain', 'Who won?', ['b.txt']) });
		await store.remember({
			id: '4',
			command: 'ask',
			askerId: 'a',
			result: result('not_covered', 'What is the weather in Oslo?'),
		});
		await store.remember({
			id: '5',
			command: 'ask',
			askerId: 'b',
			result: result('not_covered', 'what is the  weather in Oslo?'),
		});
		await store.remember({ id: '6', command: 'ask', askerId: 'b', result: result('not_covered', 'Who is the mayor?') });
		await store.vote('1', 'x', 'up');
		await store.vote('1', 'y', 'down');
		await store.vote('1', 'z', 'up');
		store.close();

		const json = JSON.parse(await report(dataDir, ['--since', '7d', '--json'])) as Report;
		expect(json.questions).toBe(6);
		expect(json.answered).toBeCloseTo(2 / 6);
		expect(json.middleBand).toBeCloseTo(1 / 6);
		expect(json.notCovered).toBeCloseTo(3 / 6);
		expect(json.votes).toEqual([{ question: 'What about fentanyl?', up: 2, down: 1 }]);
		expect(json.mostCited).toEqual([
			{ file: 'a.txt', title: 'Title of a.txt', citations: 2 },
			{ file: 'b.txt', title: 'Title of b.txt', citations: 2 },
		]);
		expect(json.mostRefused).toEqual([
			{ question: 'What is the weather in Oslo?', count: 2 },
			{ question: 'Who is the mayor?', count: 1 },
		]);

		const everything = JSON.parse(await report(dataDir, ['--json'])) as Report;
		expect(everything.questions).toBe(7);

		const text = await report(dataDir, ['--since', '7d']);
		expect(text).toContain('Questions asked: 6');
		expect(text).toContain('- middle band (the closest the articles come): 16.7%');
		expect(text).toContain('| 2 | 1 | What about fentanyl? |');
		expect(text).toContain('| 2 | What is the weather in Oslo? |');
	});

	it('reads the answers every shard stored in the shared database under INDEX_BACKEND=postgres', async () => {
		const dataDir = await dirs.make();
		const database = await startTestDatabase();
		try {
			const store = await PgAnswerStore.open({
				pool: database.pool(),
				userKey: Buffer.from('k'),
				retentionDays: 90,
				owner: 'shard 0',
			});
			await store.remember({
				id: '1',
				command: 'ask',
				askerId: 'a',
				result: result('answered', 'What about fentanyl?', ['a.txt']),
			});
			await store.remember({ id: '2', command: 'ask', askerId: 'a', result: result('not_covered', 'Who won?') });
			await store.vote('1', 'x', 'down');
			await store.close();

			const json = JSON.parse(
				await report(dataDir, ['--json'], { INDEX_BACKEND: 'postgres', DATABASE_URL: database.url }),
			) as Report;
			expect(json.questions).toBe(2);
			expect(json.votes).toEqual([{ question: 'What about fentanyl?', up: 0, down: 1 }]);
			expect(json.mostRefused).toEqual([{ question: 'Who won?', count: 1 }]);
			expect(existsSync(path.join(dataDir, DATABASE_FILE))).toBe(false);
		} finally {
			await database.stop();
		}
	});

	it('reads --since as an age or a date, and refuses anything else with the forms it takes', () => {
		const now = Date.parse('2026-02-10T00:00:00Z');
		expect(parseSince('7d', now).toISOString()).toBe('2026-02-03T00:00:00.000Z');
		expect(parseSince('12h', now).toISOString()).toBe('2026-02-09T12:00:00.000Z');
		expect(parseSince('2026-01-31', now).toISOString()).toBe('2026-01-31T00:00:00.000Z');
		expect(parseSince(undefined, now).getTime()).toBe(0);
		expect(() => parseSince('last week', now)).toThrow(/neither an age \(30m, 24h, 7d\) nor a date/);
	});
});
