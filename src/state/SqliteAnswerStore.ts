import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AnswerResult } from '../answer/types.ts';
import { AppError } from '../errors.ts';
import type {
	AnswerActivity,
	AnswerStore,
	LooseVote,
	NewAnswer,
	PendingAnswer,
	PendingMention,
	PostClaim,
	Recall,
	Turn,
	Verdict,
} from './AnswerStore.ts';
import type { FeedbackLine } from './readFeedbackLog.ts';
import { parsePending, recallRecord, retentionCutoff } from './storedAnswers.ts';
import { hashUser } from './userHash.ts';

export const DATABASE_FILE = 'footnote.db';
/** How long opening waits for another connection's write lock before reporting the database as locked. */
const OPEN_BUSY_MS = 2_000;
/** How long a write waits for a lock once running. */
const BUSY_MS = 5_000;

/** Schema versions, applied in order; `PRAGMA user_version` records how many ran. Never edit one that shipped. */
const MIGRATIONS: readonly string[] = [
	`CREATE TABLE answers (
		id TEXT PRIMARY KEY,
		created_at INTEGER NOT NULL,
		command TEXT NOT NULL,
		asker TEXT NOT NULL,
		question TEXT NOT NULL,
		kind TEXT NOT NULL,
		result TEXT NOT NULL,
		posted INTEGER NOT NULL DEFAULT 0
	);
	CREATE INDEX answers_created ON answers (created_at);
	CREATE TABLE citations (
		answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
		n INTEGER NOT NULL,
		file TEXT NOT NULL,
		title TEXT NOT NULL,
		passage_id TEXT NOT NULL,
		PRIMARY KEY (answer_id, n)
	);
	CREATE TABLE votes (
		id INTEGER PRIMARY KEY,
		answer_id TEXT REFERENCES answers (id) ON DELETE CASCADE,
		voter TEXT NOT NULL,
		verdict TEXT NOT NULL CHECK (verdict IN ('up', 'down')),
		question TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		UNIQUE (answer_id, voter)
	);
	CREATE INDEX votes_created ON votes (created_at);
	CREATE TABLE threads (
		thread_id TEXT PRIMARY KEY,
		answer_id TEXT NOT NULL UNIQUE,
		created_at INTEGER NOT NULL
	);
	CREATE TABLE turns (
		thread_id TEXT NOT NULL REFERENCES threads (thread_id) ON DELETE CASCADE,
		seq INTEGER NOT NULL,
		question TEXT NOT NULL,
		answer_id TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		PRIMARY KEY (thread_id, seq)
	);
	CREATE TABLE pending (
		id TEXT PRIMARY KEY,
		created_at INTEGER NOT NULL,
		request TEXT NOT NULL
	);
	CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
	`CREATE TABLE pending_mentions (
		id TEXT PRIMARY KEY,
		created_at INTEGER NOT NULL,
		request TEXT NOT NULL
	);`,
];

/** The tables of questions in flight: deferred interactions, and mentions. */
type PendingTable = 'pending' | 'pending_mentions';

export interface SqliteStoreOptions {
	readonly dataDir: string;
	/** Key for hashing user ids (see userHashKey). */
	readonly userKey: Buffer;
	readonly retentionDays: number;
	/** Votes from the old feedback file, imported once into a new database. */
	readonly legacyVotes?: readonly FeedbackLine[];
	readonly now?: () => number;
}

interface AnswerRow {
	id: string;
	created_at: number;
	command: string;
	asker: string;
	result: string;
	posted: number;
}

/**
 * The answer store in a SQLite file under DATA_DIR, in WAL mode so that reads never wait for the writer.
 * better-sqlite3 is synchronous; each call is one short statement or transaction.
 */
export class SqliteAnswerStore implements AnswerStore {
	private constructor(
		private readonly db: Database.Database,
		private readonly options: SqliteStoreOptions,
	) {}

	/**
	 * Opens (creating when missing) and migrates the database, then prunes what is past retention.
	 * @throws AppError('STATE_UNAVAILABLE') saying how to fix a damaged, locked or unwritable database.
	 */
	public static open(options: SqliteStoreOptions): SqliteAnswerStore {
		const file = join(options.dataDir, DATABASE_FILE);
		let db: Database.Database | undefined;
		try {
			mkdirSync(options.dataDir, { recursive: true });
			db = new Database(file, { timeout: OPEN_BUSY_MS });
			db.pragma('journal_mode = WAL');
			const check = db.pragma('quick_check', { simple: true });
			if (check !== 'ok') throw Object.assign(new Error(String(check)), { code: 'SQLITE_CORRUPT' });
			db.pragma('foreign_keys = ON');
			migrate(db, options);
			db.pragma(`busy_timeout = ${BUSY_MS}`);
		} catch (error) {
			db?.close();
			throw unavailable(file, error);
		}
		const store = new SqliteAnswerStore(db, options);
		store.pruneNow();
		return store;
	}

	public get retentionDays(): number {
		return this.options.retentionDays;
	}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	private cutoff(): number {
		return retentionCutoff(this.now(), this.options.retentionDays);
	}

	private hash(userId: string): string {
		return hashUser(this.options.userKey, userId);
	}

	public async remember({ id, command, askerId, result }: NewAnswer): Promise<void> {
		const citations = result.kind === 'not_covered' ? [] : result.citations;
		this.db.transaction(() => {
			this.db
				.prepare(
					`INSERT OR REPLACE INTO answers (id, created_at, command, asker, question, kind, result, posted)
					 VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
				)
				.run(id, this.now(), command, this.hash(askerId), result.question, result.kind, JSON.stringify(result));
			const cite = this.db.prepare(
				'INSERT OR REPLACE INTO citations (answer_id, n, file, title, passage_id) VALUES (?, ?, ?, ?, ?)',
			);
			for (const { n, article, passage } of citations) cite.run(id, n, article.file, article.title, passage.id);
		})();
	}

	public async recall(id: string, issuedAt?: Date): Promise<Recall> {
		const row = this.db.prepare('SELECT * FROM answers WHERE id = ?').get(id) as AnswerRow | undefined;
		const record = row && { ...row, createdAt: row.created_at, posted: row.posted === 1 };
		return recallRecord(record, issuedAt, this.cutoff());
	}

	public async vote(id: string, userId: string, verdict: Verdict): Promise<boolean> {
		const answer = this.db.prepare('SELECT question FROM answers WHERE id = ?').get(id) as
			{ question: string } | undefined;
		if (answer === undefined) return false;
		const { changes } = this.db
			.prepare(`INSERT OR IGNORE INTO votes (answer_id, voter, verdict, question, created_at) VALUES (?, ?, ?, ?, ?)`)
			.run(id, this.hash(userId), verdict, answer.question, this.now());
		return changes === 1;
	}

	public async claimPost(id: string, userId: string): Promise<PostClaim> {
		const row = this.db.prepare('SELECT asker, posted FROM answers WHERE id = ?').get(id) as
			Pick<AnswerRow, 'asker' | 'posted'> | undefined;
		if (row === undefined) return 'unknown';
		if (row.asker !== this.hash(userId)) return 'not_asker';
		const { changes } = this.db.prepare('UPDATE answers SET posted = 1 WHERE id = ? AND posted = 0').run(id);
		return changes === 1 ? 'claimed' : 'already_posted';
	}

	public async threadOf(answerId: string): Promise<string | undefined> {
		const row = this.db.prepare('SELECT thread_id FROM threads WHERE answer_id = ?').get(answerId) as
			{ thread_id: string } | undefined;
		return row?.thread_id;
	}

	public async turns(threadId: string): Promise<Turn[]> {
		return (
			this.db.prepare('SELECT question, answer_id FROM turns WHERE thread_id = ? ORDER BY seq').all(threadId) as {
				question: string;
				answer_id: string;
			}[]
		).map((row) => ({ question: row.question, answerId: row.answer_id }));
	}

	public async addTurn(threadId: string, turn: Turn): Promise<void> {
		this.db.transaction(() => {
			this.db
				.prepare('INSERT OR IGNORE INTO threads (thread_id, answer_id, created_at) VALUES (?, ?, ?)')
				.run(threadId, turn.answerId, this.now());
			this.insertTurn(threadId, turn);
		})();
	}

	private insertTurn(threadId: string, { question, answerId }: Turn): void {
		this.db
			.prepare(
				`INSERT INTO turns (thread_id, seq, question, answer_id, created_at)
				 VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM turns WHERE thread_id = ?), ?, ?, ?)`,
			)
			.run(threadId, threadId, question, answerId, this.now());
	}

	public async addPending(pending: PendingAnswer): Promise<void> {
		this.addPendingTo('pending', pending);
	}

	public async completePending(id: string): Promise<void> {
		this.completePendingIn('pending', id);
	}

	public async takePending(since: Date): Promise<PendingAnswer[]> {
		return this.takePendingFrom<PendingAnswer>('pending', since);
	}

	public async addPendingMention(mention: PendingMention): Promise<void> {
		this.addPendingTo('pending_mentions', mention);
	}

	public async completePendingMention(id: string): Promise<void> {
		this.completePendingIn('pending_mentions', id);
	}

	public async takePendingMentions(since: Date): Promise<PendingMention[]> {
		return this.takePendingFrom<PendingMention>('pending_mentions', since);
	}

	private addPendingTo(table: PendingTable, pending: { id: string; createdAt: Date }): void {
		this.db
			.prepare(`INSERT OR REPLACE INTO ${table} (id, created_at, request) VALUES (?, ?, ?)`)
			.run(pending.id, pending.createdAt.getTime(), JSON.stringify(pending));
	}

	private completePendingIn(table: PendingTable, id: string): void {
		this.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
	}

	private takePendingFrom<Pending extends PendingAnswer | PendingMention>(table: PendingTable, since: Date): Pending[] {
		return this.db.transaction(() => {
			this.db.prepare(`DELETE FROM ${table} WHERE created_at < ?`).run(since.getTime());
			return (this.db.prepare(`SELECT request FROM ${table} ORDER BY created_at`).all() as { request: string }[]).map(
				({ request }) => parsePending<Pending>(request),
			);
		})();
	}

	public async activity(since: Date): Promise<{ answers: AnswerActivity[]; looseVotes: LooseVote[] }> {
		const from = since.getTime();
		const answers = this.db
			.prepare(
				`SELECT a.id, a.question, a.kind, a.created_at,
					(SELECT json_group_array(file) FROM citations c WHERE c.answer_id = a.id) AS files,
					(SELECT json_group_array(title) FROM citations c WHERE c.answer_id = a.id) AS titles,
					(SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.id AND v.verdict = 'up') AS up,
					(SELECT COUNT(*) FROM votes v WHERE v.answer_id = a.id AND v.verdict = 'down') AS down
				 FROM answers a WHERE a.created_at >= ? ORDER BY a.created_at`,
			)
			.all(from) as {
			id: string;
			question: string;
			kind: AnswerResult['kind'];
			created_at: number;
			files: string;
			titles: string;
			up: number;
			down: number;
		}[];
		const looseVotes = this.db
			.prepare('SELECT question, verdict, created_at FROM votes WHERE answer_id IS NULL AND created_at >= ?')
			.all(from) as { question: string; verdict: Verdict; created_at: number }[];
		return {
			answers: answers.map((row) => ({
				id: row.id,
				question: row.question,
				kind: row.kind,
				createdAt: new Date(row.created_at),
				citedFiles: JSON.parse(row.files) as string[],
				citedTitles: JSON.parse(row.titles) as string[],
				up: row.up,
				down: row.down,
			})),
			looseVotes: looseVotes.map((row) => ({
				question: row.question,
				verdict: row.verdict,
				createdAt: new Date(row.created_at),
			})),
		};
	}

	public async prune(): Promise<number> {
		return this.pruneNow();
	}

	private pruneNow(): number {
		const cutoff = this.cutoff();
		return this.db.transaction(() => {
			this.db.prepare('DELETE FROM votes WHERE created_at < ?').run(cutoff);
			this.db.prepare('DELETE FROM threads WHERE created_at < ?').run(cutoff);
			return this.db.prepare('DELETE FROM answers WHERE created_at < ?').run(cutoff).changes;
		})();
	}

	public close(): void {
		this.db.close();
	}
}

