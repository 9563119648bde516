import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAnswerStore } from '../../src/state/openAnswerStore.ts';
import { captureLogger } from '../discord/captureLogger.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();

describe('openAnswerStore', () => {
	it('imports the votes of an existing feedback.jsonl on the first start, logging the lines it skips by number', async () => {
		const dir = await dirs.make();
		const file = join(dir, 'feedback.jsonl');
		const vote = {
			time: '2026-01-02T03:04:05.000Z',
			command: 'ask',
			question: 'What did Trump press Xi to curb?',
			verdict: 'up',
			user: 'b'.repeat(64),
			citations: ['a.txt#0'],
		};
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
		store.close();

		const again = await openAnswerStore(settings, logger);
		expect((await again.activity(new Date(0))).looseVotes).toHaveLength(1);
		again.close();
	});
});
