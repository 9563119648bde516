import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REST } from 'discord.js';
import { loadCommands } from '../../src/discord/loadCommands.ts';
import { registerCommands } from '../../src/discord/registerCommands.ts';
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
	it('overwrites the guild commands in one PUT, and a second run changes nothing', async () => {
		const rest = new REST({ api: fake.apiBase }).setToken(TOKEN);
		const commands = await loadCommands();
		expect(await registerCommands(rest, { clientId: APP_ID, guildId: GUILD_ID }, commands)).toBe(7);
		const first = fake.registered.get(GUILD_ROUTE);
		expect(await registerCommands(rest, { clientId: APP_ID, guildId: GUILD_ID }, commands)).toBe(7);
		expect(fake.registered.get(GUILD_ROUTE)).toEqual(first);
		expect(fake.requests.filter((request) => request.method === 'PUT')).toHaveLength(2);
		expect(fake.registered.has(GLOBAL_ROUTE)).toBe(false);
	});

	it('npm run deploy-commands registers globally without a guild id, through DISCORD_API_BASE', async () => {
		const run = runEntryPoint(
			'src/cli/deployCommands.ts',
			{ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: APP_ID, DISCORD_API_BASE: fake.apiBase },
			cwd,
		);
		expect(await run.exited).toBe(0);
		expect(run.output()).toMatch(/Registered 7 commands globally/);
		expect(fake.registered.get(GLOBAL_ROUTE)?.map((command) => command['name'])).toContain('Find sources');
		expect(run.output()).not.toContain(TOKEN);
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
