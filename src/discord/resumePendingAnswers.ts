import { InteractionWebhook, type Client } from 'discord.js';
import type { Logger } from '../logger.ts';
import type { PendingAnswer, PendingMention } from '../state/AnswerStore.ts';
import { answerMention } from './answerMentions.ts';
import { answerQuestion } from './answerQuestion.ts';
import type { CommandContext } from './Command.ts';
import { loggableError } from './errorBoundary.ts';
import { renderAnswer } from './render.ts';
import { resolveSource } from './sourceOption.ts';

/** An interaction token lasts 15 minutes; a reply needs a moment to be worked out and sent. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
const MARGIN_MS = 30_000;
/**
 * A mention has no token to run out, but an answer that comes long after its question is noise in a conversation
 * that has moved on. The same 15 minutes as /ask keeps the two alike, and covers a supervisor's restarts with backoff.
 */
const MENTION_WINDOW_MS = 15 * 60_000;

/**
 * Answers the questions the bot was working on when it last stopped: deferred /ask replies while their interaction
 * tokens are still good, then mentions still recent, each where it would have been answered; older ones are dropped.
 * Each is marked done whether or not it could be answered, so none is answered twice. Never rejects.
 */
export async function resumePendingAnswers(client: Client<true>, context: CommandContext): Promise<void> {
	const { answers, logger, engine } = context;
	await resumeEach(
		'interaction',
		() => answers.takePending(new Date(Date.now() - TOKEN_LIFETIME_MS + MARGIN_MS)),
		async (question: PendingAnswer) => {
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
		},
		(id) => answers.completePending(id),
		logger,
	);
	await resumeEach(
		'message',
		() => answers.takePendingMentions(new Date(Date.now() - MENTION_WINDOW_MS)),
		async (mention: PendingMention) => {
			const channel = await client.channels.fetch(mention.channelId);
			if (channel === null || !channel.isTextBased() || channel.isDMBased()) {
				throw new Error(`channel ${mention.channelId} is not a server text channel the bot can see`);
			}
			await answerMention(channel, mention, context);
		},
		(id) => answers.completePendingMention(id),
		logger,
	);
}

async function resumeEach<Pending extends { readonly id: string }>(
	kind: 'interaction' | 'message',
	take: () => Promise<Pending[]>,
	answer: (pending: Pending) => Promise<void>,
	complete: (id: string) => Promise<void>,
	logger: Logger,
): Promise<void> {
	let pending: Pending[];
	try {
		pending = await take();
	} catch (error) {
		logger.error({ err: error, kind }, 'pending.read_failed');
		return;
	}
	for (const question of pending) {
		try {
			await answer(question);
			logger.info({ [kind]: question.id }, 'pending.resumed');
		} catch (error) {
			logger.warn({ err: loggableError(error), [kind]: question.id }, 'pending.resume_failed');
		} finally {
			await complete(question.id).catch(() => undefined);
		}
	}
}
