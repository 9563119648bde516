import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/answer/types.ts';
import { askInConversation } from '../../src/conversation/askInConversation.ts';
import type { QuestionCondenser } from '../../src/conversation/condenseFollowUp.ts';
import type { Engine, QueryOptions } from '../../src/engine/Engine.ts';

/** An engine that records what it was asked and answers "not covered". */
function recordingEngine(asked: { question: string; options?: QueryOptions }[]): Engine {
	return {
		async ask(question, options) {
			asked.push({ question, ...(options === undefined ? {} : { options }) });
			const result: AnswerResult = {
				kind: 'not_covered',
				reason: 'not_covered',
				question: question.trim(),
				confidence: 0,
				related: [],
				retrieved: [],
				timings: { embedMs: 0, vectorMs: 0, lexicalMs: 0, composeMs: 0, totalMs: 0 },
			};
			return result;
		},
	} as Engine;
}

const rewritingTo = (standalone: string): QuestionCondenser => ({ condense: async () => ({ question: standalone }) });

describe('askInConversation', () => {
	it('searches for the standalone question, keeps the question as typed, and names what it searched for', async () => {
		const asked: { question: string; options?: QueryOptions }[] = [];
		const standalone = 'What did Beijing say about fentanyl?';
		const result = await askInConversation(
			recordingEngine(asked),
			rewritingTo(standalone),
			'And  what did Beijing say?',
			['What demands has the Trump team sent China on fentanyl?'],
			{ source: 'a.txt' },
		);
		expect(asked).toEqual([{ question: standalone, options: { source: 'a.txt' } }]);
		expect(result.question).toBe('And what did Beijing say?');
		expect(result.searchedFor).toBe(standalone);
	});

	it('does not name a search that only differs in case, spacing or the question mark', async () => {
		const result = await askInConversation(
			recordingEngine([]),
			rewritingTo('what did beijing say'),
			'What did Beijing say ?',
			['Earlier?'],
		);
		expect(result.searchedFor).toBeUndefined();
	});
});
