import { InteractionWebhook, type Client } from 'discord.js';
import type { PendingAnswer } from '../state/AnswerStore.ts';
import { answerQuestion } from './answerQuestion.ts';
import type { CommandContext } from './Command.ts';
import { loggableError } from './errorBoundary.ts';
import { renderAnswer } from './render.ts';
import { resolveSource } from './sourceOption.ts';

/** An interaction token lasts 15 minutes; a reply needs a moment to be worked out and sent. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
const MARGIN_MS = 30_000;

/**
 * Answers the questions the bot was working on when it last stopped, into their deferred replies, while their
 * interaction tokens are still good; older ones are dropped. Never rejects.
 */
export async function resumePendingAnswers(client: Client<true>, context: CommandContext): Promise<void> {
	const { answers, logger, engine } = context;
	let pending: PendingAnswer[];
	try {
		pending = await answers.takePending(new Date(Date.now() - TOKEN_LIFETIME_MS + MARGIN_MS));
	} catch (error) {
		logger.error({ err: error }, 'pending.read_failed');
		return;
	}
	for (const question of pending) {
		try {
			const source = resolveSource(engine.sources(), question.source ?? null);
			const result = await answerQuestion(context, { ...question, source });
			const reply = new InteractionWebhook(client, question.applicationId, question.token);
			await reply.editMessage(
				'@original',
				renderAnswer(result, {
					answerId: question.id,
					offerPost: question.ephemeral,
					offerFollowUp: !question.ephemeral && question.threadId === undefined,
				}),
			);
			logger.info({ interaction: question.id }, 'pending.resumed');
		} catch (error) {
			logger.warn({ err: loggableError(error), interaction: question.id }, 'pending.resume_failed');
		} finally {
			await answers.completePending(question.id).catch(() => undefined);
		}
	}
}
