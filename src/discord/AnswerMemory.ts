import type { AnswerResult } from '../answer/types.ts';

export interface RememberedAnswer {
	readonly command: string;
	readonly askerId: string;
	readonly isPrivate: boolean;
	readonly result: AnswerResult;
}

const DEFAULT_CAPACITY = 500;

/** Recent answers by id, so buttons can recover the question and citations; the oldest are forgotten first. */
export class AnswerMemory {
	readonly #answers = new Map<string, RememberedAnswer>();

	public constructor(private readonly capacity = DEFAULT_CAPACITY) {}

	public remember(id: string, answer: RememberedAnswer): void {
		this.#answers.delete(id);
		this.#answers.set(id, answer);
		for (const oldest of this.#answers.keys()) {
			if (this.#answers.size <= this.capacity) break;
			this.#answers.delete(oldest);
		}
	}

	public recall(id: string): RememberedAnswer | undefined {
		return this.#answers.get(id);
	}
}
