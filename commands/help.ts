import {
	InteractionContextType,
	MessageFlags,
	SlashCommandBuilder,
	type ChatInputCommandInteraction,
} from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import { renderHelp } from '../src/discord/render.ts';

export default {
	data: new SlashCommandBuilder()
		.setName('help')
		.setDescription('What this bot does, its commands and the articles it covers.')
		.setContexts(InteractionContextType.Guild),
	async execute(interaction: ChatInputCommandInteraction, { engine }) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		await interaction.editReply(renderHelp(engine.stats(), engine.sources()));
	},
} satisfies Command;
