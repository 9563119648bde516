import { ApplicationCommandType, MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import type { Logger } from '../logger.ts';
import type { Command, CommandContext } from './Command.ts';
import { parseCustomId } from './customId.ts';
import { describeInteraction, handleInteractionError } from './errorBoundary.ts';
import type { RateLimiter } from './RateLimiter.ts';
import { renderNotice, type Notice } from './render.ts';

export interface RouterDeps {
	readonly commands: readonly Command[];
	readonly context: CommandContext;
	readonly rateLimiter: RateLimiter;
	readonly logger: Logger;
}

export type InteractionHandler = (interaction: Interaction) => Promise<void>;

/** Sends each interaction to its command; every failure ends in the error boundary, so the returned promise never rejects. */
export function routeInteractions({ commands, context, rateLimiter, logger }: RouterDeps): InteractionHandler {
	const byKey = new Map(commands.map((command) => [key(command.data.toJSON().type, command.data.name), command]));

	async function route(interaction: Interaction): Promise<void> {
		if (interaction.isChatInputCommand() || interaction.isMessageContextMenuCommand()) {
			const command = byKey.get(key(interaction.commandType, interaction.commandName));
			if (command === undefined) return notify(interaction, { kind: 'unknown_command' });
			if (command.rateLimited) {
				const decision = rateLimiter.take(interaction.user.id);
				if (!decision.allowed)
					return notify(interaction, { kind: 'rate_limited', retryAfterMs: decision.retryAfterMs });
			}
			return command.execute(interaction, context);
		}
		if (interaction.isAutocomplete()) {
			const command = byKey.get(key(ApplicationCommandType.ChatInput, interaction.commandName));
			if (command?.autocomplete === undefined) return interaction.respond([]);
			return command.autocomplete(interaction, context);
		}
		if (interaction.isButton()) {
			const { command: name, action, argument } = parseCustomId(interaction.customId);
			const command = byKey.get(key(ApplicationCommandType.ChatInput, name));
			if (command?.button === undefined) return notify(interaction, { kind: 'expired' });
			return command.button(interaction, action, argument, context);
		}
		if (interaction.isRepliable()) return notify(interaction, { kind: 'unknown_command' });
		return undefined;
	}

	return async (interaction) => {
		const started = performance.now();
		try {
			await route(interaction);
			logger.info(
				{
					interaction: interaction.id,
					target: describeInteraction(interaction),
					ms: Math.round(performance.now() - started),
				},
				'interaction.completed',
			);
		} catch (error) {
			await handleInteractionError(interaction, error, logger);
		}
	};
}

async function notify(interaction: RepliableInteraction, notice: Notice): Promise<void> {
	await interaction.reply({ ...renderNotice(notice), flags: MessageFlags.Ephemeral });
}

function key(type: ApplicationCommandType | undefined, name: string): string {
	return `${type ?? ApplicationCommandType.ChatInput}:${name}`;
}
