import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, FakeDiscord, GUILD_ID, TOKEN } from './fakeDiscord.ts';
import { runEntryPoint } from './runEntryPoint.ts';

let fake: FakeDiscord;
let cwd: string;

beforeAll(async () => {
	fake = await FakeDiscord.start();
	cwd = await mkdtemp(join(tmpdir(), 'footnote-deploy-'));
});

afterAll(async () => {
	await fake.close();
	await rm(cwd, { recursive: true, force: true });
});

const GUILD_ROUTE = `/applications/${APP_ID}/guilds/${GUILD_ID}/commands`;
const GLOBAL_ROUTE = `/applications/${APP_ID}/commands`;

describe('registering commands', () => {
	it('npm run deploy-commands puts the same command set on every run: globally, or to the guild when given', async () => {
		const env = { DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: APP_ID, DISCORD_API_BASE: fake.apiBase };
		const global = runEntryPoint('src/cli/deployCommands.ts', env, cwd);
		expect(await global.exited).toBe(0);
		expect(global.output()).toMatch(/Registered 8 commands globally/);
		const guild = runEntryPoint('src/cli/deployCommands.ts', { ...env, DISCORD_GUILD_ID: GUILD_ID }, cwd);
		expect(await guild.exited).toBe(0);
		expect(guild.output()).toMatch(/Registered 8 commands in server/);

		const puts = fake.requests.filter((request) => request.method === 'PUT');
		expect(puts.map((request) => request.path)).toEqual([GLOBAL_ROUTE, GUILD_ROUTE]);
		expect(puts[1]?.body).toEqual(puts[0]?.body);
		expect((puts[0]?.body as unknown as { name: string }[]).map(({ name }) => name)).toContain('Find sources');
		expect(global.output() + guild.output()).not.toContain(TOKEN);
	});

	it('npm run deploy-commands exits non-zero when the token is wrong', async () => {
		const run = runEntryPoint(
			'src/cli/deployCommands.ts',
			{ DISCORD_TOKEN: 'wrong', DISCORD_CLIENT_ID: APP_ID, DISCORD_API_BASE: fake.apiBase },
			cwd,
		);
		expect(await run.exited).toBe(1);
		expect(run.output()).toMatch(/401/);
	});
});
