import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer/types.ts';
import type { ArticleSummary, Passage } from '../../src/corpus/types.ts';
import type { AnswerStore, PendingAnswer } from '../../src/state/AnswerStore.ts';
import { readFeedbackLog, type FeedbackLine } from '../../src/state/readFeedbackLog.ts';
import { hashUser } from '../../src/state/userHash.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

export const KEY = Buffer.from('pepper');
export const DAY_MS = 86_400_000;
export const T0 = Date.parse('2026-01-01T00:00:00Z');

const article: ArticleSummary = { file: 'a.txt', title: 'Summit report', passageCount: 1 } as ArticleSummary;
const passage: Passage = {
	id: 'a.txt#0',
	file: 'a.txt',
	ordinal: 0,
	start: 0,
	end: 10,
	text: 'Fentanyl.',
	sentences: [[0, 9]],
};

export function answered(question: string): AnswerResult {
	return {
		kind: 'answered',
		question,
		answer: 'Fentanyl. [1]',
		sentences: [{ text: 'Fentanyl.', n: 1, start: 0, end: 9 }],
		citations: [{ n: 1, passage, article, score: 1 }],
		retrieved: [],
		confidence: 0.9,
		timings: { totalMs: 5 },
	};
}

export function pending(id: string, at: number): PendingAnswer {
	return {
		id,
		applicationId: 'app',
		token: `token-${id}`,
		askerId: 'alice',
		channelId: 'c',
		question: 'Q',
		ephemeral: false,
		createdAt: new Date(at),
	};
}

/** A line of the feedback file earlier versions wrote. */
export function feedbackLine(fields: Partial<FeedbackLine> = {}): FeedbackLine {
	return {
		time: '2025-12-31T00:00:00.000Z',
		command: 'ask',
		question: 'Q0',
		verdict: 'down',
		user: 'a'.repeat(64),
		citations: [],
		...fields,
	};
}

export interface OpenOptions {
	/** The store's clock (default T0). */
	readonly now?: () => number;
	readonly legacyVotes?: readonly FeedbackLine[];
}

/** One backend of the AnswerStore contract, with users hashed under KEY and 90 days of retention. */
export interface StoreBackend {
	/** Where a new, empty store lives; `parent` is a scratch directory of the test. */
	fresh(parent: string): Promise<string>;
	/** Opens (and reopens) the store at `place`. */
	open(place: string, options?: OpenOptions): Promise<AnswerStore>;
	/** Everything the store wrote, as text. */
	dump(place: string): Promise<string>;
}

