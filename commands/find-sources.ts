import {
	ApplicationCommandType,
	ContextMenuCommandBuilder,
	InteractionContextType,
	MessageFlags,
	type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import { renderFindSources, renderNotice } from '../src/discord/render.ts';

const MAX_CLAIM = 1_000;

export default {
	data: new ContextMenuCommandBuilder()
		.setName('Find sources')
		.setType(ApplicationCommandType.Message)
		.setContexts(InteractionContextType.Guild),
	rateLimited: true,
	async execute(interaction: MessageContextMenuCommandInteraction, { engine }) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const claim = interaction.targetMessage.content.trim();
		if (claim === '') {
			await interaction.editReply(renderNotice({ kind: 'no_text' }));
			return;
		}
		await interaction.editReply(renderFindSources(claim, await engine.ask(claim.slice(0, MAX_CLAIM))));
	},
} satisfies Command;
