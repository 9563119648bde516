import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import {
	afterOption,
	autocompleteSourceOrPublisher,
	beforeOption,
	filterOptions,
	newestOption,
	publisherOption,
} from '../src/discord/filterOptions.ts';
import { MAX_QUESTION } from '../src/discord/limits.ts';
import { renderSearch } from '../src/discord/render.ts';
import { resolveSource, SOURCE_OPTION } from '../src/discord/sourceOption.ts';

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
		await autocompleteSourceOrPublisher(interaction, engine);
	},
} satisfies Command;
