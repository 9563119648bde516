import { Routes, type REST } from 'discord.js';
import type { Command } from './Command.ts';

export interface RegistrationTarget {
	readonly clientId: string;
	/** Registers in this server only (immediate) instead of globally. */
	readonly guildId?: string | undefined;
}

/** Replaces the application's commands with `commands` (a bulk overwrite, so running it twice changes nothing). */
export async function registerCommands(
	rest: REST,
	{ clientId, guildId }: RegistrationTarget,
	commands: readonly Command[],
): Promise<number> {
	const route =
		guildId === undefined ? Routes.applicationCommands(clientId) : Routes.applicationGuildCommands(clientId, guildId);
	const registered = (await rest.put(route, { body: commands.map((command) => command.data.toJSON()) })) as unknown[];
	return registered.length;
}
