import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedbackLog } from '../../src/discord/FeedbackLog.ts';

let dir: string | undefined;
afterEach(async () => {
	if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('FeedbackLog', () => {
	it('appends one JSON line per verdict, storing only a hash of the user id', async () => {
		dir = await mkdtemp(join(tmpdir(), 'footnote-feedback-'));
		const file = join(dir, 'nested', 'feedback.jsonl');
		const log = new FeedbackLog(file, () => new Date('2025-01-02T03:04:05.000Z'));
		await log.record({ command: 'ask', question: 'Q1', verdict: 'up', userId: '42', citations: ['a.txt#1'] });
		await log.record({ command: 'ask', question: 'Q2', verdict: 'down', userId: '43', citations: [] });
		const lines = (await readFile(file, 'utf8'))
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as unknown);
		expect(lines).toEqual([
			{
				time: '2025-01-02T03:04:05.000Z',
				command: 'ask',
				question: 'Q1',
				verdict: 'up',
				user: createHash('sha256').update('42').digest('hex'),
				citations: ['a.txt#1'],
			},
			expect.objectContaining({ question: 'Q2', verdict: 'down' }),
		]);
	});
});
