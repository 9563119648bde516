import type { AnswerResult } from '../answer/types.ts';
import type { PendingAnswer, PendingMention, Recall } from './AnswerStore.ts';

const DAY_MS = 86_400_000;

/** An answer's row as either backend reads it back. */
export interface AnswerRecord {
	readonly id: string;
	readonly command: string;
	/** The AnswerResult as JSON. */
	readonly result: string;
	/** Milliseconds since the epoch. */
	readonly createdAt: number;
	readonly posted: boolean;
}

/** When answers stored before it (milliseconds since the epoch) have expired. */
export function retentionCutoff(now: number, retentionDays: number): number {
	return now - retentionDays * DAY_MS;
}

/**
 * What recall says of an answer's row, or of none: a missing answer whose id was issued before the cutoff has expired
 * (retention pruned it), one issued later was never stored here.
 */
export function recallRecord(record: AnswerRecord | undefined, issuedAt: Date | undefined, cutoff: number): Recall {
	if (record === undefined) {
		return issuedAt !== undefined && issuedAt.getTime() < cutoff ? { status: 'expired' } : { status: 'unknown' };
	}
	if (record.createdAt < cutoff) return { status: 'expired' };
	return {
		status: 'found',
		answer: {
			id: record.id,
			command: record.command,
			result: JSON.parse(record.result) as AnswerResult,
			createdAt: new Date(record.createdAt),
			posted: record.posted,
		},
	};
}

/** A question in flight (an interaction or a mention) from the JSON it was stored as. */
export function parsePending<Pending extends PendingAnswer | PendingMention>(request: string): Pending {
	const parsed = JSON.parse(request) as Omit<Pending, 'createdAt'> & { createdAt: string };
	return { ...parsed, createdAt: new Date(parsed.createdAt) } as Pending;
}
