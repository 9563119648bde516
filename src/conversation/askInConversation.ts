import type { AnswerResult } from '../answer/types.ts';
import type { Engine, QueryOptions } from '../engine/Engine.ts';
import type { QuestionCondenser } from './condenseFollowUp.ts';

function oneLine(text: string): string {
	return text.replace(/\s+/gu, ' ').trim();
}

/** Case, spacing and closing punctuation aside, the same question. */
function sameQuestion(a: string, b: string): boolean {
	const key = (text: string): string =>
		oneLine(text)
			.toLowerCase()
			.replace(/[\s?.!]+$/u, '');
	return key(a) === key(b);
}

/**
 * Asks a question in its conversation: condensed from the earlier questions (oldest first), then searched for and
 * answered as condensed. The result keeps the question as typed, and names the standalone question in `searchedFor`
 * when it differs.
 */
export async function askInConversation(
	engine: Engine,
	condenser: QuestionCondenser,
	question: string,
	earlier: readonly string[],
	options: QueryOptions = {},
): Promise<AnswerResult> {
	const { question: standalone, context } = await condenser.condense(question, earlier);
	const result = await engine.ask(standalone, { ...options, ...(context === undefined ? {} : { context }) });
	if (sameQuestion(standalone, question)) return result;
	return { ...result, question: oneLine(question), searchedFor: result.question };
}
