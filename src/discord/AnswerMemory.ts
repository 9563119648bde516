import type { AnswerResult } from '../answer/types.ts';

export interface RememberedAnswer {
	readonly command: string;
	readonly askerId: string;
	readonly result: AnswerResult;
}

interface Entry {
	readonly answer: RememberedAnswer;
	readonly voters: Set<string>;
	posted: boolean;
}

const DEFAULT_CAPACITY = 500;

/**
 * Recent answers by id, so buttons can recover the question and citations, with who has voted on each and whether it
 * was posted; the oldest are forgotten first.
 */
export class AnswerMemory {
	readonly #entries = new Map<string, Entry>();

	public constructor(private readonly capacity = DEFAULT_CAPACITY) {}

	public remember(id: string, answer: RememberedAnswer): void {
		this.#entries.delete(id);
		this.#entries.set(id, { answer, voters: new Set(), posted: false });
		for (const oldest of this.#entries.keys()) {
			if (this.#entries.size <= this.capacity) break;
			this.#entries.delete(oldest);
		}
	}

	public recall(id: string): RememberedAnswer | undefined {
		return this.#entries.get(id)?.answer;
	}

	/** Notes a user's vote on an answer; false when they had already voted on it (or it is forgotten). */
	public firstVote(id: string, userId: string): boolean {
		const entry = this.#entries.get(id);
		if (entry === undefined || entry.voters.has(userId)) return false;
		entry.voters.add(userId);
		return true;
	}

	/** Marks an answer as posted; false when it already was (or it is forgotten). */
	public firstPost(id: string): boolean {
		const entry = this.#entries.get(id);
		if (entry === undefined || entry.posted) return false;
		entry.posted = true;
		return true;
	}
}
