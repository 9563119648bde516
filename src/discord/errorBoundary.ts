import { randomBytes } from 'node:crypto';
import { DiscordAPIError, HTTPError, MessageFlags, RateLimitError, type Interaction } from 'discord.js';
import { isAppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { renderNotice, type Payload } from './render.ts';

const UNEXPECTED = 'Something went wrong on my side. Please try again.';

/** Logs a failed interaction under a short ref and tells the user, privately, with the same ref. Never throws. */
export async function handleInteractionError(interaction: Interaction, error: unknown, logger: Logger): Promise<void> {
	const ref = randomBytes(4).toString('hex');
	const expected = isAppError(error);
	const fields = {
		ref,
		err: loggableError(error),
		interaction: interaction.id,
		target: describeInteraction(interaction),
	};
	if (expected) logger.warn(fields, 'interaction.failed');
	else logger.error(fields, 'interaction.failed');
	try {
		await respond(
			interaction,
			renderNotice({ kind: 'failed', ref, sentence: expected ? error.userMessage : UNEXPECTED }),
		);
	} catch (replyError) {
		logger.error(
			{ ref, err: loggableError(replyError), interaction: interaction.id },
			'interaction.error_reply_failed',
		);
	}
}

/**
 * What may be logged of an error. A failed Discord request carries its URL (with the interaction token) and its body
 * (whole passages); only its code, status and method are kept.
 */
export function loggableError(error: unknown): unknown {
	if (error instanceof DiscordAPIError) {
		return { type: 'DiscordAPIError', code: error.code, status: error.status, method: error.method };
	}
	if (error instanceof HTTPError) return { type: 'HTTPError', status: error.status, method: error.method };
	if (error instanceof RateLimitError) {
		return { type: 'RateLimitError', method: error.method, retryAfter: error.retryAfter, global: error.global };
	}
	return error;
}

export function describeInteraction(interaction: Interaction): string {
	if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
	if (interaction.isMessageComponent() || interaction.isModalSubmit()) return interaction.customId;
	return `type ${(interaction as Interaction).type}`;
}

async function respond(interaction: Interaction, payload: Payload): Promise<void> {
	if (interaction.isAutocomplete()) {
		if (!interaction.responded) await interaction.respond([]);
		return;
	}
	if (!interaction.isRepliable()) return;
	if (!interaction.deferred && !interaction.replied) {
		await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
	} else if (interaction.deferred && !interaction.replied && interaction.ephemeral === true) {
		await interaction.editReply(payload);
	} else if (interaction.deferred && !interaction.replied && interaction.ephemeral === false) {
		await interaction.deleteReply();
		await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
	} else {
		await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
	}
}
