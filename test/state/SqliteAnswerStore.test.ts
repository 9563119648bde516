import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { DATABASE_FILE, SqliteAnswerStore, type SqliteStoreOptions } from '../../src/state/SqliteAnswerStore.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';
import { answered, describeAnswerStoreContract, KEY, pending, T0 } from './answerStoreContract.ts';

const dirs = useTempDirs();

describeAnswerStoreContract('SqliteAnswerStore', {
	fresh: async (parent) => join(parent, 'data'),
	open: async (dataDir, options) => SqliteAnswerStore.open({ dataDir, userKey: KEY, retentionDays: 90, ...options }),
	async dump(dataDir) {
		const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
		try {
			const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
			return tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM ${name}`).all())).join('\n');
		} finally {
			db.close();
		}
	},
});

async function open(dataDir?: string) {
	const dir = dataDir ?? (await dirs.make());
	return { dir, store: SqliteAnswerStore.open({ dataDir: dir, userKey: KEY, retentionDays: 90, now: () => T0 }) };
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
	it('keeps its file in WAL mode at the latest schema version', async () => {
		const { dir, store } = await open();
		store.close();
		const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		expect(db.pragma('user_version', { simple: true })).toBe(2);
		db.close();
	});

	it('migrates a database of the first schema version, keeping its answers and answers in flight', async () => {
		const { dir, store } = await open();
		await store.remember({ id: '1', command: 'ask', askerId: 'alice', result: answered('Q1') });
		await store.addPending(pending('2', T0));
		store.close();
		const db = new Database(join(dir, DATABASE_FILE));
		db.exec('DROP TABLE pending_mentions');
		db.pragma('user_version = 1');
		db.close();

		const { store: migrated } = await open(dir);
		expect((await migrated.recall('1')).status).toBe('found');
		expect(await migrated.takePending(new Date(0))).toEqual([pending('2', T0)]);
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
