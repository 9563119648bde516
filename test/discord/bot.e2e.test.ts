import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	InteractionResponseType,
	MessageFlags,
	SlashCommandBuilder,
	type APIApplicationCommandOptionChoice,
	type APIInteraction,
	type ChatInputCommandInteraction,
} from 'discord.js';
import type { Command } from '../../src/discord/Command.ts';
import { customIds, expectWithinLimits, messageOf, visibleText, type MessageBody } from './assertMessage.ts';
import { CHANNEL_ID, fakeMessage, type RecordedRequest } from './fakeDiscord.ts';
import { ALICE, autocomplete, BOB, buttonClick, messageCommand, slashCommand, user } from './interactions.ts';
import { startBotHarness, type BotHarness } from './startBotHarness.ts';

const ACK_DEADLINE_MS = 3_000;
const FENTANYL_SENTENCE =
	'President Trump also pressed supreme Chinese leader Xi Jinping to curb exports of the drug fentanyl';
const QUESTION = 'What did Trump press Xi to curb?';
const MENTION_BAIT_FILE = 'zz_notice.txt';
const MENTION_BAIT_ARTICLE = [
	'Harbour council notice',
	'',
	'@everyone the harbour council of Port Ellis voted on Tuesday to rebuild the **breakwater** with <@&123456789012345678> funds.',
	'',
	'# The vote was 7 to 2, and <@123456789012345678> abstained from the breakwater vote.',
].join('\n');

const explode = (): never => {
	throw new Error('kaboom: internal detail that must not reach Discord');
};

const failingCommands: Command[] = [
	{
		data: new SlashCommandBuilder().setName('boom').setDescription('Fails after deferring'),
		async execute(interaction: ChatInputCommandInteraction) {
			await interaction.deferReply();
			explode();
		},
	},
	{
		data: new SlashCommandBuilder().setName('boom-early').setDescription('Fails before replying'),
		async execute() {
			explode();
		},
	},
];

let harness: BotHarness;

beforeAll(async () => {
	harness = await startBotHarness({
		extraCommands: failingCommands,
		extraArticles: { [MENTION_BAIT_FILE]: MENTION_BAIT_ARTICLE },
	});
});

afterAll(async () => {
	await harness?.close();
});

async function ackOf(interaction: APIInteraction): Promise<{ request: RecordedRequest; delayMs: number }> {
	const request = await harness.fake.callbackFor(interaction);
	return { request, delayMs: request.at - harness.fake.dispatchedAt(interaction.id) };
}

async function finalOf(interaction: APIInteraction): Promise<MessageBody> {
	return messageOf((await harness.fake.originalEditFor(interaction)).body);
}

/** Sends a command, checks it is deferred within the deadline, and returns the edited-in final message. */
async function run(interaction: APIInteraction, { ephemeral = false } = {}): Promise<MessageBody> {
	harness.fake.interact(interaction);
	const { request, delayMs } = await ackOf(interaction);
	expect(delayMs).toBeLessThan(ACK_DEADLINE_MS);
	expect(request.body?.['type']).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
	expect(Boolean(Number(messageOf(request.body).flags ?? 0) & MessageFlags.Ephemeral)).toBe(ephemeral);
	const final = await finalOf(interaction);
	expectWithinLimits(final);
	return final;
}

/** Sends an interaction answered directly (not deferred) and returns the reply. */
async function reply(interaction: APIInteraction): Promise<MessageBody> {
	harness.fake.interact(interaction);
	const { request, delayMs } = await ackOf(interaction);
	expect(delayMs).toBeLessThan(ACK_DEADLINE_MS);
	expect(request.body?.['type']).toBe(InteractionResponseType.ChannelMessageWithSource);
	const message = messageOf(request.body);
	expectWithinLimits(message);
	return message;
}

function asPostedMessage(body: MessageBody, { ephemeral }: { ephemeral: boolean }) {
	return fakeMessage({
		content: body.content ?? '',
		embeds: body.embeds ?? [],
		components: body.components ?? [],
		...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
	});
}

async function choicesOf(interaction: APIInteraction): Promise<APIApplicationCommandOptionChoice<string>[]> {
	harness.fake.interact(interaction);
	const { request, delayMs } = await ackOf(interaction);
	expect(delayMs).toBeLessThan(ACK_DEADLINE_MS);
	expect(request.body?.['type']).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
	return (request.body?.['data'] as { choices: APIApplicationCommandOptionChoice<string>[] }).choices;
}

