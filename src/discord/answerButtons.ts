import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { CommandContext } from './Command.ts';
import { renderAnswer, renderNotice, renderPassages, type Payload } from './render.ts';

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
	const { result, askerId } = remembered;
	if (action === 'passages' && result.kind === 'answered') {
		const [first, ...rest] = renderPassages(result.citations);
		if (first !== undefined) await replyPrivately(interaction, first);
		for (const payload of rest) await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
	} else if (action === 'up' || action === 'down') {
		const first = answers.firstVote(answerId, interaction.user.id);
		await replyPrivately(interaction, renderNotice({ kind: first ? 'feedback_recorded' : 'feedback_repeated' }));
		if (!first) return;
		await feedback.record({
			command: remembered.command,
			question: result.question,
			verdict: action,
			userId: interaction.user.id,
			citations: result.kind === 'answered' ? result.citations.map(({ passage }) => passage.id) : [],
		});
	} else if (action === 'post') {
		if (interaction.user.id !== askerId) {
			await replyPrivately(interaction, renderNotice({ kind: 'not_asker' }));
		} else if (!answers.firstPost(answerId)) {
			await replyPrivately(interaction, renderNotice({ kind: 'already_posted' }));
		} else {
			await interaction.update(renderAnswer(result, { answerId, posted: true }));
			await interaction.followUp(renderAnswer(result, { answerId, askedBy: askerId }));
		}
	} else {
		await replyPrivately(interaction, renderNotice({ kind: 'expired' }));
	}
}

async function replyPrivately(interaction: ButtonInteraction, payload: Payload): Promise<void> {
	await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}
