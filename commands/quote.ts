import { InteractionContextType, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import { AppError } from '../src/errors.ts';
import { MAX_CHOICES, MAX_QUESTION } from '../src/discord/limits.ts';
import { renderChoices, renderQuote } from '../src/discord/render.ts';

export default {
	data: new SlashCommandBuilder()
		.setName('quote')
		.setDescription('Post a passage from the articles as a quote, with its source.')
		.setContexts(InteractionContextType.Guild)
		.addStringOption((option) =>
			option
				.setName('passage')
				.setDescription('Start typing words from the passage')
				.setRequired(true)
				.setAutocomplete(true)
				.setMaxLength(MAX_QUESTION),
		),
	async execute(interaction: ChatInputCommandInteraction, { engine }) {
		await interaction.deferReply();
		const wanted = interaction.options.getString('passage', true);
		const match = engine.passage(wanted) ?? engine.matchPassages(wanted, 1)[0];
		if (match === undefined) throw new AppError('UNKNOWN_PASSAGE', `No passage matches "${wanted}"`);
		await interaction.editReply(renderQuote(match));
	},
	async autocomplete(interaction, { engine }) {
		const matches = engine.matchPassages(interaction.options.getFocused(), MAX_CHOICES);
		await interaction.respond(
			renderChoices(
				matches.map(({ passage, article }) => ({ name: `${article.title}: ${passage.text}`, value: passage.id })),
			),
		);
	},
} satisfies Command;
