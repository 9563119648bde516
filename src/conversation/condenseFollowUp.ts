import type { RetrievalContext } from '../retrieval/HybridRetriever.ts';
import { normaliseTerm, tokenize } from '../text/terms.ts';

/** What retrieval searches for a follow-up: the question, and what it leaves out of the earlier turns. */
export interface Condensed {
	readonly question: string;
	readonly context?: RetrievalContext;
}

/**
 * Makes a follow-up searchable on its own from the questions asked before it in the conversation. The deterministic
 * condenser below carries key terms; a language model's "condense question" step can implement the same contract.
 */
export interface QuestionCondenser {
	/** `earlier` holds the conversation's previous questions, oldest first. */
	condense(question: string, earlier: readonly string[]): Promise<Condensed>;
}

/** Weight of the carried terms against the follow-up's own, chosen on the follow-up evaluation set (`npm run eval`). */
export const FOLLOW_UP_WEIGHT = 0.25;
/** Earlier questions whose terms are carried, most recent first: a conversation drifts. */
const TURNS_CARRIED = 2;

/**
 * Carries the content words and names of the latest earlier questions that the follow-up does not already use,
 * as a context weighed lower than the follow-up itself. No model, no network: the same input gives the same search.
 */
export class KeyTermCondenser implements QuestionCondenser {
	public constructor(private readonly weight = FOLLOW_UP_WEIGHT) {}

	public async condense(question: string, earlier: readonly string[]): Promise<Condensed> {
		const own = new Set(tokenize(question).map(normaliseTerm));
		const carried = new Map<string, string>();
		for (const previous of earlier.slice(-TURNS_CARRIED).reverse()) {
			for (const word of tokenize(previous)) {
				const term = normaliseTerm(word);
				if (term !== null && !own.has(term) && !carried.has(term)) carried.set(term, word);
			}
		}
		if (carried.size === 0 || this.weight <= 0) return { question };
		const words = [...carried.values()];
		const names = words.filter((word) => /^\p{Lu}/u.test(word));
		return {
			question,
			context: { text: words.join(' '), weight: this.weight, ...(names.length > 0 ? { names } : {}) },
		};
	}
}
