import {
	InteractionContextType,
	MessageFlags,
	SlashCommandBuilder,
	type ChatInputCommandInteraction,
} from 'discord.js';
import { handleAnswerButton } from '../src/discord/answerButtons.ts';
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
import { renderAnswer } from '../src/discord/render.ts';
import { resolveSource, SOURCE_OPTION } from '../src/discord/sourceOption.ts';

export default {
	data: new SlashCommandBuilder()
		.setName('ask')
		.setDescription('Ask a question; the answer quotes the articles, with footnotes.')
		.setContexts(InteractionContextType.Guild)
		.addStringOption((option) =>
			option.setName('question').setDescription('Your question').setRequired(true).setMaxLength(MAX_QUESTION),
		)
		.addStringOption((option) =>
			option.setName(SOURCE_OPTION).setDescription('Answer from this article only').setAutocomplete(true),
		)
		.addBooleanOption((option) =>
			option.setName('private').setDescription('Show the answer only to you; you can post it afterwards'),
		)
		.addStringOption(afterOption)
		.addStringOption(beforeOption)
		.addStringOption(publisherOption)
		.addBooleanOption(newestOption),
	rateLimited: true,
	async execute(interaction: ChatInputCommandInteraction, { engine, answers }) {
		const isPrivate = interaction.options.getBoolean('private') ?? false;
		await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
		const source = resolveSource(engine.sources(), interaction.options.getString(SOURCE_OPTION));
		const result = await engine.ask(interaction.options.getString('question', true), {
			source,
			...filterOptions(interaction),
		});
		answers.remember(interaction.id, { command: 'ask', askerId: interaction.user.id, result });
		await interaction.editReply(renderAnswer(result, { answerId: interaction.id, offerPost: isPrivate }));
	},
	async autocomplete(interaction, { engine }) {
		await autocompleteSourceOrPublisher(interaction, engine);
	},
	async button(interaction, action, argument, context) {
		await handleAnswerButton(interaction, action, argument, context);
	},
} satisfies Command;
