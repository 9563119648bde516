import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, type ButtonInteraction } from 'discord.js';
import type { RememberedAnswer } from './AnswerMemory.ts';
import type { CommandContext } from './Command.ts';
import { renderAnswer, renderNotice, renderPassages, type Payload } from './render.ts';

const CANNOT_POST_CODES: ReadonlySet<unknown> = new Set([
	RESTJSONErrorCodes.MissingAccess,
	RESTJSONErrorCodes.MissingPermissions,
]);

/** Show passages, 👍/👎 and Post to channel, for an answer remembered under `answerId`. */
export async function handleAnswerButton(
	interaction: ButtonInteraction,
	action: string,
	answerId: string,
	{ answers, feedback }: CommandContext,
): Promise<void> {
	const remembered = answers.recall(answerId);
	if (remembered === undefined) {
		await replyPrivately(interaction, renderNotice({ kind: 'expired' }));
		return;
	}
	const { result } = remembered;
	if (action === 'passages' && result.kind === 'answered') {
		const [first, ...rest] = renderPassages(result.citations);
		if (first !== undefined) await replyPrivately(interaction, first);
		for (const payload of rest) await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
	} else if (action === 'up' || action === 'down') {
		await feedback.record({
			command: remembered.command,
			question: result.question,
			verdict: action,
			userId: interaction.user.id,
			citations: result.kind === 'answered' ? result.citations.map(({ passage }) => passage.id) : [],
		});
		await replyPrivately(interaction, renderNotice({ kind: 'feedback_recorded' }));
	} else if (action === 'post') {
		await interaction.deferReply({ flags: MessageFlags.Ephemeral });
		await interaction.editReply(renderNotice({ kind: await postToChannel(interaction, remembered, answerId) }));
	} else {
		await replyPrivately(interaction, renderNotice({ kind: 'expired' }));
	}
}

async function postToChannel(
	interaction: ButtonInteraction,
	remembered: RememberedAnswer,
	answerId: string,
): Promise<'posted' | 'cannot_post'> {
	const channel = interaction.channel;
	if (channel === null || !channel.isSendable()) return 'cannot_post';
	try {
		await channel.send(renderAnswer(remembered.result, { answerId, isPrivate: false, askedBy: remembered.askerId }));
		return 'posted';
	} catch (error) {
		if (error instanceof DiscordAPIError && CANNOT_POST_CODES.has(error.code)) return 'cannot_post';
		throw error;
	}
}

async function replyPrivately(interaction: ButtonInteraction, payload: Payload): Promise<void> {
	await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}
