import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { botSchema, loadBotConfig, loadStateConfig, processRole } from '../src/config.ts';
import { AppError } from '../src/errors.ts';

const ENV_EXAMPLE = new URL('../.env.example', import.meta.url);
const VALID = { DISCORD_TOKEN: 'token', DISCORD_CLIENT_ID: '123456789012345678' };

async function exampleLines(): Promise<string[]> {
	return (await readFile(ENV_EXAMPLE, 'utf8')).split('\n');
}

function configError(env: Record<string, string>): AppError {
	try {
		loadBotConfig(env);
	} catch (error) {
		if (error instanceof AppError) return error;
		throw error;
	}
	throw new Error('expected loadBotConfig to throw');
}

describe('.env.example', () => {
	it('lists exactly the keys of the config schema', async () => {
		const keys = (await exampleLines()).filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split('=')[0]);
		expect([...keys].sort()).toEqual(Object.keys(botSchema.shape).sort());
	});

	it('explains every key in a comment on the line above it', async () => {
		const lines = await exampleLines();
		lines.forEach((line, index) => {
			if (/^[A-Z_]+=/.test(line)) expect(lines[index - 1], line).toMatch(/^# \S/);
		});
	});

	it('holds no secret values', async () => {
		const token = (await exampleLines()).find((line) => line.startsWith('DISCORD_TOKEN='));
		expect(token).toBe('DISCORD_TOKEN=');
	});
});

describe('loadBotConfig', () => {
	it('reads a minimal environment with defaults for the bot keys', () => {
		const config = loadBotConfig(VALID);
		expect(config).toMatchObject({
			RATE_LIMIT_COUNT: 5,
			RATE_LIMIT_WINDOW_SECONDS: 30,
			FEEDBACK_FILE: 'feedback.jsonl',
		});
		expect(config.DISCORD_GUILD_ID).toBeUndefined();
		expect(config.DISCORD_API_BASE).toBeUndefined();
	});

	it('names .env.example and npm run ask when the token is missing', () => {
		const error = configError({ DISCORD_CLIENT_ID: VALID.DISCORD_CLIENT_ID, DISCORD_TOKEN: '' });
		expect(error.code).toBe('CONFIG_INVALID');
		expect(error.message).toMatch(/DISCORD_TOKEN is missing/);
		expect(error.message).toContain('.env.example');
		expect(error.message).toContain('npm run ask');
	});

	it('lists every problem at once', () => {
		const error = configError({ DISCORD_CLIENT_ID: 'abc', DISCORD_API_BASE: 'not a url', RATE_LIMIT_COUNT: '0' });
		for (const key of ['DISCORD_TOKEN', 'DISCORD_CLIENT_ID', 'DISCORD_API_BASE', 'RATE_LIMIT_COUNT']) {
			expect(error.message).toContain(`- ${key} `);
		}
	});

	it('accepts a REST base URL for a proxy and a development server id', () => {
		const config = loadBotConfig({
			...VALID,
			DISCORD_API_BASE: 'http://localhost:8080/api',
			DISCORD_GUILD_ID: '223456789012345678',
		});
		expect(config.DISCORD_API_BASE).toBe('http://localhost:8080/api');
		expect(config.DISCORD_GUILD_ID).toBe('223456789012345678');
	});

	it('keeps the extractive composer unless told otherwise, and checks the language model settings', () => {
		expect(loadBotConfig(VALID)).toMatchObject({
			COMPOSER: 'extractive',
			LLM_TIMEOUT_MS: 20_000,
			LLM_MAX_CONCURRENCY: 2,
		});
		const error = configError({ ...VALID, COMPOSER: 'gpt', LLM_BASE_URL: 'localhost:11434', LLM_TIMEOUT_MS: '-1' });
		for (const key of ['COMPOSER', 'LLM_BASE_URL', 'LLM_TIMEOUT_MS']) expect(error.message).toContain(`- ${key} `);
	});
});

describe('FETCH_ALLOWED_ADDRESSES', () => {
	it('is empty by default, so that /add fetches from public addresses only', () => {
		expect(loadBotConfig(VALID).FETCH_ALLOWED_ADDRESSES).toEqual([]);
	});

	it('reads addresses and networks separated by commas or spaces, and names an entry that is neither', () => {
		expect(
			loadBotConfig({ ...VALID, FETCH_ALLOWED_ADDRESSES: '10.1.0.0/16, ::1 127.0.0.1' }).FETCH_ALLOWED_ADDRESSES,
		).toEqual(['10.1.0.0/16', '::1', '127.0.0.1']);
		expect(configError({ ...VALID, FETCH_ALLOWED_ADDRESSES: 'intranet.local' }).message).toContain(
			'FETCH_ALLOWED_ADDRESSES intranet.local is not an IP address or network',
		);
	});
});

describe('index backend and shards', () => {
	it('keeps the local index directory by default', () => {
		const config = loadBotConfig(VALID);
		expect(config.INDEX_BACKEND).toBe('local');
		expect(config.DATABASE_URL).toBeUndefined();
		expect(config.SHARDS).toBeUndefined();
	});

	it('asks for DATABASE_URL when the index lives in Postgres', () => {
		const error = configError({ ...VALID, INDEX_BACKEND: 'postgres' });
		expect(error.message).toContain('- DATABASE_URL is required when INDEX_BACKEND=postgres');
	});

	it('refuses shards over a local index, which a /reindex would update on one shard only', () => {
		const error = configError({ ...VALID, SHARDS: '2' });
		expect(error.message).toContain('- SHARDS needs INDEX_BACKEND=postgres');
	});

	it('reads SHARDS as auto or a count', () => {
		const postgres = { ...VALID, INDEX_BACKEND: 'postgres', DATABASE_URL: 'postgres://bot@db.example:5432/footnote' };
		expect(loadBotConfig({ ...postgres, SHARDS: 'auto' }).SHARDS).toBe('auto');
		expect(loadBotConfig({ ...postgres, SHARDS: '3' }).SHARDS).toBe(3);
		expect(configError({ ...postgres, SHARDS: 'two' }).message).toContain(
			'- SHARDS must be auto or a number of shards',
		);
	});

	it('in a shard process, leaves SHARDS to discord.js, which puts the shard ids there', () => {
		const postgres = { ...VALID, INDEX_BACKEND: 'postgres', DATABASE_URL: 'postgres://bot@db.example:5432/footnote' };
		expect(loadBotConfig({ ...postgres, SHARDING_MANAGER: 'true', SHARDS: '0' }).SHARDS).toBeUndefined();
	});

	it('names the shard a process serves, so its next process takes over its questions in flight', () => {
		expect(processRole({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' })).toBe('shard 1');
		expect(processRole({ SHARDS: '2' })).toBe('bot');
	});

	it('has npm run report read the state where the bot keeps it: DATA_DIR, or DATABASE_URL with INDEX_BACKEND=postgres', () => {
		expect(loadStateConfig({}).INDEX_BACKEND).toBe('local');
		const url = 'postgres://bot@db.example:5432/footnote';
		expect(loadStateConfig({ INDEX_BACKEND: 'postgres', DATABASE_URL: url }).DATABASE_URL).toBe(url);
		expect(() => loadStateConfig({ INDEX_BACKEND: 'postgres' })).toThrow(
			'- DATABASE_URL is required when INDEX_BACKEND=postgres',
		);
	});
});
