import type pg from 'pg';
import type { AnswerResult } from '../answer/types.ts';
import { AppError } from '../errors.ts';
import { migrate } from '../store/postgres/migrate.ts';
import { withTransaction } from '../store/postgres/pgPool.ts';
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

/** How long a process's questions in flight stay its own without a heartbeat; it renews them three times as often. */
const PENDING_HOLD_MS = 30_000;

/** The kinds of question kept in flight in footnote_pending, each with its own JSON request. */
const PENDING_ANSWER = 'answer';
const PENDING_MENTION = 'mention';

export interface PgStoreOptions {
	/** Taken over by the store: close() ends it. */
	readonly pool: pg.Pool;
	/** Key for hashing user ids (see userHashKey). */
	readonly userKey: Buffer;
	readonly retentionDays: number;
	/**
	 * The part of the bot this process serves (a shard, or the whole bot; see processRole): its next process takes over
	 * the questions it leaves in flight.
	 */
	readonly owner: string;
	/** Votes from the old feedback file, imported by the first process that finds none imported. */
	readonly legacyVotes?: readonly FeedbackLine[];
	readonly now?: () => number;
	readonly holdMs?: number;
}

interface AnswerRow {
	id: string;
	created_at: Date;
	command: string;
	result: string;
	posted: boolean;
}

/**
 * The answer store in the Postgres database that holds the shared index, so that every shard reads and writes the same
 * answers, votes and threads. Each call is one statement or one short transaction: decisions that two processes could
 * race on (a vote, a post, taking a question in flight) are single conditional statements.
 */
export class PgAnswerStore implements AnswerStore {
	private heartbeat: NodeJS.Timeout | undefined;

	private constructor(
		private readonly pool: pg.Pool,
		private readonly options: PgStoreOptions,
	) {}

	/**
	 * Migrates the schema, imports the old feedback file's votes once, then prunes what is past retention.
	 * @throws AppError('STATE_UNAVAILABLE') saying what to check when the database cannot be used.
	 */
	public static async open(options: PgStoreOptions): Promise<PgAnswerStore> {
		const store = new PgAnswerStore(options.pool, options);
		try {
			await migrate(options.pool);
			if (options.legacyVotes !== undefined) await store.importVotes(options.legacyVotes);
			await store.prune();
		} catch (error) {
			await store.close();
			throw new AppError(
				'STATE_UNAVAILABLE',
				`The answer database in DATABASE_URL cannot be used (${(error as Error).message}). Check that the server ` +
					'is up and that this user may create tables in its schema.',
				{ cause: error },
			);
		}
		return store;
	}

	public get retentionDays(): number {
		return this.options.retentionDays;
	}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	private cutoff(): Date {
		return new Date(retentionCutoff(this.now(), this.options.retentionDays));
	}

	private hash(userId: string): string {
		return hashUser(this.options.userKey, userId);
	}

	private get holdMs(): number {
		return this.options.holdMs ?? PENDING_HOLD_MS;
	}

	private get holdSeconds(): number {
		return this.holdMs / 1_000;
	}

	/** The first process to mark the import done imports; the mark and the votes commit together. */
	private async importVotes(votes: readonly FeedbackLine[]): Promise<void> {
		await withTransaction(this.pool, async (client) => {
			const { rowCount } = await client.query(
				`INSERT INTO footnote_answer_meta (key, value) VALUES ('feedback_imported', $1) ON CONFLICT (key) DO NOTHING`,
				[String(votes.length)],
			);
			if (rowCount === 0 || votes.length === 0) return;
			await client.query(
				`INSERT INTO footnote_votes (answer_id, voter, verdict, question, created_at)
				SELECT NULL, * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])`,
				[
					votes.map((vote) => vote.user),
					votes.map((vote) => vote.verdict),
					votes.map((vote) => vote.question),
					votes.map((vote) => new Date(vote.time)),
				],
			);
		});
	}

