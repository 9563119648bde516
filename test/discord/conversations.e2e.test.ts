import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageFlags, type APIInteraction, type APIMessage } from 'discord.js';
import type { ReindexableEngine } from '../../src/engine/Engine.ts';
import { customIds, expectWithinLimits, messageOf, visibleText, type MessageBody } from './assertMessage.ts';
import { APP_ID, CHANNEL_ID, fakeMessage, snowflake, type RecordedRequest } from './fakeDiscord.ts';
import { ALICE, BOB, buttonClick, channelMessage, inThread, slashCommand, user } from './interactions.ts';
import { startBotHarness, type BotHarness } from './startBotHarness.ts';

const FENTANYL_SENTENCE =
	'President Trump also pressed supreme Chinese leader Xi Jinping to curb exports of the drug fentanyl';
const DEMANDS = 'What demands has the Trump team sent China on fentanyl?';
const BEIJING_FOLLOW_UP = 'And what did Beijing say?';
const BEIJING_SENTENCE =
	'officials in Beijing say the US hasn’t outlined detailed steps they expect from China on fentanyl';
const SUMMIT = 'On which issues did Trump call the summit a success?';
const TWEET_FOLLOW_UP = 'What did he tweet afterwards?';
const TWEET_SENTENCE = 'The president tweeted that he hopes to build a stronger relationship with China';
const FAILING_QUESTION = 'Which question makes the engine fail?';
const ROLE_ID = '1200000000000000077';
const DAY_MS = 86_400_000;

let harness: BotHarness;

function failOn(engine: ReindexableEngine): ReindexableEngine {
	return {
		...engine,
		async ask(question, options) {
			if (question === FAILING_QUESTION) throw new Error('kaboom: internal detail that must not reach Discord');
			return engine.ask(question, options);
		},
	};
}

beforeAll(async () => {
	harness = await startBotHarness({ wrapEngine: failOn });
});

afterAll(async () => {
	await harness?.close();
});

async function finalOf(interaction: APIInteraction): Promise<MessageBody> {
	harness.fake.interact(interaction);
	const message = messageOf((await harness.fake.originalEditFor(interaction)).body);
	expectWithinLimits(message);
	return message;
}

async function replyTo(interaction: APIInteraction): Promise<MessageBody> {
	harness.fake.interact(interaction);
	const message = messageOf((await harness.fake.callbackFor(interaction)).body);
	expectWithinLimits(message);
	return message;
}

const postedIn = (channelId: string) => (request: RecordedRequest) =>
	request.method === 'POST' && request.path === `/channels/${channelId}/messages`;

/** The bot's message in a channel that replies to `message`, or (without a reply reference) the first it posts there. */
async function answerIn(
	channelId: string,
	message?: APIMessage,
	timeoutMs?: number,
): Promise<MessageBody & { message_reference?: { message_id: string } }> {
	const request = await harness.fake.waitForRequest(
		(candidate) =>
			postedIn(channelId)(candidate) &&
			(message === undefined ||
				(candidate.body?.['message_reference'] as { message_id?: string } | undefined)?.message_id === message.id),
		timeoutMs,
	);
	const body = messageOf(request.body);
	expectWithinLimits(body);
	return body;
}

