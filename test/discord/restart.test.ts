import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InteractionResponseType, MessageFlags, type APIInteraction } from 'discord.js';
import { DATABASE_FILE } from '../../src/state/SqliteAnswerStore.ts';
import { messageOf, visibleText, type MessageBody } from './assertMessage.ts';
import { APP_ID, CHANNEL_ID, FakeDiscord, fakeMessage, type RecordedRequest } from './fakeDiscord.ts';
import { ALICE, BOB, buttonClick, channelMessage, slashCommand } from './interactions.ts';
import { botEnv, runEntryPoint, type EntryPointRun } from './runEntryPoint.ts';

const QUESTION = 'What did Trump press Xi to curb?';
const FENTANYL_SENTENCE =
	'President Trump also pressed supreme Chinese leader Xi Jinping to curb exports of the drug fentanyl';

let fake: FakeDiscord;
let dir: string;
const running = new Set<EntryPointRun>();

beforeAll(async () => {
	fake = await FakeDiscord.start();
	dir = await mkdtemp(join(tmpdir(), 'footnote-restart-'));
	await cp(new URL('../../seeds/', import.meta.url), join(dir, 'corpus'), { recursive: true });
});

afterAll(async () => {
	for (const run of running) run.child.kill('SIGKILL');
	await fake.close();
	await rm(dir, { recursive: true, force: true });
});

async function startBot(env = botEnv(fake.apiBase, dir)): Promise<EntryPointRun> {
	const run = runEntryPoint('src/main.ts', env, dir);
	running.add(run);
	void run.exited.then(() => running.delete(run));
	await run.waitForOutput('"msg":"bot.ready"');
	return run;
}

async function stop(run: EntryPointRun): Promise<void> {
	run.child.kill('SIGTERM');
	expect(await run.exited).toBe(0);
}

async function answered(interaction: APIInteraction): Promise<MessageBody> {
	fake.interact(interaction);
	return messageOf((await fake.originalEditFor(interaction)).body);
}

async function clicked(interaction: APIInteraction): Promise<MessageBody & { type?: number }> {
	fake.interact(interaction);
	const { body } = await fake.callbackFor(interaction);
	return { ...messageOf(body), type: Number(body?.['type']) };
}

