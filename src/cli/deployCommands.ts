import { REST } from 'discord.js';
import { config as loadDotenv } from 'dotenv';
import { loadBotConfig } from '../config.ts';
import { loadCommands } from '../discord/loadCommands.ts';
import { registerCommands } from '../discord/registerCommands.ts';
import { isAppError } from '../errors.ts';

async function main(): Promise<void> {
	loadDotenv({ quiet: true });
	const config = loadBotConfig();
	const rest = new REST(config.DISCORD_API_BASE === undefined ? {} : { api: config.DISCORD_API_BASE }).setToken(
		config.DISCORD_TOKEN,
	);
	const count = await registerCommands(
		rest,
		{ clientId: config.DISCORD_CLIENT_ID, guildId: config.DISCORD_GUILD_ID },
		await loadCommands(),
	);
	console.log(
		config.DISCORD_GUILD_ID === undefined
			? `Registered ${count} commands globally; they can take a few minutes to appear in every server.`
			: `Registered ${count} commands in server ${config.DISCORD_GUILD_ID}; they are available now.`,
	);
}

main().catch((error: unknown) => {
	console.error(isAppError(error) ? error.message : error);
	process.exit(1);
});
