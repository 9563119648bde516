import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, FakeDiscord, TOKEN } from './fakeDiscord.ts';
import { slashCommand } from './interactions.ts';
import { botEnv, runEntryPoint } from './runEntryPoint.ts';

let fake: FakeDiscord;
let dir: string;

beforeAll(async () => {
	fake = await FakeDiscord.start();
	dir = await mkdtemp(join(tmpdir(), 'footnote-main-'));
	await cp(new URL('../../seeds/', import.meta.url), join(dir, 'corpus'), { recursive: true });
});

afterAll(async () => {
	await fake.close();
	await rm(dir, { recursive: true, force: true });
});

describe('npm start', () => {
	it('without a token exits 1 naming .env.example and npm run ask', async () => {
		const run = runEntryPoint('src/main.ts', { DISCORD_TOKEN: '', DISCORD_CLIENT_ID: APP_ID }, dir);
		expect(await run.exited).toBe(1);
		expect(run.output()).toMatch(/DISCORD_TOKEN is missing/);
		expect(run.output()).toContain('.env.example');
		expect(run.output()).toContain('npm run ask');
	});

	it('builds the index, logs one ready line, and on SIGTERM finishes the answer in flight and exits 0', async () => {
		const run = runEntryPoint('src/main.ts', botEnv(fake.apiBase, dir), dir);
		await run.waitForOutput('"msg":"bot.ready"');
		const ready = run
			.output()
			.split('\n')
			.filter((line) => line.includes('"bot.ready"'));
		expect(ready).toHaveLength(1);
		expect(JSON.parse(ready[0]!)).toMatchObject({ guilds: 1, articles: 2 });
		expect(run.output()).not.toContain(TOKEN);

		const ask = fake.interact(slashCommand('ask', { question: 'What did Trump press Xi to curb?' }));
		await fake.callbackFor(ask);
		run.child.kill('SIGTERM');
		expect(await run.exited).toBe(0);
		expect(fake.requestsFor(ask).some((request) => request.method === 'PATCH')).toBe(true);
	});

	it('on a second SIGINT while answers are still draining, exits 1 at once and says so', async () => {
		const run = runEntryPoint('src/main.ts', botEnv(fake.apiBase, dir), dir);
		await run.waitForOutput('"msg":"bot.ready"');
		const ask = slashCommand('ask', { question: 'What did Trump press Xi to curb?' });
		const release = fake.holdResponses((request) => request.method === 'PATCH' && request.path.includes(ask.token));
		try {
			fake.interact(ask);
			await fake.waitForRequest((request) => request.method === 'PATCH' && request.path.includes(ask.token));
			run.child.kill('SIGINT');
			await run.waitForOutput('"msg":"bot.stopping"');
			run.child.kill('SIGINT');
			expect(await run.exited).toBe(1);
			expect(run.output()).toContain('"msg":"bot.shutdown_forced"');
		} finally {
			release();
		}
	});
});
