import { InteractionResponseType, type APIInteraction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
	completion,
	FakeLlmServer,
	idOf,
	promptSentences,
	readerReply,
	type Reply,
	type SeenRequest,
} from '../helpers/fakeLlmServer.ts';
import { expectWithinLimits, messageOf, visibleText, type MessageBody } from './assertMessage.ts';
import { APP_ID } from './fakeDiscord.ts';
import { ALICE, autocomplete, BOB, channelMessage, slashCommand, user } from './interactions.ts';
import { startBotHarness, type BotHarness } from './startBotHarness.ts';

const ACK_DEADLINE_MS = 3_000;
const API_KEY = 'sk-discord-llm-test-91c2';
const QUESTION = 'What did Trump press Xi to curb?';
const FENTANYL = 'pressed supreme Chinese leader Xi Jinping to curb exports of the drug fentanyl';
const SUMMARY = 'Trump pressed Xi Jinping to curb exports of fentanyl.';
const MODEL_THINKS_MS = 2_000;
const DEMANDS = 'What demands has the Trump team sent China on fentanyl?';
const BEIJING_FOLLOW_UP = 'And what did Beijing say?';
const STANDALONE = 'What did Beijing say about the demands the Trump team sent China on fentanyl?';
const BEIJING_SENTENCE =
	'officials in Beijing say the US hasn’t outlined detailed steps they expect from China on fentanyl';

const fentanylReply = (request: SeenRequest, delayMs = 0): Reply => {
	const id = idOf(request, FENTANYL);
	const reply = readerReply({ answerable: true, sentence_ids: [id], summary: [`${SUMMARY} [${id}]`] });
	return reply === 'hang' ? reply : { ...reply, delayMs };
};

const isCondenseRequest = (request: SeenRequest): boolean =>
	request.body.messages.some((message) => message.content.includes('Follow-up: '));

/** A model that condenses the Beijing follow-up and, reading, picks the sentence that holds `fragment` when shown it. */
const conversingModel =
	(fragment: string) =>
	(request: SeenRequest): Reply => {
		if (isCondenseRequest(request)) return completion(STANDALONE);
		const shown = [...promptSentences(request)].find(([, text]) => text.includes(fragment));
		return shown === undefined
			? readerReply({ answerable: false, sentence_ids: [], summary: [] })
			: readerReply({ answerable: true, sentence_ids: [shown[0]], summary: [] });
	};

let llm: FakeLlmServer;
let harness: BotHarness;

beforeAll(async () => {
	llm = await FakeLlmServer.start();
	harness = await startBotHarness({
		env: {
			COMPOSER: 'llm',
			LLM_BASE_URL: llm.baseUrl,
			LLM_MODEL: 'llama3.1:8b',
			LLM_API_KEY: API_KEY,
			LLM_TIMEOUT_MS: '10000',
			LLM_MAX_CONCURRENCY: '1',
		},
	});
});

afterAll(async () => {
	await harness?.close();
	await llm?.close();
});

async function deferred(interaction: APIInteraction): Promise<void> {
	harness.fake.interact(interaction);
	const ack = await harness.fake.callbackFor(interaction);
	expect(ack.at - harness.fake.dispatchedAt(interaction.id)).toBeLessThan(ACK_DEADLINE_MS);
	expect(ack.body?.['type']).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
}

async function final(interaction: APIInteraction): Promise<{ message: MessageBody; at: number }> {
	const edit = await harness.fake.originalEditFor(interaction, 15_000);
	const message = messageOf(edit.body);
	expectWithinLimits(message);
	return { message, at: edit.at };
}