/** What every AnswerStore must do, run against one backend: the bot sees nothing else of it. */
export function describeAnswerStoreContract(name: string, backend: StoreBackend): void {
	const dirs = useTempDirs();
	const fresh = async () => backend.fresh(await dirs.make());
	const open = (place: string, options: OpenOptions = {}) => backend.open(place, { now: () => T0, ...options });

	describe(`${name} (AnswerStore contract)`, () => {
		it('keeps answers, votes and posted flags when reopened, storing users only as keyed hashes', async () => {
			const place = await fresh();
			const store = await open(place);
			await store.remember({ id: '1', command: 'ask', askerId: 'alice', result: answered('Q1') });
			expect(await store.vote('1', 'bob', 'up')).toBe(true);
			expect(await store.claimPost('1', 'alice')).toBe('claimed');
			await store.close();

			const reopened = await open(place);
			const recalled = await reopened.recall('1');
			expect(recalled).toEqual({
				status: 'found',
				answer: { id: '1', command: 'ask', result: answered('Q1'), createdAt: new Date(T0), posted: true },
			});
			expect(await reopened.vote('1', 'bob', 'down')).toBe(false);
			expect(await reopened.vote('2', 'bob', 'down')).toBe(false);
			expect(await reopened.claimPost('1', 'alice')).toBe('already_posted');
			const activity = await reopened.activity(new Date(0));
			expect(activity.answers).toEqual([
				{
					id: '1',
					question: 'Q1',
					kind: 'answered',
					createdAt: new Date(T0),
					citedFiles: ['a.txt'],
					citedTitles: ['Summit report'],
					up: 1,
					down: 0,
				},
			]);
			await reopened.close();

			const text = await backend.dump(place);
			expect(text).not.toMatch(/alice|bob/);
			expect(text).toContain(hashUser(KEY, 'bob'));
			expect(text).toContain(hashUser(KEY, 'alice'));
		});

		it('lets only the asker post an answer', async () => {
			const store = await open(await fresh());
			await store.remember({ id: '1', command: 'ask', askerId: 'alice', result: answered('Q1') });
			expect(await store.claimPost('1', 'bob')).toBe('not_asker');
			expect(await store.claimPost('2', 'alice')).toBe('unknown');
			expect(await store.claimPost('1', 'alice')).toBe('claimed');
			await store.close();
		});

		it('prunes answers, votes and threads past retention and says so of an id older than that', async () => {
			const place = await fresh();
			const store = await open(place);
			await store.remember({ id: '1', command: 'ask', askerId: 'alice', result: answered('Q1') });
			await store.vote('1', 'bob', 'down');
			await store.addTurn('t1', { question: 'Q1', answerId: '1' });
			await store.close();

			const later = await open(place, { now: () => T0 + 91 * DAY_MS });
			expect(await later.recall('1')).toEqual({ status: 'unknown' });
			expect(await later.recall('1', new Date(T0))).toEqual({ status: 'expired' });
			expect(await later.recall('2', new Date(T0 + 90 * DAY_MS))).toEqual({ status: 'unknown' });
			expect(await later.turns('t1')).toEqual([]);
			expect(await later.threadOf('1')).toBeUndefined();
			expect(await later.activity(new Date(0))).toEqual({ answers: [], looseVotes: [] });
			await later.close();
		});

		it('keeps a thread’s turns in order and finds the thread of an answer', async () => {
			const store = await open(await fresh());
			await store.addTurn('t1', { question: 'Q1', answerId: '1' });
			await store.addTurn('t1', { question: 'Q2', answerId: '2' });
			expect(await store.turns('t1')).toEqual([
				{ question: 'Q1', answerId: '1' },
				{ question: 'Q2', answerId: '2' },
			]);
			expect(await store.turns('t2')).toEqual([]);
			expect(await store.threadOf('1')).toBe('t1');
			expect(await store.threadOf('2')).toBeUndefined();
			await store.close();
		});

		it('hands back pending answers still within their token’s life and drops older ones', async () => {
			const store = await open(await fresh());
			await store.addPending(pending('old', T0 - 20 * 60_000));
			await store.addPending({ ...pending('fresh', T0 - 60_000), threadId: 't1', source: 'a.txt' });
			await store.addPending(pending('fresher', T0 - 30_000));
			await store.addPending(pending('done', T0));
			await store.completePending('done');
			const taken = await store.takePending(new Date(T0 - 15 * 60_000));
			expect(taken).toEqual([
				{ ...pending('fresh', T0 - 60_000), threadId: 't1', source: 'a.txt' },
				pending('fresher', T0 - 30_000),
			]);
			expect((await store.takePending(new Date(0))).map(({ id }) => id)).toEqual(['fresh', 'fresher']);
			await store.close();
		});

		it('hands back mentions being answered while recent, where they were to be answered, and drops older ones', async () => {
			const store = await open(await fresh());
			const mention = (id: string, at: number) => ({
				id,
				askerId: 'alice',
				channelId: 'c',
				question: `Q ${id}`,
				answerIn: 'new_thread' as const,
				createdAt: new Date(at),
			});
			await store.addPendingMention(mention('old', T0 - 20 * 60_000));
			await store.addPendingMention(mention('fresh', T0 - 60_000));
			await store.addPendingMention(mention('done', T0));
			await store.completePendingMention('done');
			await store.addPending(pending('interaction', T0));
			expect(await store.takePendingMentions(new Date(T0 - 15 * 60_000))).toEqual([mention('fresh', T0 - 60_000)]);
			expect((await store.takePendingMentions(new Date(0))).map(({ id }) => id)).toEqual(['fresh']);
			expect((await store.takePending(new Date(0))).map(({ id }) => id)).toEqual(['interaction']);
			await store.close();
		});

		it('imports the old feedback file’s votes once, skipping lines it cannot read', async () => {
			const dir = await dirs.make();
			const file = join(dir, 'feedback.jsonl');
			const vote = feedbackLine();
			await writeFile(file, `${JSON.stringify(vote)}\nnot json\n${JSON.stringify({ ...vote, verdict: 'meh' })}\n`);
			const log = await readFeedbackLog(file);
			expect(log?.votes).toHaveLength(1);
			expect(log?.skipped.map(({ line }) => line)).toEqual([2, 3]);
			expect(await readFeedbackLog(join(dir, 'missing.jsonl'))).toBeUndefined();

			const place = await fresh();
			const first = await open(place, { legacyVotes: log?.votes ?? [] });
			await first.close();
			const second = await open(place, { legacyVotes: log?.votes ?? [] });
			expect((await second.activity(new Date(0))).looseVotes).toEqual([
				{ question: 'Q0', verdict: 'down', createdAt: new Date(vote.time) },
			]);
			await second.close();
		});
	});
}
