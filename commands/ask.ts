import {
	InteractionContextType,
	MessageFlags,
	SlashCommandBuilder,
	type ChatInputCommandInteraction,
} from 'discord.js';
import { handleAnswerButton } from '../src/discord/answerButtons.ts';
import { answerQuestion } from '../src/discord/answerQuestion.ts';
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
	async execute(interaction: ChatInputCommandInteraction, context) {
		const { engine, answers } = context;
		const isPrivate = interaction.options.getBoolean('private') ?? false;
		// After a restart the thread may not be cached yet; the stored conversation still says it is one.
		const inThread = interaction.channel?.isThread() ?? (await answers.turns(interaction.channelId)).length > 0;
		const pending = {
			id: interaction.id,
			applicationId: interaction.applicationId,
			token: interaction.token,
			askerId: interaction.user.id,
			channelId: interaction.channelId,
			threadId: inThread ? interaction.channelId : undefined,
			question: interaction.options.getString('question', true),
			source: interaction.options.getString(SOURCE_OPTION) ?? undefined,
			ephemeral: isPrivate,
			createdAt: interaction.createdAt,
		};
		// Recorded before anything else, so that an answer the process dies in the middle of is sent on the next start.
		await answers.addPending(pending);
		try {
			await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
			const source = resolveSource(engine.sources(), pending.source ?? null);
			const result = await answerQuestion(context, { ...pending, source, filters: filterOptions(interaction) });
			await interaction.editReply(
				renderAnswer(result, {
					answerId: interaction.id,
					offerPost: isPrivate,
					offerFollowUp: !isPrivate && !inThread,
				}),
			);
		} finally {
			await answers.completePending(interaction.id);
		}
	},
	async autocomplete(interaction, { engine }) {
		await autocompleteSourceOrPublisher(interaction, engine);
	},
	async button(interaction, action, argument, context) {
		await handleAnswerButton(interaction, action, argument, context);
	},
} satisfies Command;
