import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import { renderSources } from '../src/discord/render.ts';

export default {
	data: new SlashCommandBuilder()
		.setName('sources')
		.setDescription('List the articles in the index.')
		.setContexts(InteractionContextType.Guild),
	async execute(interaction: ChatInputCommandInteraction, { engine }) {
		await interaction.deferReply();
		await interaction.editReply(renderSources(engine.sources(), 0));
	},
	async button(interaction, _action, argument, { engine }) {
		await interaction.update(renderSources(engine.sources(), Number.parseInt(argument, 10) || 0));
	},
} satisfies Command;
