import {
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	SlashCommandBuilder,
	type ChatInputCommandInteraction,
} from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import { renderReindexed, renderReindexProgress } from '../src/discord/render.ts';

const PROGRESS_EVERY_MS = 5_000;

export default {
	data: new SlashCommandBuilder()
		.setName('reindex')
		.setDescription('Rebuild the index from the corpus directory; answers keep working meanwhile.')
		.setContexts(InteractionContextType.Guild)
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),
	async execute(interaction: ChatInputCommandInteraction, { engine, logger }) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		let lastEdit = Date.now();
		let progress = Promise.resolve();
		const summary = await engine.reindex((done, total) => {
			if (Date.now() - lastEdit < PROGRESS_EVERY_MS) return;
			lastEdit = Date.now();
			progress = progress
				.then(async () => void (await interaction.editReply(renderReindexProgress(done, total))))
				.catch((error: unknown) => logger.warn({ err: error }, 'reindex.progress_edit_failed'));
		});
		await progress;
		await interaction.editReply(renderReindexed(summary));
	},
} satisfies Command;
