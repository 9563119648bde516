import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer/types.ts';
import type { ArticleSummary, Passage } from '../../src/corpus/types.ts';
import { AppError } from '../../src/errors.ts';
import { readFeedbackLog } from '../../src/state/readFeedbackLog.ts';
import { DATABASE_FILE, SqliteAnswerStore, type SqliteStoreOptions } from '../../src/state/SqliteAnswerStore.ts';
import { hashUser } from '../../src/state/userHash.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();
const KEY = Buffer.from('pepper');
const DAY_MS = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

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

function answered(question: string): AnswerResult {
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

async function open(overrides: Partial<SqliteStoreOptions> = {}, dataDir?: string) {
	const dir = dataDir ?? (await dirs.make());
	return {
		dir,
		store: SqliteAnswerStore.open({ dataDir: dir, userKey: KEY, retentionDays: 90, now: () => T0, ...overrides }),
	};
}

function openError(options: SqliteStoreOptions): AppError {
	try {
		SqliteAnswerStore.open(options).close();
	} catch (error) {
		if (error instanceof AppError) return error;
		throw error;
	}
	throw new Error('expected the store to refuse to open');
}

describe('SqliteAnswerStore', () => {
	it('keeps answers, votes and posted flags when reopened, in WAL mode at the latest schema version', async () => {
		const { dir, store } = await open();
		await store.remember({ id: '1', command: 'ask', askerId: 'alice', result: answered('Q1') });
		expect(await store.vote('1', 'bob', 'up')).toBe(true);
		expect(await store.claimPost('1', 'alice')).toBe('claimed');
		store.close();

		const { store: reopened } = await open({}, dir);
		const recalled = await reopened.recall('1');
		expect(recalled.status === 'found' && recalled.answer.result.question).toBe('Q1');
		expect(recalled.status === 'found' && recalled.answer.posted).toBe(true);
		expect(await reopened.vote('1', 'bob', 'down')).toBe(false);
		expect(await reopened.claimPost('1', 'alice')).toBe('already_posted');
		reopened.close();

		const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('user_version', { simple: true })).toBe(2);
		const text =
			JSON.stringify(db.prepare('SELECT * FROM votes').all()) +
			JSON.stringify(db.prepare('SELECT asker FROM answers').all());
		db.close();
		expect(text).not.toMatch(/alice|bob/);
		expect(text).toContain(hashUser(KEY, 'bob'));
	});

	it('lets only the asker post an answer', async () => {
		const { store } = await open();
		await store.remember({ id: '1', command: 'ask', askerId: 'alice', result: answered('Q1') });
		expect(await store.claimPost('1', 'bob')).toBe('not_asker');
		expect(await store.claimPost('2', 'alice')).toBe('unknown');
		store.close();
	});

	it('prunes answers, votes and threads past retention and says so of an id older than that', async () => {
		const { dir, store } = await open();
		await store.remember({ id: '1', command: 'ask', askerId: 'alice', result: answered('Q1') });
		await store.vote('1', 'bob', 'down');
		await store.addTurn('t1', { question: 'Q1', answerId: '1' });
		store.close();

		const later = await open({ now: () => T0 + 91 * DAY_MS }, dir);
		expect(await later.store.recall('1')).toEqual({ status: 'unknown' });
		expect(await later.store.recall('1', new Date(T0))).toEqual({ status: 'expired' });
		expect(await later.store.recall('2', new Date(T0 + 90 * DAY_MS))).toEqual({ status: 'unknown' });
		expect(await later.store.turns('t1')).toEqual([]);
		expect(await later.store.activity(new Date(0))).toEqual({ answers: [], looseVotes: [] });
		later.store.close();
	});

	it('keeps a thread’s turns in order and finds the thread of an answer', async () => {
		const { store } = await open();
		await store.addTurn('t1', { question: 'Q1', answerId: '1' });
		await store.addTurn('t1', { question: 'Q2', answerId: '2' });
		expect(await store.turns('t1')).toEqual([
			{ question: 'Q1', answerId: '1' },
			{ question: 'Q2', answerId: '2' },
		]);
		expect(await store.threadOf('1')).toBe('t1');
		expect(await store.threadOf('2')).toBeUndefined();
		store.close();
	});

	it('hands back pending answers still within their token’s life and drops older ones', async () => {
		const { store } = await open();
		const pending = (id: string, at: number) => ({
			id,
			applicationId: 'app',
			token: `token-${id}`,
			askerId: 'alice',
			channelId: 'c',
			question: 'Q',
			ephemeral: false,
			createdAt: new Date(at),
		});
		await store.addPending(pending('old', T0 - 20 * 60_000));
		await store.addPending(pending('fresh', T0 - 60_000));
		await store.addPending(pending('done', T0));
		await store.completePending('done');
		expect((await store.takePending(new Date(T0 - 15 * 60_000))).map(({ id }) => id)).toEqual(['fresh']);
		expect((await store.takePending(new Date(0))).map(({ id }) => id)).toEqual(['fresh']);
		store.close();
	});

	it('hands back mentions being answered while recent, where they were to be answered, and drops older ones', async () => {
		const { store } = await open();
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
		await store.addPending({ ...mention('interaction', T0), applicationId: 'app', token: 't', ephemeral: false });
		expect(await store.takePendingMentions(new Date(T0 - 15 * 60_000))).toEqual([mention('fresh', T0 - 60_000)]);
		expect((await store.takePendingMentions(new Date(0))).map(({ id }) => id)).toEqual(['fresh']);
		expect((await store.takePending(new Date(0))).map(({ id }) => id)).toEqual(['interaction']);
		store.close();
	});

	it('migrates a database of the first schema version, keeping its answers and answers in flight', async () => {
		const { dir, store } = await open();
		await store.remember({ id: '1', command: 'ask', askerId: 'alice', result: answered('Q1') });
		const interaction = {
			id: '2',
			applicationId: 'app',
			token: 't',
			askerId: 'alice',
			channelId: 'c',
			question: 'Q2',
			ephemeral: false,
			createdAt: new Date(T0),
		};
		await store.addPending(interaction);
		store.close();
		const db = new Database(join(dir, DATABASE_FILE));
		db.exec('DROP TABLE pending_mentions');
		db.pragma('user_version = 1');
		db.close();

		const { store: migrated } = await open({}, dir);
		expect((await migrated.recall('1')).status).toBe('found');
		expect(await migrated.takePending(new Date(0))).toEqual([interaction]);
		const mention = {
			id: '3',
			askerId: 'alice',
			channelId: 'c',
			question: 'Q3',
			answerIn: 'thread' as const,
			createdAt: new Date(T0),
		};
		await migrated.addPendingMention(mention);
		expect(await migrated.takePendingMentions(new Date(0))).toEqual([mention]);
		migrated.close();
	});

	it('imports the old feedback file’s votes once, skipping lines it cannot read', async () => {
		const dir = await dirs.make();
		const file = join(dir, 'feedback.jsonl');
		const vote = {
			time: '2025-12-31T00:00:00.000Z',
			command: 'ask',
			question: 'Q0',
			verdict: 'down',
			user: 'a'.repeat(64),
			citations: [],
		};
		await writeFile(file, `${JSON.stringify(vote)}\nnot json\n${JSON.stringify({ ...vote, verdict: 'meh' })}\n`);
		const log = await readFeedbackLog(file);
		expect(log?.votes).toHaveLength(1);
		expect(log?.skipped.map(({ line }) => line)).toEqual([2, 3]);
		expect(await readFeedbackLog(join(dir, 'missing.jsonl'))).toBeUndefined();

		const first = await open({ legacyVotes: log?.votes ?? [] }, join(dir, 'data'));
		first.store.close();
		const second = await open({ legacyVotes: log?.votes ?? [] }, join(dir, 'data'));
		expect((await second.store.activity(new Date(0))).looseVotes).toEqual([
			{ question: 'Q0', verdict: 'down', createdAt: new Date(vote.time) },
		]);
		second.store.close();
	});

	it('reports a database locked by another process with the fix, instead of waiting forever', async () => {
		const { dir, store } = await open();
		store.close();
		const holder = new Database(join(dir, DATABASE_FILE));
		holder.exec('BEGIN IMMEDIATE');
		try {
			const error = openError({ dataDir: dir, userKey: KEY, retentionDays: 90 });
			expect(error.code).toBe('STATE_UNAVAILABLE');
			expect(error.message).toMatch(/is locked by another process\. Stop the other Footnote using this DATA_DIR/);
		} finally {
			holder.exec('ROLLBACK');
			holder.close();
		}
	});

	it('refuses a database written by a newer version rather than guess at its schema', async () => {
		const { dir, store } = await open();
		store.close();
		const db = new Database(join(dir, DATABASE_FILE));
		db.pragma('user_version = 7');
		db.close();
		expect(openError({ dataDir: dir, userKey: KEY, retentionDays: 90 }).message).toMatch(/schema version 7 is newer/);
	});
});
