import {
	InteractionContextType,
	MessageFlags,
	PermissionFlagsBits,
	SlashCommandBuilder,
	type ChatInputCommandInteraction,
} from 'discord.js';
import type { Command } from '../src/discord/Command.ts';
import { renderAdded, renderNotice } from '../src/discord/render.ts';
import type { AddResult } from '../src/engine/addDocument.ts';
import { isAppError } from '../src/errors.ts';
import { fetchAttachment, fetchPage } from '../src/fetch/fetchDocument.ts';

/** Longest link accepted; longer ones are not article addresses. */
const MAX_URL = 2_000;

export default {
	data: new SlashCommandBuilder()
		.setName('add')
		.setDescription('Add an article to the corpus from a link or a file, and index it.')
		.setContexts(InteractionContextType.Guild)
		.setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
		.addStringOption((option) =>
			option.setName('url').setDescription('A link to the article (http or https)').setMaxLength(MAX_URL),
		)
		.addAttachmentOption((option) =>
			option.setName('file').setDescription('The article as a file (.txt, .md, .html and the other corpus formats)'),
		),
	async execute(interaction: ChatInputCommandInteraction, { engine, fetchPolicy }) {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		const url = interaction.options.getString('url')?.trim() || undefined;
		const file = interaction.options.getAttachment('file') ?? undefined;
		if ((url === undefined) === (file === undefined)) {
			await interaction.editReply(renderNotice({ kind: 'add_needs_one' }));
			return;
		}
		let result: AddResult;
		try {
			const document =
				file === undefined ? await fetchPage(url ?? '', fetchPolicy) : await fetchAttachment(file, fetchPolicy);
			result = await engine.add(document);
		} catch (error) {
			if (!isAppError(error, 'DOCUMENT_REFUSED')) throw error;
			result = { kind: 'refused', reason: error.message };
		}
		await interaction.editReply(renderAdded(result));
	},
} satisfies Command;