describe('the bot over a fake Discord gateway and REST API', () => {
	it('identifies with the Guilds intent only', () => {
		expect(harness.fake.identifies).toHaveLength(1);
		expect(harness.fake.identifies[0]?.['intents']).toBe(1);
		expect(
			harness.logs.some((line) => line['msg'] === 'bot.ready' && line['guilds'] === 1 && line['articles'] === 3),
		).toBe(true);
	});

	it('answers /ask with a footnoted answer that cites the passage with the fentanyl sentence', async () => {
		const ask = slashCommand('ask', { question: QUESTION });
		const answer = await run(ask);
		const [embed] = answer.embeds ?? [];
		expect(embed?.title).toBe(QUESTION);
		expect(embed?.description).toMatch(/\[\d+\]/);
		expect(embed?.footer?.text).toMatch(/Answered in \d+\.\d\d s/);
		expect(customIds(answer)).toEqual([`ask:passages:${ask.id}`, `ask:up:${ask.id}`, `ask:down:${ask.id}`]);

		const show = buttonClick(`ask:passages:${ask.id}`, asPostedMessage(answer, { ephemeral: false }), BOB);
		const passages = await reply(show);
		expect(passages.flags).toBe(MessageFlags.Ephemeral);
		const cited = passages.embeds?.find((passage) => passage.description?.includes(FENTANYL_SENTENCE));
		expect(cited, 'a cited passage contains the fentanyl sentence').toBeDefined();
		const marker = /^\[(\d+)\]/.exec(cited?.title ?? '')?.[0];
		expect(embed?.description).toContain(marker);
		expect(embed?.fields?.some((field) => field.name.startsWith(marker!))).toBe(true);
	});

	it('records 👍/👎 feedback as a JSON line with the question and a hash of the user id', async () => {
		const ask = slashCommand('ask', { question: QUESTION });
		const answer = await run(ask);
		const thanks = await reply(buttonClick(`ask:down:${ask.id}`, asPostedMessage(answer, { ephemeral: false }), BOB));
		expect(thanks.flags).toBe(MessageFlags.Ephemeral);
		expect(thanks.content).toMatch(/feedback was recorded/);
		const lines = (await readFile(harness.settings.FEEDBACK_FILE, 'utf8')).trim().split('\n');
		const entry = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
		expect(entry).toMatchObject({
			command: 'ask',
			question: QUESTION,
			verdict: 'down',
			user: createHash('sha256').update(BOB.id).digest('hex'),
		});
		expect(Date.parse(String(entry['time']))).not.toBeNaN();
		expect(JSON.stringify(entry)).not.toContain(BOB.id);
	});

	it('answers a private /ask ephemerally and posts it to the channel, attributed without a ping', async () => {
		const ask = slashCommand('ask', { question: QUESTION, private: true });
		const answer = await run(ask, { ephemeral: true });
		expect(customIds(answer)).toContain(`ask:post:${ask.id}`);

		const post = buttonClick(`ask:post:${ask.id}`, asPostedMessage(answer, { ephemeral: true }));
		harness.fake.interact(post);
		const posted = messageOf(
			(await harness.fake.waitForRequest((request) => request.path === `/channels/${CHANNEL_ID}/messages`)).body,
		);
		expectWithinLimits(posted);
		expect(posted.content).toBe(`Asked by <@${ALICE.id}>`);
		expect(posted.embeds?.[0]?.title).toBe(QUESTION);
		expect(customIds(posted)).not.toContain(`ask:post:${ask.id}`);
		expect((await finalOf(post)).content).toBe('Posted to the channel.');
	});

	it('explains when it lacks the permission to post to the channel', async () => {
		const ask = slashCommand('ask', { question: QUESTION, private: true });
		const answer = await run(ask, { ephemeral: true });
		harness.fake.channelPostFailure = { status: 403, code: 50013, message: 'Missing Permissions' };
		try {
			const post = harness.fake.interact(
				buttonClick(`ask:post:${ask.id}`, asPostedMessage(answer, { ephemeral: true })),
			);
			expect((await finalOf(post)).content).toMatch(/I cannot post in this channel/);
		} finally {
			harness.fake.channelPostFailure = undefined;
		}
	});

	it('says plainly when the corpus does not cover a question', async () => {
		const answer = await run(
			slashCommand('ask', { question: 'What is the boiling point of tungsten on Mars?' }, user(900)),
		);
		expect(answer.embeds?.[0]?.description).toMatch(/do not cover this/);
	});

	it('restricts /ask to the source picked through autocomplete', async () => {
		const choices = await choicesOf(autocomplete('ask', { name: 'source', value: 'trump' }));
		expect(choices.length).toBeGreaterThan(0);
		expect(choices.length).toBeLessThanOrEqual(25);
		for (const choice of choices) {
			expect(choice.name.length).toBeLessThanOrEqual(100);
			expect(choice.value.length).toBeLessThanOrEqual(100);
		}
		const source = choices[0]!.value;
		expect(source).toBe('000_6be32923d2a58d10.txt');
		const answer = await run(slashCommand('ask', { question: 'fentanyl', source }, user(901)));
		const show = buttonClick(
			`ask:passages:${/ask:passages:(\d+)/.exec(customIds(answer).join(' '))?.[1]}`,
			asPostedMessage(answer, { ephemeral: false }),
		);
		const passages = await reply(show);
		expect(passages.embeds?.every((embed) => embed.footer?.text.includes(source))).toBe(true);
	});

	it('tells the user when a typed source is not in the corpus, privately', async () => {
		const ask = harness.fake.interact(
			slashCommand('ask', { question: QUESTION, source: 'No Such Article' }, user(902)),
		);
		const followUp = messageOf((await harness.fake.followUpFor(ask)).body);
		expect(followUp.flags).toBe(MessageFlags.Ephemeral);
		expect(followUp.content).toMatch(/^That source is not in the corpus\. \(ref [0-9a-f]{8}\)$/);
	});

	it('lists passages for /search without composing an answer', async () => {
		const result = await run(slashCommand('search', { query: 'fentanyl precursors' }, user(903)));
		const fields = result.embeds?.[0]?.fields ?? [];
		expect(fields.length).toBeGreaterThan(0);
		expect(fields.length).toBeLessThanOrEqual(5);
		expect(visibleText(result)).toMatch(/fentanyl/i);
	});

	it('lists the indexed articles for /sources and pages through them with buttons', async () => {
		const sources = await run(slashCommand('sources'));
		expect(sources.embeds?.[0]?.title).toBe('Sources in the index (3)');
		expect(sources.embeds?.[0]?.description).toMatch(/Trump, at Summit/);
		const page = buttonClick('sources:page:0', asPostedMessage(sources, { ephemeral: false }), BOB);
		harness.fake.interact(page);
		const { request } = await ackOf(page);
		expect(request.body?.['type']).toBe(InteractionResponseType.UpdateMessage);
		expectWithinLimits(messageOf(request.body));
	});

	it('quotes a passage chosen through autocomplete as a block quote with its source', async () => {
		const choices = await choicesOf(autocomplete('quote', { name: 'passage', value: 'fentanyl' }));
		expect(choices.length).toBeGreaterThan(0);
		expect(choices.length).toBeLessThanOrEqual(25);
		const quote = await run(slashCommand('quote', { passage: choices[0]!.value }));
		expect(quote.content).toMatch(/^> /);
		expect(quote.content).toMatch(/\n— \*.+\*/);
	});

	it('never lets mention bait in the corpus or the question ping anyone, and escapes its markdown', async () => {
		const choices = await choicesOf(autocomplete('quote', { name: 'passage', value: 'breakwater' }));
		const baitPassage = choices.find((choice) => choice.value.startsWith(MENTION_BAIT_FILE));
		expect(baitPassage).toBeDefined();
		const quote = await run(slashCommand('quote', { passage: baitPassage!.value }, user(904)));
		const text = visibleText(quote);
		expect(text).not.toMatch(/@everyone|<@&?\d+>/);
		expect(text).toContain('\\*\\*breakwater\\*\\*');

		const bait = `@everyone @here <@${BOB.id}> <@&123456789012345678> **why** did the council rebuild the breakwater?`;
		const answer = await run(slashCommand('ask', { question: bait }, user(905)));
		expect(visibleText(answer)).not.toMatch(/@everyone|@here|<@&?\d+>/);
		expect(answer.embeds?.[0]?.title).toContain('\\*\\*why\\*\\*');
	});

	it('finds sources for a message through the context menu, privately', async () => {
		const claim = fakeMessage({ content: 'Trump urged Xi Jinping to stop fentanyl exports to the United States.' });
		const found = await run(messageCommand('Find sources', claim, user(906)), { ephemeral: true });
		expect(found.embeds?.[0]?.title).toBe('Sources for this message');
		expect(found.embeds?.[0]?.fields?.length).toBeGreaterThan(0);

		const empty = await run(messageCommand('Find sources', fakeMessage({ content: '' }), user(906)), {
			ephemeral: true,
		});
		expect(empty.content).toBe('That message has no text to look up.');
	});

	it('shows /help privately with the corpus size', async () => {
		const help = await run(slashCommand('help'), { ephemeral: true });
		expect(visibleText(help)).toMatch(/Corpus: 3 articles, \d+ passages/);
	});

	it('rebuilds the index on /reindex while /ask keeps answering', async () => {
		const reindex = harness.fake.interact(slashCommand('reindex', {}, ALICE));
		const ask = slashCommand('ask', { question: QUESTION }, user(907));
		const answer = await run(ask);
		expect(answer.embeds?.[0]?.fields?.length).toBeGreaterThan(0);
		const { delayMs } = await ackOf(reindex);
		expect(delayMs).toBeLessThan(ACK_DEADLINE_MS);
		const done = await harness.fake.waitForRequest(
			(request) =>
				request.path.endsWith(`/${reindex.token}/messages/@original`) &&
				messageOf(request.body).embeds?.[0]?.title === 'Index rebuilt',
			60_000,
		);
		expect(visibleText(messageOf(done.body))).toMatch(/3 articles/);
	});

	it('rate-limits /ask, /search and Find sources per user with a private retry time', async () => {
		const rateLimited = user(500);
		for (let index = 0; index < 5; index += 1)
			await run(slashCommand('search', { query: `fentanyl ${index}` }, rateLimited));
		const refused = await reply(slashCommand('ask', { question: QUESTION }, rateLimited));
		expect(refused.flags).toBe(MessageFlags.Ephemeral);
		expect(refused.content).toMatch(/Try again in (\d+) s\./);
		expect(Number(/in (\d+) s/.exec(refused.content ?? '')?.[1])).toBeLessThanOrEqual(30);
		await run(slashCommand('help', {}, rateLimited), { ephemeral: true });
	});

	it('turns a handler that throws after deferring into a private error with a logged ref, and keeps serving', async () => {
		const boom = harness.fake.interact(slashCommand('boom'));
		const followUp = messageOf((await harness.fake.followUpFor(boom)).body);
		expectWithinLimits(followUp);
		expect(followUp.flags).toBe(MessageFlags.Ephemeral);
		const ref = /\(ref ([0-9a-f]{8})\)$/.exec(followUp.content ?? '')?.[1];
		expect(ref).toBeDefined();
		expect(followUp.content).not.toContain('kaboom');
		expect(
			harness.fake
				.requestsFor(boom)
				.some((request) => request.method === 'DELETE' && request.path.endsWith('/messages/@original')),
		).toBe(true);
		const logged = harness.logs.find((line) => line['ref'] === ref);
		expect(logged).toMatchObject({ level: 50, msg: 'interaction.failed', target: 'boom' });
		expect(JSON.stringify(logged)).toContain('kaboom');

		const early = await reply(slashCommand('boom-early'));
		expect(early.flags).toBe(MessageFlags.Ephemeral);
		expect(early.content).toMatch(/^Something went wrong on my side\. Please try again\. \(ref [0-9a-f]{8}\)$/);

		await run(slashCommand('help'), { ephemeral: true });
	});

	it('answers 50 simultaneous /ask interactions, each acknowledged within 3 seconds', async () => {
		const asks = Array.from({ length: 50 }, (_, index) => slashCommand('ask', { question: QUESTION }, user(index)));
		for (const ask of asks) harness.fake.interact(ask);
		const results = await Promise.all(asks.map(async (ask) => ({ ack: await ackOf(ask), final: await finalOf(ask) })));
		for (const { ack, final } of results) {
			expect(ack.delayMs).toBeLessThan(ACK_DEADLINE_MS);
			expectWithinLimits(final);
			expect(final.embeds?.[0]?.fields?.length).toBeGreaterThan(0);
		}
	});

	it('on stop, finishes the answer in flight, then disconnects', async () => {
		const ask = harness.fake.interact(slashCommand('ask', { question: QUESTION }, user(950)));
		await ackOf(ask);
		await harness.bot.stop();
		expect(harness.fake.requestsFor(ask).some((request) => request.method === 'PATCH')).toBe(true);
		await expect.poll(() => harness.fake.connectedSockets, { timeout: 2_000 }).toBe(0);
	});
});