describe('a bot process that restarts', () => {
	it('completes the deferred reply of an answer it was killed in the middle of, on its next start', async () => {
		const first = await startBot();
		const ask = slashCommand('ask', { question: QUESTION }, ALICE);
		const callback = `/interactions/${ask.id}/${ask.token}/callback`;
		const release = fake.holdResponses((request) => request.method === 'POST' && request.path === callback);
		fake.interact(ask);
		await fake.callbackFor(ask);
		first.child.kill('SIGKILL');
		await first.exited;
		release();
		expect(fake.requestsFor(ask).filter((request) => request.method === 'PATCH')).toEqual([]);

		const second = await startBot();
		const reply = messageOf((await fake.originalEditFor(ask, 60_000)).body);
		expect(reply.embeds?.[0]?.title).toBe(QUESTION);
		expect(reply.embeds?.[0]?.description).toContain(FENTANYL_SENTENCE);
		await second.waitForOutput('"msg":"pending.resumed"');
		await stop(second);
	});

	it('answers a mention it was killed in the middle of on its next start, once, in the thread opened on it', async () => {
		const first = await startBot();
		const asked = channelMessage(`<@${APP_ID}> ${QUESTION}`, { author: BOB, mentionsBot: true });
		const openThread = (request: RecordedRequest) =>
			request.method === 'POST' && request.path === `/channels/${CHANNEL_ID}/messages/${asked.id}/threads`;
		const answerInThread = (request: RecordedRequest) =>
			request.method === 'POST' && request.path === `/channels/${asked.id}/messages`;
		const release = fake.holdResponses(openThread);
		fake.postMessage(asked);
		await fake.waitForRequest(openThread);
		first.child.kill('SIGKILL');
		await first.exited;
		// Discord opens the thread after all; the bot that asked for it never hears back.
		release();
		expect(fake.requests.filter(answerInThread)).toEqual([]);

		const second = await startBot();
		const answer = messageOf((await fake.waitForRequest(answerInThread, 60_000)).body);
		expect(answer.embeds?.[0]?.title).toBe(QUESTION);
		expect(answer.embeds?.[0]?.description).toContain(FENTANYL_SENTENCE);
		await second.waitForOutput(`"message":"${asked.id}","msg":"pending.resumed"`);
		await stop(second);

		// A third start finds nothing left to answer: by the time it has answered a new question, it has looked.
		const third = await startBot();
		await answered(slashCommand('ask', { question: QUESTION }, ALICE));
		await stop(third);
		expect(fake.requests.filter(openThread)).toHaveLength(2);
		expect(fake.requests.filter(answerInThread)).toHaveLength(1);
	});

	it('does not post a mention’s answer twice when it was killed after sending it, before hearing back', async () => {
		const first = await startBot();
		const asked = channelMessage(`<@${APP_ID}> ${QUESTION}`, { author: BOB, mentionsBot: true });
		const answerInThread = (request: RecordedRequest) =>
			request.method === 'POST' && request.path === `/channels/${asked.id}/messages`;
		const release = fake.holdResponses(answerInThread);
		fake.postMessage(asked);
		await fake.waitForRequest(answerInThread, 60_000);
		first.child.kill('SIGKILL');
		await first.exited;
		release();

		const second = await startBot();
		await second.waitForOutput(`"message":"${asked.id}","msg":"pending.resumed"`);
		await stop(second);
		expect(fake.requests.filter(answerInThread)).toHaveLength(2);
		const created = fake.messagesCreatedIn(asked.id);
		expect(created).toHaveLength(1);
		expect(created[0]?.embeds[0]?.description).toContain(FENTANYL_SENTENCE);
	});

	it('serves Show passages, 👍 and Post to channel on answers given before a restart', async () => {
		const first = await startBot();
		const ask = slashCommand('ask', { question: QUESTION }, ALICE);
		const publicAnswer = fakeMessage({ ...(await answered(ask)) });
		const privately = slashCommand('ask', { question: QUESTION, private: true }, ALICE);
		const privateAnswer = fakeMessage({ ...(await answered(privately)), flags: MessageFlags.Ephemeral });
		await stop(first);

		const second = await startBot();
		const passages = await clicked(buttonClick(`ask:passages:${ask.id}`, publicAnswer, BOB));
		expect(passages.flags).toBe(MessageFlags.Ephemeral);
		expect(visibleText(passages)).toContain(FENTANYL_SENTENCE);

		expect((await clicked(buttonClick(`ask:up:${ask.id}`, publicAnswer, BOB))).content).toMatch(
			/feedback was recorded/,
		);
		expect((await clicked(buttonClick(`ask:up:${ask.id}`, publicAnswer, BOB))).content).toMatch(
			/already gave feedback/,
		);

		const post = buttonClick(`ask:post:${privately.id}`, privateAnswer, ALICE);
		expect((await clicked(post)).type).toBe(InteractionResponseType.UpdateMessage);
		const posted = messageOf((await fake.followUpFor(post)).body);
		expect(posted.content).toBe(`Asked by <@${ALICE.id}>`);
		expect(posted.embeds?.[0]?.description).toContain(FENTANYL_SENTENCE);
		await stop(second);

		const third = await startBot();
		expect((await clicked(buttonClick(`ask:post:${privately.id}`, privateAnswer, ALICE))).content).toMatch(
			/already posted/,
		);
		await stop(third);
	});

	it('refuses to start on a damaged database, saying which file and how to fix it', async () => {
		const dataDir = join(dir, 'damaged');
		await mkdir(dataDir, { recursive: true });
		await writeFile(join(dataDir, DATABASE_FILE), 'this is not a database '.repeat(400));
		const run = runEntryPoint('src/main.ts', botEnv(fake.apiBase, dir, dataDir), dir);
		expect(await run.exited).toBe(1);
		expect(run.output()).toContain(`The answer database ${join(dataDir, DATABASE_FILE)} is damaged`);
		expect(run.output()).toContain(`Move it aside (mv ${join(dataDir, DATABASE_FILE)}`);
	});
});
