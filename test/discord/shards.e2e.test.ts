import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/testDatabase.ts';
import { APP_ID, FakeDiscord, GUILD_ID, SECOND_GUILD_ID, shardOf, TOKEN, type RecordedRequest } from './fakeDiscord.ts';
import { inGuild, slashCommand } from './interactions.ts';
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

async function answerTo(question: string, guildId: string): Promise<string> {
	const ask = fake.interact(inGuild(slashCommand('ask', { question }), guildId));
	const edit = await fake.originalEditFor(ask, 60_000);
	return content(edit);
}

describe('npm start with SHARDS=2 over the shared index', () => {
	it('runs one process per shard, each answering its own guild, and a /reindex on one shard serves both', async () => {
		expect(shardOf(GUILD_ID, 2)).not.toBe(shardOf(SECOND_GUILD_ID, 2));
		run = runEntryPoint(
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
			dir,
		);
		const readyLines = () =>
			(run?.output() ?? '')
				.split('\n')
				.filter((line) => line.includes('"msg":"bot.ready"'))
				.map((line) => JSON.parse(line) as { guilds: number; articles: number });
		await vi.waitFor(() => expect(readyLines()).toHaveLength(2), { timeout: 240_000, interval: 200 });
		const ready = readyLines();
		expect(ready).toEqual([
			expect.objectContaining({ guilds: 1, articles: 2 }),
			expect.objectContaining({ guilds: 1, articles: 2 }),
		]);
		expect(fake.identifiedShards.map(([shard, count]) => `${shard}/${count}`).sort()).toEqual(['0/2', '1/2']);
		expect(run.output()).not.toContain(TOKEN);

		expect(await answerTo('What did Trump press Xi to curb?', GUILD_ID)).toMatch(/fentanyl/u);
		expect(await answerTo('What did Trump press Xi to curb?', SECOND_GUILD_ID)).toMatch(/fentanyl/u);

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
		const swaps = () => (run?.output() ?? '').split('"msg":"index.swapped"').length - 1;
		await vi.waitFor(() => expect(swaps()).toBe(2), { timeout: 10_000, interval: 100 });
		expect(await answerTo('How did the harbour commission vote on the zeppelin mooring mast?', GUILD_ID)).toMatch(
			/nine to four/u,
		);

		run.child.kill('SIGTERM');
		expect(await run.exited).toBe(0);
	});
});
