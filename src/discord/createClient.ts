import { Client, GatewayIntentBits } from 'discord.js';

/**
 * A client with the Guilds and GuildMessages intents, neither privileged: Discord still sends the content of messages
 * that mention the bot. `apiBase` points REST (and so gateway discovery) at a proxy or a fake.
 */
export function createClient(apiBase: string | undefined): Client {
	return new Client({
		intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
		allowedMentions: { parse: [] },
		...(apiBase === undefined ? {} : { rest: { api: apiBase } }),
	});
}
