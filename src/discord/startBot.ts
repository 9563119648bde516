import { Events, MessageFlags, type Client, type Interaction } from 'discord.js';
import type { BotConfig } from '../config.ts';
import type { QuestionCondenser } from '../conversation/condenseFollowUp.ts';
import type { ReindexableEngine } from '../engine/Engine.ts';
import { AddressPolicy } from '../fetch/addressPolicy.ts';
import { queueQueries } from '../engine/queueQueries.ts';
import type { Logger } from '../logger.ts';
import type { AnswerStore } from '../state/AnswerStore.ts';
import { answerMentions } from './answerMentions.ts';
import type { Command, CommandContext } from './Command.ts';
import { createClient } from './createClient.ts';
import { loggableError } from './errorBoundary.ts';
import { RateLimiter } from './RateLimiter.ts';
import { renderNotice } from './render.ts';
import { resumePendingAnswers } from './resumePendingAnswers.ts';
import { routeInteractions } from './routeInteractions.ts';

export type BotSettings = Pick<
	BotConfig,
	'DISCORD_TOKEN' | 'DISCORD_API_BASE' | 'RATE_LIMIT_COUNT' | 'RATE_LIMIT_WINDOW_SECONDS' | 'FETCH_ALLOWED_ADDRESSES'
>;

export interface BotDeps {
	readonly engine: ReindexableEngine;
	readonly commands: readonly Command[];
	readonly logger: Logger;
	/** Answers, votes, threads and answers in flight, kept across restarts. */
	readonly answers: AnswerStore;
	/** Makes a follow-up in a thread standalone: the key-term rewrite, or a language model's (COMPOSER=llm). */
	readonly condenser: QuestionCondenser;
}

export interface RunningBot {
	readonly client: Client;
	/** Refuses new interactions, lets those in flight finish (up to a limit), then disconnects. */
	stop(): Promise<void>;
}

const DRAIN_TIMEOUT_MS = 60_000;
const PRUNE_EVERY_MS = 6 * 3_600_000;

/**
 * Logs in and serves interactions until `stop`; resolves once the client is ready.
 * Questions and searches are queued one at a time, yielding between them, so a burst cannot hold back acknowledgements.
 */
export async function startBot(
	settings: BotSettings,
	{ engine, commands, logger, answers, condenser }: BotDeps,
): Promise<RunningBot> {
	const client = createClient(settings.DISCORD_API_BASE);
	const context: CommandContext = {
		engine: queueQueries(engine),
		logger,
		answers,
		condenser,
		fetchPolicy: { addresses: new AddressPolicy(settings.FETCH_ALLOWED_ADDRESSES) },
	};
	const rateLimiter = new RateLimiter(settings.RATE_LIMIT_COUNT, settings.RATE_LIMIT_WINDOW_SECONDS * 1_000);
	const route = routeInteractions({ commands, context, rateLimiter, logger });
	const answerMention = answerMentions({ context, rateLimiter, logger });
	const inFlight = new Set<Promise<void>>();
	let accepting = true;
	const track = (work: Promise<void>): void => {
		inFlight.add(work);
		void work.finally(() => inFlight.delete(work));
	};

	client.on(Events.InteractionCreate, (interaction) => {
		track(accepting ? route(interaction) : refuse(interaction, logger));
	});
	client.on(Events.MessageCreate, (message) => {
		if (accepting) track(answerMention(message));
	});
	client.on(Events.Error, (error) => logger.error({ err: loggableError(error) }, 'client.error'));
	client.on(Events.ShardDisconnect, ({ code }) => logger.warn({ code }, 'gateway.disconnected'));

	const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
	await client.login(settings.DISCORD_TOKEN);
	const readyClient = await ready;
	logger.info({ guilds: client.guilds.cache.size, ...engine.stats() }, 'bot.ready');
	track(resumePendingAnswers(readyClient, context));
	const pruning = setInterval(() => void prune(answers, logger), PRUNE_EVERY_MS).unref();

	return {
		client,
		async stop() {
			accepting = false;
			clearInterval(pruning);
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

async function prune(answers: AnswerStore, logger: Logger): Promise<void> {
	try {
		logger.info({ answers: await answers.prune() }, 'state.pruned');
	} catch (error) {
		logger.error({ err: error }, 'state.prune_failed');
	}
}

function delay(ms: number): Promise<false> {
	return new Promise((resolve) => setTimeout(() => resolve(false), ms).unref());
}
