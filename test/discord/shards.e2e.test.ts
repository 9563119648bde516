import { execFileSync } from 'node:child_process';
import { appendFile, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MessageFlags, type APIInteraction, type APIMessage } from 'discord.js';
import { startTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';
import { messageOf, visibleText, type MessageBody } from './assertMessage.ts';
import {
	APP_ID,
	FakeDiscord,
	fakeMessage,
	GUILD_ID,
	SECOND_GUILD_ID,
	shardOf,
	TOKEN,
	type RecordedRequest,
} from './fakeDiscord.ts';
import { ALICE, BOB, buttonClick, inGuild, slashCommand } from './interactions.ts';
import { runEntryPoint, type EntryPointRun } from './runEntryPoint.ts';

let fake: FakeDiscord;
let database: TestDatabase;
let dir: string;
let run: EntryPointRun | undefined;

beforeAll(async () => {
	fake = await FakeDiscord.start();
	database = await startTestDatabase();
	dir = await mkdtemp(join(tmpdir(), 'footnote-shards-'));
	await cp(new URL('../../seeds/', import.meta.url), join(dir, 'corpus'), { recursive: true });
});

afterAll(async () => {
	if (run && run.child.exitCode === null) {
		run.child.kill('SIGTERM');
		await run.exited;
	}
	await fake.close();
	await database.stop();
	await rm(dir, { recursive: true, force: true });
});

function content(request: RecordedRequest): string {
	return JSON.stringify(request.body ?? {});
}

const QUESTION = 'What did Trump press Xi to curb?';
const FENTANYL_SENTENCE =
	'President Trump also pressed supreme Chinese leader Xi Jinping to curb exports of the drug fentanyl';

/** An answer a shard gave in a guild: the id its buttons carry and the message they sit on. */
interface Given {
	readonly id: string;
	readonly guildId: string;
	readonly message: APIMessage;
}

/** Answers the first test's shard processes gave; the second test clicks them after those processes are gone. */
const given: Given[] = [];

async function ask(question: string, guildId: string): Promise<Given & { text: string }> {
	const interaction = fake.interact(inGuild(slashCommand('ask', { question }), guildId));
	const edit = await fake.originalEditFor(interaction, 60_000);
	return { id: interaction.id, guildId, message: fakeMessage({ ...messageOf(edit.body) }), text: content(edit) };
}

async function answerTo(question: string, guildId: string): Promise<string> {
	return (await ask(question, guildId)).text;
}

/** A click on one of an answer's buttons, in the answer's guild, and the reply the shard that gets it sends. */
async function click(action: string, answer: Given, who = ALICE): Promise<MessageBody> {
	const interaction: APIInteraction = fake.interact(
		inGuild(buttonClick(`ask:${action}:${answer.id}`, answer.message, who), answer.guildId),
	);
	return messageOf((await fake.callbackFor(interaction, 30_000)).body);
}

/** `npm start` with SHARDS=2 on the shared database, run in `cwd` (its DATA_DIR is cwd/data), once both shards are ready. */
async function startShards(cwd: string): Promise<EntryPointRun> {
	const started = runEntryPoint(
		'src/main.ts',
		{
			DISCORD_TOKEN: TOKEN,
			DISCORD_CLIENT_ID: APP_ID,
			DISCORD_API_BASE: fake.apiBase,
			CORPUS_DIR: join(dir, 'corpus'),
			FEEDBACK_FILE: join(dir, 'feedback.jsonl'),
			INDEX_BACKEND: 'postgres',
			DATABASE_URL: database.url,
			SHARDS: '2',
			EMBED_WORKERS: '1',
		},
		cwd,
	);
	run = started;
	await vi.waitFor(() => expect(readyLines(started)).toHaveLength(2), { timeout: 240_000, interval: 200 });
	return started;
}

/** The shard processes the supervising process runs (not its other children, such as tsx's esbuild). */
function shardPids(supervisor: EntryPointRun): number[] {
	return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(supervisor.child.pid)], { encoding: 'utf8' })
		.split('\n')
		.filter((line) => line.includes('src/main.ts'))
		.map((line) => Number.parseInt(line.trim(), 10));
}

function readyLines(started: EntryPointRun): { guilds: number; articles: number }[] {
	return started
		.output()
		.split('\n')
		.filter((line) => line.includes('"msg":"bot.ready"'))
		.map((line) => JSON.parse(line) as { guilds: number; articles: number });
}