describe('/ask with COMPOSER=llm against a loopback OpenAI-compatible server', () => {
	it('shows the verified summary, marked as a summary, above the verbatim quotes and their sources', async () => {
		llm.script((request) => fentanylReply(request));
		const ask = slashCommand('ask', { question: QUESTION });
		await deferred(ask);
		const { message } = await final(ask);
		const [embed] = message.embeds ?? [];
		const [summary, quotes] = (embed?.description ?? '').split('\n\n');
		expect(summary).toBe(
			`**Summary** *(written by a language model; every word is in the quotes it cites)*\n${SUMMARY} [1]`,
		);
		expect(quotes).toMatch(/^\*\*Quoted from the articles\*\*\n/u);
		expect(quotes).toContain(FENTANYL);
		expect(embed?.fields?.[0]?.name).toMatch(/^\[1\] /u);
		expect(embed?.footer?.text).toMatch(/ · read by a language model$/u);
		expect(llm.requests[0]?.authorization).toBe(`Bearer ${API_KEY}`);
		expect(JSON.stringify(harness.logs)).not.toContain(API_KEY);
	});

	it('answers others without the model, and autocompletes, while a slow model holds its one slot', async () => {
		llm.script((request) => fentanylReply(request, MODEL_THINKS_MS));
		const slow = slashCommand('ask', { question: QUESTION }, ALICE);
		await deferred(slow);
		await vi.waitFor(() => expect(llm.requests).toHaveLength(1));

		const other = slashCommand('ask', { question: 'What did Trump and Xi agree on soybeans?' }, BOB);
		await deferred(other);
		const typed = autocomplete('ask', { name: 'source', value: 'trump' }, BOB);
		harness.fake.interact(typed);
		const choices = await harness.fake.callbackFor(typed);

		const [quick, late] = await Promise.all([final(other), final(slow)]);
		expect(quick.at).toBeLessThan(late.at);
		expect(choices.at).toBeLessThan(late.at);
		expect(quick.message.embeds?.[0]?.footer?.text).toMatch(/ · quoted directly: the language model was busy$/u);
		expect(visibleText(quick.message)).not.toContain('Summary');
		expect(late.message.embeds?.[0]?.description).toContain(SUMMARY);
		expect(llm.requests).toHaveLength(1);
	});

	it('condenses a follow-up in a thread with the model, answers it from the passage the earlier turn points to, and shows what it searched for', async () => {
		llm.script(conversingModel('officials in Beijing say'));
		const asker = user(40);
		const asked = harness.fake.postMessage(
			channelMessage(`<@${APP_ID}> ${DEMANDS}`, { author: asker, mentionsBot: true }),
		);
		const first = await postedIn(asked.id);
		expect(first.embeds?.[0]?.footer?.text).not.toContain('Searched for');

		const followUp = harness.fake.postMessage(
			channelMessage(`<@${APP_ID}> ${BEIJING_FOLLOW_UP}`, { author: asker, mentionsBot: true, channelId: asked.id }),
		);
		const reply = await postedIn(asked.id, followUp.id);
		const [embed] = reply.embeds ?? [];
		expect(embed?.title).toBe(BEIJING_FOLLOW_UP);
		expect(visibleText(reply)).toContain(BEIJING_SENTENCE);
		expect(embed?.footer?.text.split('\n')[0]).toBe(`Searched for: ${STANDALONE}`);
		const condense = llm.requests.find(isCondenseRequest);
		expect(condense?.body.messages.at(-1)?.content).toBe(
			`Earlier questions:\n1. ${DEMANDS}\n\nFollow-up: ${BEIJING_FOLLOW_UP}`,
		);
		expect(llm.requests.filter(isCondenseRequest)).toHaveLength(1);
	});
});

/** The bot's message posted in a channel, the reply to `messageId` when given. */
async function postedIn(channelId: string, messageId?: string): Promise<MessageBody> {
	const request = await harness.fake.waitForRequest(
		(candidate) =>
			candidate.method === 'POST' &&
			candidate.path === `/channels/${channelId}/messages` &&
			(messageId === undefined ||
				(candidate.body?.['message_reference'] as { message_id?: string } | undefined)?.message_id === messageId),
		15_000,
	);
	const message = messageOf(request.body);
	expectWithinLimits(message);
	return message;
}