	public async remember({ id, command, askerId, result }: NewAnswer): Promise<void> {
		const citations = result.kind === 'not_covered' ? [] : result.citations;
		await withTransaction(this.pool, async (client) => {
			// Answering the same id again replaces the answer, its citations and its votes, as in SQLite.
			await client.query('DELETE FROM footnote_answers WHERE id = $1', [id]);
			await client.query(
				`INSERT INTO footnote_answers (id, created_at, command, asker, question, kind, result)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				[id, new Date(this.now()), command, this.hash(askerId), result.question, result.kind, JSON.stringify(result)],
			);
			if (citations.length === 0) return;
			await client.query(
				`INSERT INTO footnote_citations (answer_id, n, file, title, passage_id)
				SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[], $5::text[])`,
				[
					id,
					citations.map((citation) => citation.n),
					citations.map((citation) => citation.article.file),
					citations.map((citation) => citation.article.title),
					citations.map((citation) => citation.passage.id),
				],
			);
		});
	}

	public async recall(id: string, issuedAt?: Date): Promise<Recall> {
		const { rows } = await this.pool.query<AnswerRow>(
			'SELECT id, created_at, command, result, posted FROM footnote_answers WHERE id = $1',
			[id],
		);
		const row = rows[0];
		const record = row && { ...row, createdAt: row.created_at.getTime() };
		return recallRecord(record, issuedAt, this.cutoff().getTime());
	}

	public async vote(id: string, userId: string, verdict: Verdict): Promise<boolean> {
		const { rowCount } = await this.pool.query(
			`INSERT INTO footnote_votes (answer_id, voter, verdict, question, created_at)
			SELECT id, $2, $3, question, $4 FROM footnote_answers WHERE id = $1
			ON CONFLICT (answer_id, voter) DO NOTHING`,
			[id, this.hash(userId), verdict, new Date(this.now())],
		);
		return rowCount === 1;
	}

	public async claimPost(id: string, userId: string): Promise<PostClaim> {
		// The UPDATE decides; the SELECT beside it only says why it did not (it sees the row as before the UPDATE).
		const { rows } = await this.pool.query<{ asker: boolean; claimed: boolean }>(
			`WITH claimed AS (
				UPDATE footnote_answers SET posted = true WHERE id = $1 AND asker = $2 AND NOT posted RETURNING id)
			SELECT asker = $2 AS asker, EXISTS (SELECT 1 FROM claimed) AS claimed FROM footnote_answers WHERE id = $1`,
			[id, this.hash(userId)],
		);
		const row = rows[0];
		if (row === undefined) return 'unknown';
		if (!row.asker) return 'not_asker';
		return row.claimed ? 'claimed' : 'already_posted';
	}

	public async threadOf(answerId: string): Promise<string | undefined> {
		const { rows } = await this.pool.query<{ thread_id: string }>(
			'SELECT thread_id FROM footnote_threads WHERE answer_id = $1',
			[answerId],
		);
		return rows[0]?.thread_id;
	}

	public async turns(threadId: string): Promise<Turn[]> {
		const { rows } = await this.pool.query<{ question: string; answer_id: string }>(
			'SELECT question, answer_id FROM footnote_turns WHERE thread_id = $1 ORDER BY seq',
			[threadId],
		);
		return rows.map((row) => ({ question: row.question, answerId: row.answer_id }));
	}

	public async addTurn(threadId: string, { question, answerId }: Turn): Promise<void> {
		await withTransaction(this.pool, async (client) => {
			await client.query(
				`INSERT INTO footnote_threads (thread_id, answer_id, created_at) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`,
				[threadId, answerId, new Date(this.now())],
			);
			// Locking the thread's row numbers its turns one at a time, whichever process adds them.
			await client.query('SELECT 1 FROM footnote_threads WHERE thread_id = $1 FOR UPDATE', [threadId]);
			await client.query(
				`INSERT INTO footnote_turns (thread_id, seq, question, answer_id, created_at)
				SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4 FROM footnote_turns WHERE thread_id = $1`,
				[threadId, question, answerId, new Date(this.now())],
			);
		});
	}

	public async addPending(pending: PendingAnswer): Promise<void> {
		await this.holdPending(PENDING_ANSWER, pending.id, pending.createdAt, pending);
	}

	public async completePending(id: string): Promise<void> {
		await this.releasePending(PENDING_ANSWER, id);
	}

	public async takePending(since: Date): Promise<PendingAnswer[]> {
		return (await this.takeHeld(PENDING_ANSWER, since)).map((request) => parsePending<PendingAnswer>(request));
	}

	public async addPendingMention(mention: PendingMention): Promise<void> {
		await this.holdPending(PENDING_MENTION, mention.id, mention.createdAt, mention);
	}

	public async completePendingMention(id: string): Promise<void> {
		await this.releasePending(PENDING_MENTION, id);
	}

	public async takePendingMentions(since: Date): Promise<PendingMention[]> {
		return (await this.takeHeld(PENDING_MENTION, since)).map((request) => parsePending<PendingMention>(request));
	}

	/** Records a question of `kind` in flight, held by this process's owner. */
	private async holdPending(kind: string, id: string, createdAt: Date, request: unknown): Promise<void> {
		this.startHeartbeat();
		await this.pool.query(
			`INSERT INTO footnote_pending (kind, id, created_at, request, owner, held_until)
			VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))
			ON CONFLICT (kind, id) DO UPDATE SET created_at = excluded.created_at, request = excluded.request,
				owner = excluded.owner, held_until = excluded.held_until`,
			[kind, id, createdAt, JSON.stringify(request), this.options.owner, this.holdSeconds],
		);
	}

	private async releasePending(kind: string, id: string): Promise<void> {
		await this.pool.query('DELETE FROM footnote_pending WHERE kind = $1 AND id = $2', [kind, id]);
	}

	/**
	 * Drops questions of `kind` created before `since`, then takes the rest that this owner left (its previous process
	 * died or stopped) or whose owner stopped renewing them, oldest first. The taking is one UPDATE: of processes
	 * starting together, each row goes to one.
	 */
	private async takeHeld(kind: string, since: Date): Promise<string[]> {
		this.startHeartbeat();
		await this.pool.query('DELETE FROM footnote_pending WHERE kind = $1 AND created_at < $2', [kind, since]);
		const { rows } = await this.pool.query<{ request: string; created_at: Date }>(
			`UPDATE footnote_pending SET owner = $2, held_until = now() + make_interval(secs => $3)
			WHERE kind = $1 AND (owner = $2 OR held_until < now())
			RETURNING request, created_at`,
			[kind, this.options.owner, this.holdSeconds],
		);
		return rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime()).map((row) => row.request);
	}

	/** Keeps this owner's questions in flight its own while the process lives; a failed renewal is tried again. */
	private startHeartbeat(): void {
		if (this.heartbeat !== undefined) return;
		this.heartbeat = setInterval(() => {
			this.pool
				.query('UPDATE footnote_pending SET held_until = now() + make_interval(secs => $2) WHERE owner = $1', [
					this.options.owner,
					this.holdSeconds,
				])
				.catch(() => undefined);
		}, this.holdMs / 3);
		this.heartbeat.unref();
	}

	public async activity(since: Date): Promise<{ answers: AnswerActivity[]; looseVotes: LooseVote[] }> {
		const { rows: answers } = await this.pool.query<{
			id: string;
			question: string;
			kind: AnswerResult['kind'];
			created_at: Date;
			files: string[];
			titles: string[];
			up: number;
			down: number;
		}>(
			`SELECT a.id, a.question, a.kind, a.created_at,
				ARRAY(SELECT file FROM footnote_citations c WHERE c.answer_id = a.id ORDER BY n) AS files,
				ARRAY(SELECT title FROM footnote_citations c WHERE c.answer_id = a.id ORDER BY n) AS titles,
				(SELECT COUNT(*) FROM footnote_votes v WHERE v.answer_id = a.id AND v.verdict = 'up')::integer AS up,
				(SELECT COUNT(*) FROM footnote_votes v WHERE v.answer_id = a.id AND v.verdict = 'down')::integer AS down
			FROM footnote_answers a WHERE a.created_at >= $1 ORDER BY a.created_at`,
			[since],
		);
		const { rows: looseVotes } = await this.pool.query<{ question: string; verdict: Verdict; created_at: Date }>(
			`SELECT question, verdict, created_at FROM footnote_votes
			WHERE answer_id IS NULL AND created_at >= $1 ORDER BY created_at`,
			[since],
		);
		return {
			answers: answers.map((row) => ({
				id: row.id,
				question: row.question,
				kind: row.kind,
				createdAt: row.created_at,
				citedFiles: row.files,
				citedTitles: row.titles,
				up: row.up,
				down: row.down,
			})),
			looseVotes: looseVotes.map((row) => ({
				question: row.question,
				verdict: row.verdict,
				createdAt: row.created_at,
			})),
		};
	}

	public async prune(): Promise<number> {
		const cutoff = this.cutoff();
		return withTransaction(this.pool, async (client) => {
			await client.query('DELETE FROM footnote_votes WHERE created_at < $1', [cutoff]);
			await client.query('DELETE FROM footnote_threads WHERE created_at < $1', [cutoff]);
			return (await client.query('DELETE FROM footnote_answers WHERE created_at < $1', [cutoff])).rowCount ?? 0;
		});
	}

	public async close(): Promise<void> {
		clearInterval(this.heartbeat);
		await this.pool.end();
	}
}
