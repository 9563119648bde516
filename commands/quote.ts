import {
	InteractionContextType,
	MessageFlags,
	SlashCommandBuilder,
	type ChatInputCommandInteraction,
} from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import { MAX_CHOICES } from '../src/discord/limits.ts';
import { renderNotice, renderPassageChoices, renderQuote } from '../src/discord/render.ts';
import type { PassageMatch } from '../src/engine/Engine.ts';

/** Room for a passage ref picked from the suggestions, or a sentence typed or pasted from a passage. */
const MAX_TYPED_PASSAGE = 300;
const PASSAGE_REF = /^\S+#\d+$/;

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
				.setMaxLength(MAX_TYPED_PASSAGE),
		),
	async execute(interaction: ChatInputCommandInteraction, { engine }) {
		const wanted = interaction.options.getString('passage', true).trim();
		const isRef = PASSAGE_REF.test(wanted);
		const match = engine.passage(wanted) ?? (isRef ? undefined : engine.matchPassages(wanted, 1)[0]);
		if (match === undefined) {
			const notice = renderNotice(isRef ? { kind: 'passage_gone' } : { kind: 'no_passage_match', typed: wanted });
			await interaction.reply({ ...notice, flags: MessageFlags.Ephemeral });
			return;
		}
		await interaction.reply(renderQuote(match));
	},
	async autocomplete(interaction, { engine }) {
		const typed = interaction.options.getFocused();
		const exact = engine.passage(typed.trim());
		const matches = new Map<string, PassageMatch>(exact === undefined ? [] : [[exact.passage.id, exact]]);
		for (const match of engine.matchPassages(typed, MAX_CHOICES)) matches.set(match.passage.id, match);
		await interaction.respond(renderPassageChoices([...matches.values()], typed));
	},
} satisfies Command;
