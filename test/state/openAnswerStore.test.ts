import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAnswerStore } from '../../src/state/openAnswerStore.ts';
import { DATABASE_FILE } from '../../src/state/SqliteAnswerStore.ts';
import { captureLogger } from '../discord/captureLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';
import { startTestDatabase } from '../helpers/testDatabase.ts';
import { answered, feedbackLine } from './answerStoreContract.ts';

const dirs = useTempDirs();
const QUESTION = 'What did Trump press Xi to curb?';

describe('openAnswerStore', () => {
	it('imports the votes of an existing feedback.jsonl on the first start, logging the lines it skips by number', async () => {
		const dir = await dirs.make();
		const file = join(dir, 'feedback.jsonl');
		const vote = feedbackLine({ time: '2026-01-02T03:04:05.000Z', question: QUESTION, verdict: 'up' });
		await writeFile(file, `${JSON.stringify(vote)}\n{"broken": \n`);
		const settings = {
			DATA_DIR: join(dir, 'data'),
			ANSWER_RETENTION_DAYS: 3650,
			FEEDBACK_FILE: file,
			FEEDBACK_SALT: undefined,
			DISCORD_TOKEN: 'token',
		};
		const { logger, lines } = captureLogger();
		const store = await openAnswerStore(settings, logger);
		expect((await store.activity(new Date(0))).looseVotes).toEqual([
			{ question: vote.question, verdict: 'up', createdAt: new Date(vote.time) },
		]);
		expect(lines).toContainEqual(expect.objectContaining({ msg: 'feedback.line_skipped', line: 2, file }));
		await store.close();

		const again = await openAnswerStore(settings, logger);
		expect((await again.activity(new Date(0))).looseVotes).toHaveLength(1);
		await again.close();
	});

	it('keeps the state in DATABASE_URL under INDEX_BACKEND=postgres, shared by shards that import the feedback file once', async () => {
		const dir = await dirs.make();
		const file = join(dir, 'feedback.jsonl');
		const vote = feedbackLine({ question: QUESTION });
		await writeFile(file, `${JSON.stringify(vote)}\n`);
		const database = await startTestDatabase();
		try {
			const settings = {
				DATA_DIR: join(dir, 'data'),
				ANSWER_RETENTION_DAYS: 3650,
				FEEDBACK_FILE: file,
				FEEDBACK_SALT: 'salt',
				DISCORD_TOKEN: 'token',
				INDEX_BACKEND: 'postgres' as const,
				DATABASE_URL: database.url,
			};
			const { logger } = captureLogger();
			// Two shards starting together.
			const [first, second] = await Promise.all([
				openAnswerStore(settings, logger, 'shard 0'),
				openAnswerStore(settings, logger, 'shard 1'),
			]);
			await first.remember({ id: '1', command: 'ask', askerId: 'alice', result: answered('Q1') });
			expect(await second.vote('1', 'bob', 'up')).toBe(true);
			expect(await first.vote('1', 'bob', 'up')).toBe(false);
			const seen = await second.activity(new Date(0));
			expect(seen.looseVotes).toEqual([{ question: vote.question, verdict: 'down', createdAt: new Date(vote.time) }]);
			expect(seen.answers.map(({ id, up }) => ({ id, up }))).toEqual([{ id: '1', up: 1 }]);
			await Promise.all([first.close(), second.close()]);
			expect(existsSync(join(dir, 'data', DATABASE_FILE))).toBe(false);
		} finally {
			await database.stop();
		}
	});
});
