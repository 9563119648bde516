import { randomBytes } from 'node:crypto';
import { ChannelType, type Message, type SendableChannels } from 'discord.js';
import { isAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { answerQuestion } from './answerQuestion.ts';
import type { CommandContext } from './Command.ts';
import { loggableError } from './errorBoundary.ts';
import { MAX_QUESTION } from './limits.ts';
import type { RateLimiter } from './RateLimiter.ts';
import { renderAnswer, renderNotice, renderThreadName, type Payload } from './render.ts';

export interface MentionDeps {
	readonly context: CommandContext;
	readonly rateLimiter: RateLimiter;
	readonly logger: Logger;
}

export type MessageHandler = (message: Message) => Promise<void>;

/** Discord shows "typing…" for 10 seconds after each signal. */
const TYPING_REFRESH_MS = 8_000;
const UNEXPECTED = 'Something went wrong on my side. Please try again.';

/**
 * Answers messages that mention the bot (or reply to it): in a thread opened on the message, or in place when the
 * message is already in a thread, whose earlier questions then carry into the search. Messages by bots (this one
 * included), @everyone/@here and role pings are ignored. The returned promise never rejects.
 */
export function answerMentions({ context, rateLimiter, logger }: MentionDeps): MessageHandler {
	return async (message) => {
		if (!message.inGuild()) return;
		const question = questionIn(message);
		if (question === undefined) return;
		const started = performance.now();
		try {
			await answer(message, question, { context, rateLimiter, logger });
			logger.info({ message: message.id, ms: Math.round(performance.now() - started) }, 'mention.completed');
		} catch (error) {
			await message
				.reply(failureNotice(error, message, logger))
				.catch((replyError: unknown) =>
					logger.error({ err: loggableError(replyError), message: message.id }, 'mention.error_reply_failed'),
				);
		}
	};
}

/** Logs a failed answer under a short ref and gives the fixed sentence a user sees, with the same ref. */
function failureNotice(error: unknown, message: Message, logger: Logger): Payload {
	const ref = randomBytes(4).toString('hex');
	const expected = isAppError(error);
	logger[expected ? 'warn' : 'error']({ ref, err: loggableError(error), message: message.id }, 'mention.failed');
	return renderNotice({ kind: 'failed', ref, sentence: expected ? error.userMessage : UNEXPECTED });
}

/** The question a message asks the bot, without the mention; undefined when the message is not for the bot. */
function questionIn(message: Message<true>): string | undefined {
	const botId = message.client.user.id;
	if (message.author.bot || message.system || message.mentions.everyone) return undefined;
	const mentioned = message.mentions.users.has(botId);
	const repliedTo = message.mentions.repliedUser?.id === botId && message.content.trim() !== '';
	if (!mentioned && !repliedTo) return undefined;
	return message.content
		.replaceAll(new RegExp(`<@!?${botId}>`, 'g'), ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, MAX_QUESTION);
}

async function answer(
	message: Message<true>,
	question: string,
	{ context, rateLimiter, logger }: MentionDeps,
): Promise<void> {
	if (question === '') {
		await message.reply(renderNotice({ kind: 'empty_mention' }));
		return;
	}
	const decision = rateLimiter.take(message.author.id);
	if (!decision.allowed) {
		await message.reply(renderNotice({ kind: 'rate_limited', retryAfterMs: decision.retryAfterMs }));
		return;
	}
	const inThread = message.channel.isThread();
	const canOpenThread =
		message.channel.type === ChannelType.GuildText || message.channel.type === ChannelType.GuildAnnouncement;
	const thread =
		inThread || !canOpenThread ? undefined : await message.startThread({ name: renderThreadName(question) });
	const where: SendableChannels = thread ?? message.channel;
	const send = (payload: Payload) => (thread === undefined ? message.reply(payload) : thread.send(payload));
	const stopTyping = keepTyping(where);
	try {
		const result = await answerQuestion(context, {
			id: message.id,
			askerId: message.author.id,
			question,
			threadId: inThread || thread !== undefined ? where.id : undefined,
		});
		await send(renderAnswer(result, { answerId: message.id }));
	} catch (error) {
		await send(failureNotice(error, message, logger));
	} finally {
		stopTyping();
	}
}

/** Shows "typing…" in a channel until the returned function is called; a failed signal is only cosmetic. */
function keepTyping(channel: SendableChannels): () => void {
	const signal = (): void => void channel.sendTyping().catch(() => undefined);
	signal();
	const timer = setInterval(signal, TYPING_REFRESH_MS);
	return () => clearInterval(timer);
}