function migrate(db: Database.Database, { legacyVotes = [] }: SqliteStoreOptions): void {
	const version = db.pragma('user_version', { simple: true }) as number;
	if (version > MIGRATIONS.length) {
		throw new AppError(
			'STATE_UNAVAILABLE',
			`schema version ${version} is newer than this Footnote knows (${MIGRATIONS.length})`,
		);
	}
	// IMMEDIATE takes the write lock at once, so a database another process holds is reported here, not mid-answer.
	db.transaction(() => {
		MIGRATIONS.slice(version).forEach((sql) => db.exec(sql));
		db.pragma(`user_version = ${MIGRATIONS.length}`);
		const imported = db.prepare("SELECT value FROM meta WHERE key = 'feedback_imported'").get();
		if (imported !== undefined) return;
		const insert = db.prepare(
			'INSERT INTO votes (answer_id, voter, verdict, question, created_at) VALUES (NULL, ?, ?, ?, ?)',
		);
		for (const vote of legacyVotes) insert.run(vote.user, vote.verdict, vote.question, Date.parse(vote.time));
		db.prepare("INSERT INTO meta (key, value) VALUES ('feedback_imported', ?)").run(String(legacyVotes.length));
	}).immediate();
}

function unavailable(file: string, error: unknown): AppError {
	if (error instanceof AppError) {
		return new AppError('STATE_UNAVAILABLE', `The answer database ${file} cannot be used: ${error.message}.`, {
			cause: error,
		});
	}
	const code = (error as { code?: string }).code ?? '';
	const reason = (error as Error).message;
	const fix =
		code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
			? 'is locked by another process. Stop the other Footnote using this DATA_DIR, or give this one a DATA_DIR of its own.'
			: code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB'
				? `is damaged (${reason}). Move it aside (mv ${file} ${file}.broken) and start again: answers, votes and threads start afresh.`
				: `cannot be opened (${reason}). Check that DATA_DIR exists and that this user may write to it.`;
	return new AppError('STATE_UNAVAILABLE', `The answer database ${file} ${fix}`, { cause: error });
}
