import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApplicationCommandType, PermissionFlagsBits } from 'discord.js';
import { loadCommands } from '../../src/discord/loadCommands.ts';

describe('commands/', () => {
	it('holds one valid command per file: add, ask, search, sources, quote, reindex, help and Find sources', async () => {
		const commands = await loadCommands();
		const data = commands.map((command) => command.data.toJSON());
		expect(data.map(({ name }) => name).sort()).toEqual([
			'Find sources',
			'add',
			'ask',
			'help',
			'quote',
			'reindex',
			'search',
			'sources',
		]);
		expect(data.find(({ name }) => name === 'Find sources')?.type).toBe(ApplicationCommandType.Message);
	});

	it('limits /reindex and /add to members who can manage the server by default', async () => {
		const commands = await loadCommands();
		for (const name of ['reindex', 'add']) {
			const command = commands.find((candidate) => candidate.data.name === name);
			expect(command?.data.toJSON().default_member_permissions, name).toBe(String(PermissionFlagsBits.ManageGuild));
		}
	});

	it('offers the date, publisher and newest filters on /ask and /search, the publisher autocompleted', async () => {
		const commands = await loadCommands();
		for (const name of ['ask', 'search']) {
			const data = commands.find((command) => command.data.name === name)?.data.toJSON();
			const options = data !== undefined && 'options' in data ? (data.options ?? []) : [];
			const byName = new Map(options.map((option) => [option.name, option]));
			expect([...byName.keys()], name).toEqual(expect.arrayContaining(['after', 'before', 'publisher', 'newest']));
			expect(byName.get('publisher')).toMatchObject({ autocomplete: true });
			for (const option of options) expect(option.description.length).toBeLessThanOrEqual(100);
		}
	});

	it('rate-limits exactly /ask, /search and Find sources', async () => {
		const limited = (await loadCommands()).filter((command) => command.rateLimited).map((command) => command.data.name);
		expect(limited.sort()).toEqual(['Find sources', 'ask', 'search']);
	});

	it('refuses a module whose file name does not match its command', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'footnote-commands-'));
		try {
			const source = `export default { data: { name: 'other', toJSON: () => ({ name: 'other' }) }, execute: async () => {} };`;
			await writeFile(join(dir, 'mine.js'), source);
			await expect(loadCommands(pathToFileURL(`${dir}/`))).rejects.toThrow(/name the file other/);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
