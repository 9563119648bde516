import {
	ApplicationCommandType,
	ContextMenuCommandBuilder,
	InteractionContextType,
	MessageFlags,
	type MessageContextMenuCommandInteraction,
} from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import { messageText } from '../src/discord/messageText.ts';
import { renderFindSources, renderNotice } from '../src/discord/render.ts';
import { MAX_QUESTION_CHARS } from '../src/engine/createEngine.ts';

export default {
	data: new ContextMenuCommandBuilder()
		.setName('Find sources')
		.setType(ApplicationCommandType.Message)
		.setContexts(InteractionContextType.Guild),
	rateLimited: true,
	async execute(interaction: MessageContextMenuCommandInteraction, { engine }) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const claim = messageText(interaction.targetMessage);
		if (claim === '') {
			await interaction.editReply(renderNotice({ kind: 'no_text' }));
			return;
		}
		await interaction.editReply(renderFindSources(claim, await engine.ask(claim.slice(0, MAX_QUESTION_CHARS))));
	},
} satisfies Command;
