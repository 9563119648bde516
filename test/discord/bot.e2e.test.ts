import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
	GatewayIntentBits,
	InteractionResponseType,
	MessageFlags,
	SlashCommandBuilder,
	type APIApplicationCommandOptionChoice,
	type APIInteraction,
	type ChatInputCommandInteraction,
} from 'discord.js';
import type { Command } from '../../src/discord/Command.ts';
import { DATABASE_FILE } from '../../src/state/SqliteAnswerStore.ts';
import { userHashKey } from '../../src/state/userHash.ts';
import type { ReindexableEngine } from '../../src/engine/Engine.ts';
import { customIds, expectWithinLimits, messageOf, visibleText, type MessageBody } from './assertMessage.ts';
import { CHANNEL_ID, fakeMessage, TOKEN, type RecordedRequest } from './fakeDiscord.ts';
import {
	ALICE,
	autocomplete,
	BOB,
	buttonClick,
	messageCommand,
	modalSubmit,
	selectMenu,
	slashCommand,
	user,
	userCommand,
} from './interactions.ts';
import { startBotHarness, type BotHarness } from './startBotHarness.ts';

const ACK_DEADLINE_MS = 3_000;
const FENTANYL_SENTENCE =
	'President Trump also pressed supreme Chinese leader Xi Jinping to curb exports of the drug fentanyl';
const QUESTION = 'What did Trump press Xi to curb?';
const FAILING_QUESTION = 'Which question makes the engine fail?';
const MENTION_BAIT_FILE = 'zz_notice.txt';
const MENTION_BAIT_ARTICLE = [
	'Harbour council notice',
	'',
	'@everyone the harbour council of Port Ellis voted on Tuesday to rebuild the **breakwater** with <@&123456789012345678> funds.',
	'',
	'# The vote was 7 to 2, and <@123456789012345678> abstained from the breakwater vote.',
].join('\n');
const SEED_ARTICLES = 2;
/** Enough small articles that /sources needs a second page. */
const ALLOTMENT_ARTICLES = Object.fromEntries(
	Array.from({ length: 9 }, (_, index) => [
		`zz_allotment_${index + 1}.txt`,
		[
			`Allotment society newsletter ${index + 1}`,
			'',
			`The allotment society of Millbrook met in the church hall to plan seed swap number ${index + 1} for the spring.`,
			'',
			`Members agreed that plot ${index + 1} would grow runner beans, marrows and sweet peas this season.`,
		].join('\n'),
	]),
);
const ARTICLES = SEED_ARTICLES + 1 + Object.keys(ALLOTMENT_ARTICLES).length;
const SECRET_PASSAGE = 'A whole passage that must never reach the logs. ';

const explode = (): never => {
	throw new Error('kaboom: internal detail that must not reach Discord');
};

const failingCommands: Command[] = [
	{
		data: new SlashCommandBuilder().setName('boom').setDescription('Fails after deferring; its buttons fail too'),
		async execute(interaction: ChatInputCommandInteraction) {
			await interaction.deferReply();
			explode();
		},
		async button() {
			explode();
		},
	},
	{
		data: new SlashCommandBuilder().setName('boom-early').setDescription('Fails before replying'),
		async execute() {
			explode();
		},
	},
	{
		data: new SlashCommandBuilder().setName('boom-api').setDescription('Discord refuses its message'),
		async execute(interaction: ChatInputCommandInteraction) {
			await interaction.deferReply();
			await interaction.editReply({ content: SECRET_PASSAGE.repeat(50) });
		},
	},
];

let reindexHold: Promise<void> = Promise.resolve();

/** The real engine, except that one question fails and a rebuild reports progress, then waits for `reindexHold`. */
function wrapEngine(engine: ReindexableEngine): ReindexableEngine {
	return {
		...engine,
		async ask(question, options) {
			if (question === FAILING_QUESTION) explode();
			return engine.ask(question, options);
		},
		async reindex(onProgress) {
			onProgress?.(0, ARTICLES);
			await reindexHold;
			return engine.reindex(onProgress);
		},
	};
}

let harness: BotHarness;

