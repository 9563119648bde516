import type { AnswerResult } from '../answer/types.ts';

export type Verdict = 'up' | 'down';

/** An answer as the bot sent it, with what its buttons need. */
export interface NewAnswer {
	/** The interaction or message id the answer replied to; its buttons carry it. */
	readonly id: string;
	readonly command: string;
	readonly askerId: string;
	readonly result: AnswerResult;
}

export interface StoredAnswer {
	readonly id: string;
	readonly command: string;
	readonly result: AnswerResult;
	readonly createdAt: Date;
	readonly posted: boolean;
}

/** What became of an answer id: kept, pruned after the retention period, or never stored here. */
export type Recall =
	| { readonly status: 'found'; readonly answer: StoredAnswer }
	| { readonly status: 'expired' }
	| { readonly status: 'unknown' };

export type PostClaim = 'claimed' | 'not_asker' | 'already_posted' | 'unknown';

/** One question of a thread's conversation and the question retrieval searched for it. */
export interface Turn {
	readonly question: string;
	readonly answerId: string;
}

/** A question being answered whose reply can still be sent after a restart while its interaction token lasts. */
export interface PendingAnswer {
	readonly id: string;
	readonly applicationId: string;
	readonly token: string;
	readonly askerId: string;
	readonly channelId: string;
	/** The conversation's thread, when the question was asked in one. */
	readonly threadId?: string | undefined;
	readonly question: string;
	readonly source?: string | undefined;
	readonly ephemeral: boolean;
	/** When Discord created the interaction: the token lasts 15 minutes from then. */
	readonly createdAt: Date;
}

/** Where a mention's answer goes: in place in its thread, in a thread opened on it, or as a reply where it is. */
export type MentionPlace = 'thread' | 'new_thread' | 'reply';

/** A question asked by mentioning (or replying to) the bot, being answered; answered after a restart while recent. */
export interface PendingMention {
	/** The message that asked; its answer is stored under it, and a thread opened on it has its id. */
	readonly id: string;
	readonly askerId: string;
	/** The channel or thread the message was posted in. */
	readonly channelId: string;
	readonly question: string;
	readonly answerIn: MentionPlace;
	/** When the message was posted. */
	readonly createdAt: Date;
}

/** One answer in a report: its question, result kind, cited articles and votes. */
export interface AnswerActivity {
	readonly id: string;
	readonly question: string;
	readonly kind: AnswerResult['kind'];
	readonly createdAt: Date;
	readonly citedFiles: readonly string[];
	readonly citedTitles: readonly string[];
	readonly up: number;
	readonly down: number;
}

/** A vote with no stored answer (imported from the old feedback file). */
export interface LooseVote {
	readonly question: string;
	readonly verdict: Verdict;
	readonly createdAt: Date;
}

/**
 * What the bot keeps across restarts: answers and their votes and posted flags, threads with their turns, and answers
 * in flight. Users are stored only as keyed hashes of their ids. SQLite under DATA_DIR is the default backend; with
 * INDEX_BACKEND=postgres the state lives in the shared database, so every shard sees the same answers.
 */
export interface AnswerStore {
	/** Days answers are kept before they expire. */
	readonly retentionDays: number;
	remember(answer: NewAnswer): Promise<void>;
	/** `issuedAt` is when the id was made (a Discord id carries it): a missing answer older than retention has expired. */
	recall(id: string, issuedAt?: Date): Promise<Recall>;
	/** Records a user's 👍/👎; false when they already voted on this answer. */
	vote(id: string, userId: string, verdict: Verdict): Promise<boolean>;
	/** Marks an answer posted to the channel when the user asked it and it was not posted yet. */
	claimPost(id: string, userId: string): Promise<PostClaim>;

	/** The thread opened on an answer, when there is one. */
	threadOf(answerId: string): Promise<string | undefined>;
	/** The thread's turns, oldest first; empty for a thread the bot did not start. */
	turns(threadId: string): Promise<Turn[]>;
	/** Adds a question to a thread's conversation; the first one names the answer the thread was opened on. */
	addTurn(threadId: string, turn: Turn): Promise<void>;

	addPending(pending: PendingAnswer): Promise<void>;
	completePending(id: string): Promise<void>;
	/** Pending answers created after `since`, oldest first; older ones are dropped. */
	takePending(since: Date): Promise<PendingAnswer[]>;
	addPendingMention(mention: PendingMention): Promise<void>;
	completePendingMention(id: string): Promise<void>;
	/** Pending mentions posted after `since`, oldest first; older ones are dropped. */
	takePendingMentions(since: Date): Promise<PendingMention[]>;

	/** Answers since a time with their votes, and votes that have no stored answer. */
	activity(since: Date): Promise<{ answers: AnswerActivity[]; looseVotes: LooseVote[] }>;
	/** Deletes answers, votes and threads older than the retention period; returns how many answers went. */
	prune(): Promise<number>;
	/** A server backend resolves once its connections are closed. */
	close(): void | Promise<void>;
}
