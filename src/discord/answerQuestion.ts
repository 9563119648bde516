import type { AnswerResult } from '../answer/types.ts';
import { askInConversation } from '../conversation/askInConversation.ts';
import type { QueryOptions } from '../engine/Engine.ts';
import type { CommandContext } from './Command.ts';

export interface Question {
	/** The interaction or message id; the answer is stored under it and its buttons carry it. */
	readonly id: string;
	readonly askerId: string;
	readonly question: string;
	readonly source?: string | undefined;
	/** The thread the question was asked in: its earlier questions carry into the search, and this one joins them. */
	readonly threadId?: string | undefined;
	/** Date, publisher and newest-first filters, as /ask's options give them. */
	readonly filters?: Pick<QueryOptions, 'after' | 'before' | 'publisher' | 'newest'>;
}

/** Answers a question, in the context of its thread's conversation when it has one, and stores the answer. */
export async function answerQuestion(
	{ engine, answers, condenser }: Pick<CommandContext, 'engine' | 'answers' | 'condenser'>,
	{ id, askerId, question, source, threadId, filters }: Question,
): Promise<AnswerResult> {
	const earlier = threadId === undefined ? [] : (await answers.turns(threadId)).map((turn) => turn.question);
	const result = await askInConversation(engine, condenser, question, earlier, { source, ...filters });
	await answers.remember({ id, command: 'ask', askerId, result });
	if (threadId !== undefined) await answers.addTurn(threadId, { question, answerId: id });
	return result;
}
