import {
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	SlashCommandBuilder,
	type ChatInputCommandInteraction,
} from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import { loggableError } from '../src/discord/errorBoundary.ts';
import { renderReindexed, renderReindexProgress } from '../src/discord/render.ts';

const PROGRESS_EVERY_MS = 5_000;
/** An interaction token lasts 15 minutes from the interaction; edits stop a minute short of that. */
const TOKEN_USABLE_MS = 14 * 60_000;

export default {
	data: new SlashCommandBuilder()
		.setName('reindex')
		.setDescription('Rebuild the index from the corpus directory; answers keep working meanwhile.')
		.setContexts(InteractionContextType.Guild)
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),
	async execute(interaction: ChatInputCommandInteraction, { engine, logger }) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const tokenUsable = (): boolean => Date.now() < interaction.createdTimestamp + TOKEN_USABLE_MS;
		let lastEdit = Number.NEGATIVE_INFINITY;
		let progress = Promise.resolve();
		const summary = await engine.reindex((done, total) => {
			if (Date.now() - lastEdit < PROGRESS_EVERY_MS || !tokenUsable()) return;
			lastEdit = Date.now();
			progress = progress
				.then(async () => void (await interaction.editReply(renderReindexProgress(done, total))))
				.catch((error: unknown) => logger.warn({ err: loggableError(error) }, 'reindex.progress_edit_failed'));
		});
		await progress;
		if (tokenUsable()) {
			await interaction.editReply(renderReindexed(summary));
			return;
		}
		try {
			if (!interaction.channel?.isSendable()) throw new Error('the channel is not sendable');
			await interaction.channel.send(renderReindexed(summary, interaction.user.id));
		} catch (error) {
			logger.warn(
				{ err: loggableError(error), files: summary.files, passages: summary.passages },
				'reindex.result_undelivered',
			);
		}
	},
} satisfies Command;
