import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedbackLog, feedbackKey } from '../../src/discord/FeedbackLog.ts';

let dir: string | undefined;
afterEach(async () => {
	if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function lines(file: string): Promise<Record<string, unknown>[]> {
	return (await readFile(file, 'utf8'))
		.trimEnd()
		.split('\n')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('FeedbackLog', () => {
	it('appends one JSON line per verdict, storing the user only as an HMAC of their id under the salt', async () => {
		dir = await mkdtemp(join(tmpdir(), 'footnote-feedback-'));
		const file = join(dir, 'nested', 'feedback.jsonl');
		const log = new FeedbackLog(file, feedbackKey('pepper', 'token'), () => new Date('2025-01-02T03:04:05.000Z'));
		await log.record({ command: 'ask', question: 'Q1', verdict: 'up', userId: '42', citations: ['a.txt#1'] });
		await log.record({ command: 'ask', question: 'Q2', verdict: 'down', userId: '43', citations: [] });
		expect(await lines(file)).toEqual([
			{
				time: '2025-01-02T03:04:05.000Z',
				command: 'ask',
				question: 'Q1',
				verdict: 'up',
				user: createHmac('sha256', 'pepper').update('42').digest('hex'),
				citations: ['a.txt#1'],
			},
			expect.objectContaining({ question: 'Q2', verdict: 'down' }),
		]);
	});

	it('without a salt, hashes with a key derived from the token: stable, not guessable from the id, never the token', async () => {
		dir = await mkdtemp(join(tmpdir(), 'footnote-feedback-'));
		const file = join(dir, 'feedback.jsonl');
		const token = 'bot-token-secret';
		for (const key of [feedbackKey(undefined, token), feedbackKey(undefined, token), feedbackKey(undefined, 'other')]) {
			await new FeedbackLog(file, key).record({
				command: 'ask',
				question: 'Q',
				verdict: 'up',
				userId: '42',
				citations: [],
			});
		}
		const [first, again, otherToken] = (await lines(file)).map(({ user }) => user);
		expect(again).toBe(first);
		expect(otherToken).not.toBe(first);
		for (const guessable of [
			createHash('sha256').update('42').digest('hex'),
			createHmac('sha256', token).update('42').digest('hex'),
		]) {
			expect(first).not.toBe(guessable);
		}
		expect(await readFile(file, 'utf8')).not.toContain(token);
		expect(feedbackKey(undefined, token).toString('utf8')).not.toContain(token);
	});
});
