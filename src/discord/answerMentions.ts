import { randomBytes } from 'node:crypto';
import {
	ChannelType,
	DiscordAPIError,
	RESTJSONErrorCodes,
	type GuildTextBasedChannel,
	type Message,
	type MessageCreateOptions,
	type NewsChannel,
	type SendableChannels,
	type TextChannel,
	type ThreadChannel,
} from 'discord.js';
import { isAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { PendingMention } from '../state/AnswerStore.ts';
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
				.reply(failureNotice(error, message.id, logger))
				.catch((replyError: unknown) =>
					logger.error({ err: loggableError(replyError), message: message.id }, 'mention.error_reply_failed'),
				);
		}
	};
}

/** Logs a failed answer under a short ref and gives the fixed sentence a user sees, with the same ref. */
function failureNotice(error: unknown, messageId: string, logger: Logger): Payload {
	const ref = randomBytes(4).toString('hex');
	const expected = isAppError(error);
	logger[expected ? 'warn' : 'error']({ ref, err: loggableError(error), message: messageId }, 'mention.failed');
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

async function answer(message: Message<true>, question: string, { context, rateLimiter }: MentionDeps): Promise<void> {
	if (question === '') {
		await message.reply(renderNotice({ kind: 'empty_mention' }));
		return;
	}
	const decision = rateLimiter.take(message.author.id);
	if (!decision.allowed) {
		await message.reply(renderNotice({ kind: 'rate_limited', retryAfterMs: decision.retryAfterMs }));
		return;
	}
	const mention: PendingMention = {
		id: message.id,
		askerId: message.author.id,
		channelId: message.channelId,
		question,
		answerIn: message.channel.isThread() ? 'thread' : opensThread(message.channel) ? 'new_thread' : 'reply',
		createdAt: message.createdAt,
	};
	// Recorded before anything else, so that a mention the process dies in the middle of is answered on the next start.
	await context.answers.addPendingMention(mention);
	try {
		await answerMention(message.channel, mention, context);
	} finally {
		await context.answers.completePendingMention(message.id);
	}
}

function opensThread(channel: GuildTextBasedChannel): channel is TextChannel | NewsChannel {
	return channel.type === ChannelType.GuildText || channel.type === ChannelType.GuildAnnouncement;
}

/**
 * Answers a mention where it belongs: in place in its thread, in a thread opened on its message (or the one already
 * open there), or as a reply. Answered with the message id as an enforced nonce, so that Discord drops a second copy.
 * @throws what opening the thread throws; a failed answer is told in place.
 */
export async function answerMention(
	channel: GuildTextBasedChannel,
	mention: PendingMention,
	context: CommandContext,
): Promise<void> {
	const thread =
		mention.answerIn === 'new_thread' && opensThread(channel) ? await openThread(channel, mention) : undefined;
	const threadId = thread?.id ?? (mention.answerIn === 'thread' ? channel.id : undefined);
	const send = (payload: MessageCreateOptions) =>
		thread === undefined
			? channel.send({ ...payload, reply: { messageReference: mention.id, failIfNotExists: false } })
			: thread.send(payload);
	const stopTyping = keepTyping(thread ?? channel);
	try {
		const result = await answerQuestion(context, {
			id: mention.id,
			askerId: mention.askerId,
			question: mention.question,
			threadId,
		});
		await send({ ...renderAnswer(result, { answerId: mention.id }), nonce: mention.id, enforceNonce: true });
	} catch (error) {
		await send(failureNotice(error, mention.id, context.logger));
	} finally {
		stopTyping();
	}
}

/** The thread on the mention's message: opened now, or found when it was opened before a restart. */
async function openThread(channel: TextChannel | NewsChannel, mention: PendingMention): Promise<ThreadChannel> {
	try {
		return await channel.threads.create({ startMessage: mention.id, name: renderThreadName(mention.question) });
	} catch (error) {
		if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) {
			// A thread started from a message has the message's id.
			const existing = await channel.client.channels.fetch(mention.id);
			if (existing?.isThread()) return existing;
		}
		throw error;
	}
}

/** Shows "typing…" in a channel until the returned function is called; a failed signal is only cosmetic. */
function keepTyping(channel: Pick<SendableChannels, 'sendTyping'>): () => void {
	const signal = (): void => void channel.sendTyping().catch(() => undefined);
	signal();
	const timer = setInterval(signal, TYPING_REFRESH_MS);
	return () => clearInterval(timer);
}
