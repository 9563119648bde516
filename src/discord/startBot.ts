import { Events, MessageFlags, type Client, type Interaction } from 'discord.js';
import type { BotConfig } from '../config.ts';
import type { ReindexableEngine } from '../engine/Engine.ts';
import { AddressPolicy } from '../fetch/addressPolicy.ts';
import { queueQueries } from '../engine/queueQueries.ts';
import type { Logger } from '../logger.ts';
import { AnswerMemory } from './AnswerMemory.ts';
import type { Command } from './Command.ts';
import { createClient } from './createClient.ts';
import { loggableError } from './errorBoundary.ts';
import { FeedbackLog, feedbackKey } from './FeedbackLog.ts';
import { RateLimiter } from './RateLimiter.ts';
import { renderNotice } from './render.ts';
import { routeInteractions } from './routeInteractions.ts';

export type BotSettings = Pick<
	BotConfig,
	| 'DISCORD_TOKEN'
	| 'DISCORD_API_BASE'
	| 'RATE_LIMIT_COUNT'
	| 'RATE_LIMIT_WINDOW_SECONDS'
	| 'FEEDBACK_FILE'
	| 'FEEDBACK_SALT'
	| 'FETCH_ALLOWED_ADDRESSES'
>;

export interface BotDeps {
	readonly engine: ReindexableEngine;
	readonly commands: readonly Command[];
	readonly logger: Logger;
}

export interface RunningBot {
	readonly client: Client;
	/** Refuses new interactions, lets those in flight finish (up to a limit), then disconnects. */
	stop(): Promise<void>;
}

const DRAIN_TIMEOUT_MS = 60_000;

/**
 * Logs in and serves interactions until `stop`; resolves once the client is ready.
 * Questions and searches are queued one at a time, yielding between them, so a burst cannot hold back acknowledgements.
 */
export async function startBot(settings: BotSettings, { engine, commands, logger }: BotDeps): Promise<RunningBot> {
	const client = createClient(settings.DISCORD_API_BASE);
	const route = routeInteractions({
		commands,
		context: {
			engine: queueQueries(engine),
			logger,
			answers: new AnswerMemory(),
			feedback: new FeedbackLog(settings.FEEDBACK_FILE, feedbackKey(settings.FEEDBACK_SALT, settings.DISCORD_TOKEN)),
			fetchPolicy: { addresses: new AddressPolicy(settings.FETCH_ALLOWED_ADDRESSES) },
		},
		rateLimiter: new RateLimiter(settings.RATE_LIMIT_COUNT, settings.RATE_LIMIT_WINDOW_SECONDS * 1_000),
		logger,
	});
	const inFlight = new Set<Promise<void>>();
	let accepting = true;

	client.on(Events.InteractionCreate, (interaction) => {
		const work = accepting ? route(interaction) : refuse(interaction, logger);
		inFlight.add(work);
		void work.finally(() => inFlight.delete(work));
	});
	client.on(Events.Error, (error) => logger.error({ err: loggableError(error) }, 'client.error'));
	client.on(Events.ShardDisconnect, ({ code }) => logger.warn({ code }, 'gateway.disconnected'));

	const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
	await client.login(settings.DISCORD_TOKEN);
	await ready;
	logger.info({ guilds: client.guilds.cache.size, ...engine.stats() }, 'bot.ready');

	return {
		client,
		async stop() {
			accepting = false;
			logger.info({ inFlight: inFlight.size }, 'bot.stopping');
			const drained = await Promise.race([Promise.allSettled(inFlight).then(() => true), delay(DRAIN_TIMEOUT_MS)]);
			if (!drained) logger.warn({ inFlight: inFlight.size }, 'bot.drain_timed_out');
			await client.destroy();
			logger.info('bot.stopped');
		},
	};
}

async function refuse(interaction: Interaction, logger: Logger): Promise<void> {
	try {
		if (interaction.isAutocomplete()) await interaction.respond([]);
		else if (interaction.isRepliable()) {
			await interaction.reply({ ...renderNotice({ kind: 'shutting_down' }), flags: MessageFlags.Ephemeral });
		}
	} catch (error) {
		logger.warn({ err: loggableError(error), interaction: interaction.id }, 'interaction.refuse_failed');
	}
}

function delay(ms: number): Promise<false> {
	return new Promise((resolve) => setTimeout(() => resolve(false), ms).unref());
}
