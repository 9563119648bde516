import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import { MAX_QUESTION } from '../src/discord/limits.ts';
import { renderSearch } from '../src/discord/render.ts';
import { autocompleteSource, resolveSource, SOURCE_OPTION } from '../src/discord/sourceOption.ts';

const RESULTS = 5;

export default {
	data: new SlashCommandBuilder()
		.setName('search')
		.setDescription('Show the passages that best match some words, without composing an answer.')
		.setContexts(InteractionContextType.Guild)
		.addStringOption((option) =>
			option.setName('query').setDescription('Words to look for').setRequired(true).setMaxLength(MAX_QUESTION),
		)
		.addStringOption((option) =>
			option.setName(SOURCE_OPTION).setDescription('Search this article only').setAutocomplete(true),
		),
	rateLimited: true,
	async execute(interaction: ChatInputCommandInteraction, { engine }) {
		await interaction.deferReply();
		const query = interaction.options.getString('query', true);
		const source = resolveSource(engine.sources(), interaction.options.getString(SOURCE_OPTION));
		await interaction.editReply(renderSearch(query, await engine.search(query, { source, k: RESULTS })));
	},
	async autocomplete(interaction, { engine }) {
		await autocompleteSource(interaction, engine);
	},
} satisfies Command;