beforeAll(async () => {
	harness = await startBotHarness({
		extraCommands: failingCommands,
		extraArticles: { [MENTION_BAIT_FILE]: MENTION_BAIT_ARTICLE, ...ALLOTMENT_ARTICLES },
		wrapEngine,
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

function isEphemeral(message: MessageBody): boolean {
	return Boolean(Number(message.flags ?? 0) & MessageFlags.Ephemeral);
}

/** Sends a command, checks it is deferred within the deadline, and returns the edited-in final message. */
async function run(interaction: APIInteraction, { ephemeral = false } = {}): Promise<MessageBody> {
	harness.fake.interact(interaction);
	const { request, delayMs } = await ackOf(interaction);
	expect(delayMs).toBeLessThan(ACK_DEADLINE_MS);
	expect(request.body?.['type']).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
	expect(isEphemeral(messageOf(request.body))).toBe(ephemeral);
	const final = await finalOf(interaction);
	expectWithinLimits(final);
	return final;
}

/** Sends an interaction answered directly (not deferred) and returns the reply. */
async function reply(
	interaction: APIInteraction,
	type = InteractionResponseType.ChannelMessageWithSource,
): Promise<MessageBody> {
	harness.fake.interact(interaction);
	const { request, delayMs } = await ackOf(interaction);
	expect(delayMs).toBeLessThan(ACK_DEADLINE_MS);
	expect(request.body?.['type']).toBe(type);
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

/** The votes in the bot's database, read as an admin would with sqlite3. */
function votes(): Record<string, unknown>[] {
	const db = new Database(join(harness.dataDir, DATABASE_FILE), { readonly: true });
	try {
		return db.prepare('SELECT * FROM votes ORDER BY id').all() as Record<string, unknown>[];
	} finally {
		db.close();
	}
}

function loggedFor(ref: string | undefined): Record<string, unknown> | undefined {
	return harness.logs.find((line) => line['ref'] === ref && line['msg'] === 'interaction.failed');
}

describe('the bot over a fake Discord gateway and REST API', () => {
	it('identifies with the Guilds and GuildMessages intents only, no privileged one such as Message Content', async () => {
		// The fake reports IDENTIFY from its own process; the report can trail the bot's READY.
		await vi.waitFor(() => expect(harness.fake.identifies).toHaveLength(1));
		expect(harness.fake.identifies[0]?.['intents']).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
		expect(
			harness.logs.some((line) => line['msg'] === 'bot.ready' && line['guilds'] === 1 && line['articles'] === ARTICLES),
		).toBe(true);
	});

	it('answers /ask with a footnoted answer that cites the passage with the fentanyl sentence, shown in context', async () => {
		const ask = slashCommand('ask', { question: QUESTION });
		const answer = await run(ask);
		const [embed] = answer.embeds ?? [];
		expect(embed?.title).toBe(QUESTION);
		expect(embed?.description).toContain(FENTANYL_SENTENCE);
		expect(embed?.footer?.text).toMatch(/^\d+ sources? · \d+ passages searched · confidence \d+% · \d+\.\d\d s$/);
		expect(customIds(answer)).toEqual([
			`ask:passages:${ask.id}`,
			`ask:up:${ask.id}`,
			`ask:down:${ask.id}`,
			`ask:followup:${ask.id}`,
		]);
		for (const field of embed?.fields ?? []) {
			expect(field.name).toMatch(/^\[\d+\] .+/);
			expect(field.value).not.toContain(FENTANYL_SENTENCE);
		}

		const show = buttonClick(`ask:passages:${ask.id}`, asPostedMessage(answer, { ephemeral: false }), BOB);
		const passages = await reply(show);
		expect(passages.flags).toBe(MessageFlags.Ephemeral);
		const cited = passages.embeds?.find((passage) => passage.description?.includes(FENTANYL_SENTENCE));
		expect(cited, 'a cited passage contains the fentanyl sentence').toBeDefined();
		const marker = /^\[(\d+)\]/.exec(cited?.title ?? '')?.[0];
		expect(embed?.description).toContain(marker);
		expect(embed?.fields?.some((field) => field.name.startsWith(marker!))).toBe(true);
	});

	it('acknowledges 👍/👎 privately, records one keyed hash of the user per answer, and ignores a repeated vote', async () => {
		const ask = slashCommand('ask', { question: QUESTION }, user(800));
		const answer = asPostedMessage(await run(ask), { ephemeral: false });
		const before = votes().length;
		const thanks = await reply(buttonClick(`ask:down:${ask.id}`, answer, BOB));
		expect(thanks.flags).toBe(MessageFlags.Ephemeral);
		expect(thanks.content).toMatch(/feedback was recorded/);
		expect(votes()).toHaveLength(before + 1);
		const entry = votes().at(-1)!;
		expect(entry).toMatchObject({
			answer_id: ask.id,
			question: QUESTION,
			verdict: 'down',
			voter: createHmac('sha256', userHashKey(undefined, TOKEN)).update(BOB.id).digest('hex'),
		});
		expect(Math.abs(Number(entry['created_at']) - Date.now())).toBeLessThan(60_000);
		expect(JSON.stringify(entry)).not.toContain(BOB.id);

		const again = await reply(buttonClick(`ask:up:${ask.id}`, answer, BOB));
		expect(again.flags).toBe(MessageFlags.Ephemeral);
		expect(again.content).toMatch(/already gave feedback/);
		await reply(buttonClick(`ask:up:${ask.id}`, answer, ALICE));
		expect(votes()).toHaveLength(before + 2);
		expect(votes().filter((line) => line['answer_id'] === ask.id && line['verdict'] === 'up')).toHaveLength(1);
		expect(await readFile(join(harness.dataDir, DATABASE_FILE))).not.toContain(TOKEN);
	});

	it('posts a private answer once, publicly through the interaction and attributed without a ping, for the asker only', async () => {
		const ask = slashCommand('ask', { question: QUESTION, private: true }, user(801));
		const answer = asPostedMessage(await run(ask, { ephemeral: true }), { ephemeral: true });
		expect(customIds(messageOf({ components: answer.components }))).toContain(`ask:post:${ask.id}`);

		const stranger = await reply(buttonClick(`ask:post:${ask.id}`, answer, BOB));
		expect(stranger.flags).toBe(MessageFlags.Ephemeral);
		expect(stranger.content).toMatch(/Only the person who asked/);

		const post = buttonClick(`ask:post:${ask.id}`, answer, user(801));
		const updated = await reply(post, InteractionResponseType.UpdateMessage);
		expect(customIds(updated)).not.toContain(`ask:post:${ask.id}`);
		expect(updated.content).toBe('Posted to the channel.');
		const posted = messageOf((await harness.fake.followUpFor(post)).body);
		expectWithinLimits(posted);
		expect(isEphemeral(posted)).toBe(false);
		expect(posted.content).toBe(`Asked by <@${user(801).id}>`);
		expect(posted.embeds?.[0]?.title).toBe(QUESTION);
		expect(customIds(posted)).not.toContain(`ask:post:${ask.id}`);

		const twice = await reply(buttonClick(`ask:post:${ask.id}`, answer, user(801)));
		expect(twice.content).toMatch(/already posted/);
		const copies = harness.fake.requests.filter(
			(request) => request.method === 'POST' && messageOf(request.body).content === `Asked by <@${user(801).id}>`,
		);
		expect(copies).toHaveLength(1);
	});

	it('says plainly when the corpus does not cover a question, with what to try and the closest passages', async () => {
		const answer = await run(
			slashCommand('ask', { question: 'What is the boiling point of tungsten on Mars?' }, user(900)),
		);
		const [embed] = answer.embeds ?? [];
		expect(embed?.description).toMatch(/do not cover this/);
		expect(embed?.description).toContain('Try rephrasing, or narrow with `source:`');
		expect(embed?.fields?.length).toBeGreaterThan(0);
		for (const field of embed?.fields ?? []) expect(field.value).toMatch(/^> \S/);
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

	it('lists passages for /search around their best sentence, each with a ref that /quote accepts', async () => {
		const result = await run(slashCommand('search', { query: 'fentanyl exports' }, user(903)));
		const fields = result.embeds?.[0]?.fields ?? [];
		expect(fields.length).toBeGreaterThan(0);
		expect(fields.length).toBeLessThanOrEqual(5);
		expect(fields[0]?.value).toMatch(/fentanyl/i);
		const ref = /Ref: `([^`]+)`/.exec(fields[0]?.value ?? '')?.[1];
		expect(ref).toBeDefined();
		const quote = await reply(slashCommand('quote', { passage: ref! }, user(903)));
		expect(quote.content).toMatch(/^> /);
		expect(quote.content).toMatch(/fentanyl/i);
	});

	it('lists the indexed articles for /sources and shows the second page on Next', async () => {
		const sources = await run(slashCommand('sources'));
		expect(sources.embeds?.[0]?.title).toBe(`Sources in the index (${ARTICLES})`);
		expect(sources.embeds?.[0]?.description).toMatch(/Trump, at Summit/);
		expect(sources.embeds?.[0]?.footer?.text).toBe('Page 1 of 2');
		const next = customIds(sources).find((id) => id === 'sources:page:1');
		expect(next).toBeDefined();
		const page = await reply(
			buttonClick(next!, asPostedMessage(sources, { ephemeral: false }), BOB),
			InteractionResponseType.UpdateMessage,
		);
		expect(page.embeds?.[0]?.footer?.text).toBe('Page 2 of 2');
		expect(page.embeds?.[0]?.description?.match(/^\*\*\d+\.\*\*/gm)).toEqual(['**11.**', '**12.**']);
		expect(page.embeds?.[0]?.description).not.toMatch(/Trump, at Summit/);
	});

	it('quotes a passage chosen through autocomplete, whose suggestions can be told apart', async () => {
		const choices = await choicesOf(autocomplete('quote', { name: 'passage', value: 'allotment' }));
		expect(choices.length).toBeGreaterThan(1);
		expect(choices.length).toBeLessThanOrEqual(25);
		expect(new Set(choices.map(({ name }) => name)).size).toBe(choices.length);
		for (const { name } of choices) {
			expect(name.length).toBeLessThanOrEqual(100);
			expect(name).toMatch(/^(…)?\S.* — \S/);
		}
		const quote = await reply(slashCommand('quote', { passage: choices[0]!.value }));
		expect(quote.content).toMatch(/^> /);
		expect(quote.content).toMatch(/\n— \*.+\*/);
	});

	it('tells the user privately when what they typed for /quote matches no passage', async () => {
		const miss = await reply(slashCommand('quote', { passage: 'qwxzzy plorbk' }));
		expect(miss.flags).toBe(MessageFlags.Ephemeral);
		expect(miss.content).toMatch(/^No passage matches “qwxzzy plorbk”/);
		const gone = await reply(slashCommand('quote', { passage: 'removed.txt#4' }));
		expect(gone.content).toMatch(/not in the index any more/);
	});

	it('never lets mention bait in the corpus or the question ping anyone, and escapes its markdown', async () => {
		const choices = await choicesOf(autocomplete('quote', { name: 'passage', value: 'breakwater' }));
		const baitPassage = choices.find((choice) => choice.value.startsWith(MENTION_BAIT_FILE));
		expect(baitPassage).toBeDefined();
		const quote = await reply(slashCommand('quote', { passage: baitPassage!.value }, user(904)));
		const text = visibleText(quote);
		expect(text).not.toMatch(/@everyone|<@&?\d+>/);
		expect(text).toContain('\\*\\*breakwater\\*\\*');

		const bait = `@everyone @here <@${BOB.id}> <@&123456789012345678> **why** did the council rebuild the breakwater?`;
		const answer = await run(slashCommand('ask', { question: bait }, user(905)));
		expect(visibleText(answer)).not.toMatch(/@everyone|@here|<@&?\d+>/);
		expect(answer.embeds?.[0]?.title).toContain('\\*\\*why\\*\\*');
	});

	it('finds sources for a message through the context menu, privately, including a message with only embeds', async () => {
		const claim = fakeMessage({ content: 'Trump urged Xi Jinping to stop fentanyl exports to the United States.' });
		const found = await run(messageCommand('Find sources', claim, user(906)), { ephemeral: true });
		expect(found.embeds?.[0]?.title).toBe('Sources for this message');
		expect(found.embeds?.[0]?.fields?.length).toBeGreaterThan(0);

		const answer = await run(slashCommand('ask', { question: QUESTION }, user(908)));
		const embedsOnly = asPostedMessage({ embeds: answer.embeds ?? [] }, { ephemeral: false });
		const fromEmbeds = await run(messageCommand('Find sources', embedsOnly, user(906)), { ephemeral: true });
		expect(fromEmbeds.embeds?.[0]?.title).toBe('Sources for this message');
		expect(visibleText(fromEmbeds)).toMatch(/fentanyl/);

		const empty = await run(messageCommand('Find sources', fakeMessage({ content: '' }), user(906)), {
			ephemeral: true,
		});
		expect(empty.content).toBe('That message has no text to look up.');
	});

	it('shows /help privately with the corpus size and a pointer to /sources for the titles it leaves out', async () => {
		const help = await run(slashCommand('help'), { ephemeral: true });
		expect(visibleText(help)).toMatch(new RegExp(`Corpus: ${ARTICLES} articles, \\d+ passages`));
		expect(visibleText(help)).toContain(`and ${ARTICLES - 5} more — see /sources`);
	});

	it('rebuilds the index on /reindex while /ask keeps answering, and the result replaces the progress text', async () => {
		let release!: () => void;
		reindexHold = new Promise((resolve) => (release = resolve));
		const reindex = harness.fake.interact(slashCommand('reindex', {}, ALICE));
		const { delayMs } = await ackOf(reindex);
		expect(delayMs).toBeLessThan(ACK_DEADLINE_MS);
		const progress = await harness.fake.waitForRequest(
			(request) =>
				request.path.endsWith(`/${reindex.token}/messages/@original`) &&
				/^Rebuilding the index/.test(messageOf(request.body).content ?? ''),
		);
		expect(progress.method).toBe('PATCH');
		const answer = await run(slashCommand('ask', { question: QUESTION }, user(907)));
		expect(answer.embeds?.[0]?.fields?.length).toBeGreaterThan(0);
		release();
		const done = await harness.fake.waitForRequest(
			(request) =>
				request.path.endsWith(`/${reindex.token}/messages/@original`) &&
				messageOf(request.body).embeds?.[0]?.title === 'Index rebuilt',
			60_000,
		);
		const final = messageOf(done.body);
		expect(final.content).toBe('');
		expect(visibleText(final)).toMatch(new RegExp(`${ARTICLES} articles`));
	});

	it('posts the /reindex result in the channel when the rebuild outlasts the interaction token', async () => {
		const reindex = harness.fake.interact(slashCommand('reindex', {}, ALICE, Date.now() - 14.5 * 60_000));
		const posted = await harness.fake.waitForRequest(
			(request) => request.method === 'POST' && request.path === `/channels/${CHANNEL_ID}/messages`,
			60_000,
		);
		const message = messageOf(posted.body);
		expectWithinLimits(message);
		expect(message.embeds?.[0]?.title).toBe('Index rebuilt');
		expect(message.content).toBe(`The index rebuild <@${ALICE.id}> started has finished.`);
		expect(harness.fake.requestsFor(reindex).filter((request) => request.method === 'PATCH')).toEqual([]);
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
		expect(loggedFor(ref)).toMatchObject({ level: 50, target: 'boom' });
		expect(JSON.stringify(loggedFor(ref))).toContain('kaboom');

		const early = await reply(slashCommand('boom-early'));
		expect(early.flags).toBe(MessageFlags.Ephemeral);
		expect(early.content).toMatch(/^Something went wrong on my side\. Please try again\. \(ref [0-9a-f]{8}\)$/);

		await run(slashCommand('help'), { ephemeral: true });
	});

	it('edits the error into a private /ask that fails after deferring', async () => {
		const ask = slashCommand('ask', { question: FAILING_QUESTION, private: true }, user(909));
		const failed = await run(ask, { ephemeral: true });
		expect(failed.content).toMatch(/^Something went wrong on my side\. Please try again\. \(ref [0-9a-f]{8}\)$/);
		expect(failed.embeds ?? []).toEqual([]);
		const ref = /\(ref ([0-9a-f]{8})\)$/.exec(failed.content ?? '')?.[1];
		expect(loggedFor(ref)).toMatchObject({ target: 'ask' });
		expect(harness.fake.requestsFor(ask).map((request) => request.method)).toEqual(['POST', 'PATCH']);
	});

	it('answers a button whose handler throws with a private error', async () => {
		const answer = fakeMessage({ content: 'a message with a boom button' });
		const clicked = await reply(buttonClick('boom:press:1', answer, BOB));
		expect(clicked.flags).toBe(MessageFlags.Ephemeral);
		const ref = /\(ref ([0-9a-f]{8})\)$/.exec(clicked.content ?? '')?.[1];
		expect(loggedFor(ref)).toMatchObject({ level: 50, target: 'boom:press:1' });
	});

	it('logs a refused Discord request by code, status and method, without its URL token or body', async () => {
		const boom = harness.fake.interact(slashCommand('boom-api'));
		const followUp = messageOf((await harness.fake.followUpFor(boom)).body);
		const ref = /\(ref ([0-9a-f]{8})\)$/.exec(followUp.content ?? '')?.[1];
		const logged = loggedFor(ref);
		expect(logged?.['err']).toEqual({ type: 'DiscordAPIError', code: 50035, status: 400, method: 'PATCH' });
		expect(JSON.stringify(logged)).not.toContain(boom.token);
		expect(JSON.stringify(harness.logs)).not.toContain(SECRET_PASSAGE.trim());
		expect(JSON.stringify(harness.logs)).not.toContain(boom.token);
	});

	it('acknowledges every other kind of interaction with a private notice', async () => {
		const target = fakeMessage({
			content: 'hello',
			author: { ...BOB, discriminator: '0', global_name: null, avatar: null },
		});
		for (const interaction of [
			slashCommand('retired-command'),
			userCommand('Profile', BOB),
			selectMenu('menu:pick', target, ['a']),
			modalSubmit('form:send'),
		]) {
			const notice = await reply(interaction);
			expect(notice.flags).toBe(MessageFlags.Ephemeral);
			expect(notice.content).toBe('That command is not available any more.');
		}
	});

	it('answers 50 simultaneous /ask interactions, each acknowledged within 3 seconds as Discord sees it', async () => {
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