describe('npm start with SHARDS=2 over the shared index', () => {
	it('runs one process per shard, each answering its own guild, and a /reindex on one shard serves both', async () => {
		expect(shardOf(GUILD_ID, 2)).not.toBe(shardOf(SECOND_GUILD_ID, 2));
		const shards = await startShards(dir);
		expect(readyLines(shards)).toEqual([
			expect.objectContaining({ guilds: 1, articles: 2 }),
			expect.objectContaining({ guilds: 1, articles: 2 }),
		]);
		expect(fake.identifiedShards.map(([shard, count]) => `${shard}/${count}`).sort()).toEqual(['0/2', '1/2']);
		expect(shards.output()).not.toContain(TOKEN);

		for (const guildId of [GUILD_ID, SECOND_GUILD_ID]) {
			const answer = await ask(QUESTION, guildId);
			expect(answer.text).toMatch(/fentanyl/u);
			given.push(answer);
		}
		expect((await click('up', given[0]!, BOB)).content).toMatch(/feedback was recorded/u);

		await appendFile(
			join(dir, 'corpus', '000_6be32923d2a58d10.txt'),
			'\nThe harbour commission approved the zeppelin mooring mast by a vote of nine to four.\n',
		);
		const reindex = fake.interact(inGuild(slashCommand('reindex'), SECOND_GUILD_ID));
		const done = await fake.waitForRequest(
			(request) => request.path.includes(reindex.token) && content(request).includes('Index rebuilt'),
			120_000,
		);
		expect(content(done)).toContain('2 articles');
		// The shard that did not run the ingest switches to the new generation by polling: both log the swap.
		const swaps = () => shards.output().split('"msg":"index.swapped"').length - 1;
		await vi.waitFor(() => expect(swaps()).toBe(2), { timeout: 10_000, interval: 100 });
		expect(await answerTo('How did the harbour commission vote on the zeppelin mooring mast?', GUILD_ID)).toMatch(
			/nine to four/u,
		);

		shards.child.kill('SIGTERM');
		expect(await shards.exited).toBe(0);
	});

	it('serves the buttons of answers that shard processes since replaced gave, from the shared database', async () => {
		expect(given).toHaveLength(2);
		// Discord sends a guild's clicks to the one shard that guild maps to; the process behind that shard is a new one,
		// here on "another machine": another working directory and an empty DATA_DIR.
		const elsewhere = join(dir, 'elsewhere');
		await mkdir(elsewhere);
		const shards = await startShards(elsewhere);
		const [first, second] = given as [Given, Given];

		expect((await click('up', first, BOB)).content).toMatch(/already gave feedback/u);
		expect((await click('down', second, BOB)).content).toMatch(/feedback was recorded/u);
		const passages = await click('passages', second, BOB);
		expect(passages.flags).toBe(MessageFlags.Ephemeral);
		expect(visibleText(passages)).toContain(FENTANYL_SENTENCE);

		shards.child.kill('SIGTERM');
		expect(await shards.exited).toBe(0);
	});

	it('answers a question a killed shard process left in flight once, from the process that replaces it', async () => {
		const shards = await startShards(await mkdtemp(join(dir, 'third-')));
		const question = inGuild(slashCommand('ask', { question: QUESTION }), SECOND_GUILD_ID);
		const callback = `/interactions/${question.id}/${question.token}/callback`;
		const release = fake.holdResponses((request) => request.method === 'POST' && request.path === callback);
		fake.interact(question);
		await fake.callbackFor(question);
		// Both shard processes die; discord.js's ShardingManager starts a new process for each, together.
		const pids = shardPids(shards);
		expect(pids).toHaveLength(2);
		for (const pid of pids) process.kill(pid, 'SIGKILL');
		release();

		const reply = messageOf((await fake.originalEditFor(question, 120_000)).body);
		expect(reply.embeds?.[0]?.description).toContain(FENTANYL_SENTENCE);
		await vi.waitFor(() => expect(readyLines(shards)).toHaveLength(4), { timeout: 120_000, interval: 200 });
		const pool = database.pool();
		await vi.waitFor(async () => expect((await pool.query('SELECT id FROM footnote_pending')).rows).toEqual([]), {
			timeout: 30_000,
			interval: 200,
		});
		const edits = fake.requestsFor(question).filter((request) => request.method === 'PATCH');
		expect(edits).toHaveLength(1);
		expect(shards.output().split('"msg":"pending.resumed"')).toHaveLength(2);

		shards.child.kill('SIGTERM');
		expect(await shards.exited).toBe(0);
	});
});
