import { readdir } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Command } from './Command.ts';

const COMMANDS_DIR = new URL('../../commands/', import.meta.url);
const MODULE_FILE = /^[^.].*(?<!\.d)\.(?:ts|js)$/;

/**
 * Imports every command module in `commands/`; each file is named after its command.
 * @throws TypeError when a module does not default-export a command or its name does not match the file.
 */
export async function loadCommands(dir: URL = COMMANDS_DIR): Promise<Command[]> {
	const files = (await readdir(dir)).filter((file) => MODULE_FILE.test(file)).sort();
	return Promise.all(
		files.map(async (file) => {
			const module = (await import(new URL(file, dir).href)) as { default?: unknown };
			const command = module.default;
			if (!isCommand(command)) throw new TypeError(`${file} does not default-export a command ({ data, execute })`);
			if (fileNameFor(command.data.name) !== basename(file, extname(file))) {
				throw new TypeError(
					`${file} exports the command "${command.data.name}"; name the file ${fileNameFor(command.data.name)}`,
				);
			}
			return command;
		}),
	);
}

function fileNameFor(commandName: string): string {
	return commandName.toLowerCase().replaceAll(/\s+/g, '-');
}

function isCommand(value: unknown): value is Command {
	if (typeof value !== 'object' || value === null) return false;
	const candidate = value as Partial<Command>;
	return (
		typeof candidate.execute === 'function' &&
		typeof candidate.data?.name === 'string' &&
		typeof candidate.data.toJSON === 'function'
	);
}