function threadOpenedOn(message: { id: string }, channelId = CHANNEL_ID): RecordedRequest | undefined {
	return harness.fake.requests.find(
		(request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages/${message.id}/threads`,
	);
}

function asPosted(body: MessageBody): APIMessage {
	return fakeMessage({ content: body.content ?? '', embeds: body.embeds ?? [], components: body.components ?? [] });
}

describe('conversations in threads, through the fake Discord', () => {
	it('opens a thread named after the question on Follow up, where a follow-up is answered from the passage the earlier turn points to', async () => {
		const ask = slashCommand('ask', { question: DEMANDS }, user(1));
		const answer = asPosted(await finalOf(ask));
		expect(customIds(messageOf({ components: answer.components }))).toContain(`ask:followup:${ask.id}`);

		const opened = await replyTo(buttonClick(`ask:followup:${ask.id}`, answer, BOB));
		expect(opened.flags).toBe(MessageFlags.Ephemeral);
		expect(opened.content).toBe(`Ask your follow-up in <#${answer.id}>: mention me there or use /ask in it.`);
		expect(threadOpenedOn(answer)?.body?.['name']).toBe(DEMANDS);

		const followUp = await finalOf(inThread(slashCommand('ask', { question: BEIJING_FOLLOW_UP }, BOB), answer.id));
		expect(followUp.embeds?.[0]?.title).toBe(BEIJING_FOLLOW_UP);
		expect(visibleText(followUp)).toContain(BEIJING_SENTENCE);
		expect(customIds(followUp).some((id) => id.startsWith('ask:followup:'))).toBe(false);

		// The same words outside the conversation do not find it: the earlier turn is what made the difference.
		const alone = await finalOf(slashCommand('ask', { question: BEIJING_FOLLOW_UP }, user(2)));
		expect(visibleText(alone)).not.toContain(BEIJING_SENTENCE);

		const again = await replyTo(buttonClick(`ask:followup:${ask.id}`, answer, ALICE));
		expect(again.content).toBe(
			`This answer already has a thread: <#${answer.id}>. Mention me there or use /ask in it.`,
		);
	});

	it('answers a mention in a channel in a new thread on that message, with typing, and a mention in that thread in place with the earlier question in mind', async () => {
		const asked = harness.fake.postMessage(
			channelMessage(`<@${APP_ID}> ${SUMMIT}`, { author: user(3), mentionsBot: true }),
		);
		const answer = await answerIn(asked.id);
		expect(threadOpenedOn(asked)?.body?.['name']).toBe(SUMMIT);
		expect(answer.embeds?.[0]?.title).toBe(SUMMIT);
		expect(customIds(answer)).toEqual([`ask:passages:${asked.id}`, `ask:up:${asked.id}`, `ask:down:${asked.id}`]);
		expect(
			harness.fake.requests.some(
				(request) => request.method === 'POST' && request.path === `/channels/${asked.id}/typing`,
			),
		).toBe(true);

		const followUp = harness.fake.postMessage(
			channelMessage(`<@${APP_ID}> ${TWEET_FOLLOW_UP}`, { author: user(3), mentionsBot: true, channelId: asked.id }),
		);
		const reply = await answerIn(asked.id, followUp);
		expect(reply.embeds?.[0]?.title).toBe(TWEET_FOLLOW_UP);
		expect(visibleText(reply)).toContain(TWEET_SENTENCE);
		expect(threadOpenedOn(followUp, asked.id)).toBeUndefined();

		const passages = await replyTo(buttonClick(`ask:passages:${followUp.id}`, asPosted(reply), BOB));
		expect(passages.flags).toBe(MessageFlags.Ephemeral);
		expect(visibleText(passages)).toContain(TWEET_SENTENCE);
	});

	it('answers a reply to one of its answers in a thread as a question', async () => {
		const asked = harness.fake.postMessage(
			channelMessage(`<@${APP_ID}> What did Trump press Xi to curb?`, { author: user(4), mentionsBot: true }),
		);
		await answerIn(asked.id);
		const answerMessage = channelMessage('', { bot: true, channelId: asked.id });
		const replied = harness.fake.postMessage(
			channelMessage('How many overdose deaths did it contribute to last year?', {
				author: user(4),
				channelId: asked.id,
				replyTo: answerMessage,
			}),
		);
		const reply = await answerIn(asked.id, replied);
		expect(visibleText(reply)).toContain('20,000 drug overdose deaths last year');
	});

	it('ignores a role ping, @everyone, another bot’s message and its own, and answers the next real mention', async () => {
		const ignored = [
			channelMessage(`<@&${ROLE_ID}> What did Trump press Xi to curb?`, { author: user(5), mentionRoles: [ROLE_ID] }),
			channelMessage(`@everyone <@${APP_ID}> What did Trump press Xi to curb?`, {
				author: user(5),
				everyone: true,
				mentionsBot: true,
			}),
			channelMessage(`<@${APP_ID}> What did Trump press Xi to curb?`, { author: BOB, bot: true, mentionsBot: true }),
			channelMessage(`<@${APP_ID}> What did Trump press Xi to curb?`, { bot: true, mentionsBot: true }),
		];
		for (const message of ignored) harness.fake.postMessage(message);
		const real = harness.fake.postMessage(
			channelMessage(`<@${APP_ID}> What did Trump press Xi to curb?`, { author: user(5), mentionsBot: true }),
		);
		expect(visibleText(await answerIn(real.id))).toContain(FENTANYL_SENTENCE);
		for (const message of ignored) {
			expect(harness.fake.requests.filter((request) => JSON.stringify(request).includes(message.id))).toEqual([]);
		}
	});

	it('answers 20 simultaneous mentions, each in its own thread', async () => {
		const mentions = Array.from({ length: 20 }, (_, index) =>
			channelMessage(`<@${APP_ID}> What did Trump press Xi to curb?`, { author: user(100 + index), mentionsBot: true }),
		);
		for (const message of mentions) harness.fake.postMessage(message);
		const answers = await Promise.all(mentions.map((message) => answerIn(message.id, undefined, 60_000)));
		for (const [index, answer] of answers.entries()) {
			expect(answer.embeds?.[0]?.description).toContain(FENTANYL_SENTENCE);
			expect(threadOpenedOn(mentions[index]!)).toBeDefined();
		}
	});

	it('rate-limits mentions per user and answers a failing one with a ref, never the internal error', async () => {
		const failing = harness.fake.postMessage(
			channelMessage(`<@${APP_ID}> ${FAILING_QUESTION}`, { author: user(6), mentionsBot: true }),
		);
		const failed = await answerIn(failing.id);
		expect(failed.content).toMatch(/^Something went wrong on my side\. Please try again\. \(ref [0-9a-f]{8}\)$/);
		const ref = /\(ref ([0-9a-f]{8})\)/.exec(failed.content ?? '')?.[1];
		expect(harness.logs.find((line) => line['ref'] === ref)).toMatchObject({ msg: 'mention.failed' });

		const hurried = user(7);
		for (let index = 0; index < 5; index += 1) {
			const message = harness.fake.postMessage(
				channelMessage(`<@${APP_ID}> fentanyl ${index}`, { author: hurried, mentionsBot: true }),
			);
			await answerIn(message.id);
		}
		const sixth = harness.fake.postMessage(
			channelMessage(`<@${APP_ID}> fentanyl again`, { author: hurried, mentionsBot: true }),
		);
		expect((await answerIn(CHANNEL_ID, sixth)).content).toMatch(/^You are asking quickly\. Try again in \d+ s\.$/);
	});

	it('says an answer has expired when its button is clicked after the retention period', async () => {
		const old = snowflake(Date.now() - 91 * DAY_MS);
		const expired = await replyTo(buttonClick(`ask:up:${old}`, fakeMessage({}), BOB));
		expect(expired.flags).toBe(MessageFlags.Ephemeral);
		expect(expired.content).toBe('This answer has expired: answers are kept for 90 days. Ask again with /ask.');
	});
});
