import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import {
	afterOption,
	autocompletePublisher,
	beforeOption,
	filterOptions,
	newestOption,
	PUBLISHER_OPTION,
	publisherOption,
} from '../src/discord/filterOptions.ts';
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
		)
		.addStringOption(afterOption)
		.addStringOption(beforeOption)
		.addStringOption(publisherOption)
		.addBooleanOption(newestOption),
	rateLimited: true,
	async execute(interaction: ChatInputCommandInteraction, { engine }) {
		await interaction.deferReply();
		const query = interaction.options.getString('query', true);
		const source = resolveSource(engine.sources(), interaction.options.getString(SOURCE_OPTION));
		const results = await engine.search(query, { source, k: RESULTS, ...filterOptions(interaction) });
		await interaction.editReply(renderSearch(query, results));
	},
	async autocomplete(interaction, { engine }) {
		if (interaction.options.getFocused(true).name === PUBLISHER_OPTION)
			await autocompletePublisher(interaction, engine);
		else await autocompleteSource(interaction, engine);
	},
} satisfies Command;
