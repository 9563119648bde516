import { Client, GatewayIntentBits } from 'discord.js';

/** A client with only the Guilds intent; `apiBase` points REST (and so gateway discovery) at a proxy or a fake. */
export function createClient(apiBase: string | undefined): Client {
	return new Client({
		intents: [GatewayIntentBits.Guilds],
		allowedMentions: { parse: [] },
		...(apiBase === undefined ? {} : { rest: { api: apiBase } }),
	});
}
