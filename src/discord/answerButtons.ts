import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, SnowflakeUtil, type ButtonInteraction } from 'discord.js';
import type { StoredAnswer } from '../state/AnswerStore.ts';
import type { CommandContext } from './Command.ts';
import { renderAnswer, renderNotice, renderPassages, renderThreadName, type Payload } from './render.ts';

/** Show passages, 👍/👎, Post to channel and Follow up, for an answer stored under `answerId`. */
export async function handleAnswerButton(
	interaction: ButtonInteraction,
	action: string,
	answerId: string,
	{ answers }: CommandContext,
): Promise<void> {
	const recalled = await answers.recall(answerId, issuedAt(answerId));
	if (recalled.status !== 'found') {
		await replyPrivately(
			interaction,
			renderNotice(
				recalled.status === 'expired'
					? { kind: 'answer_expired', retentionDays: answers.retentionDays }
					: { kind: 'expired' },
			),
		);
		return;
	}
	const { result } = recalled.answer;
	if (action === 'passages' && result.kind !== 'not_covered') {
		const [first, ...rest] = renderPassages(result.citations);
		if (first !== undefined) await replyPrivately(interaction, first);
		for (const payload of rest) await interaction.followUp({ ...payload, flags: MessageFlags.Ephemeral });
	} else if (action === 'up' || action === 'down') {
		const first = await answers.vote(answerId, interaction.user.id, action);
		await replyPrivately(interaction, renderNotice({ kind: first ? 'feedback_recorded' : 'feedback_repeated' }));
	} else if (action === 'post') {
		const claim = await answers.claimPost(answerId, interaction.user.id);
		if (claim === 'claimed') {
			await interaction.update(renderAnswer(result, { answerId, posted: true }));
			await interaction.followUp(renderAnswer(result, { answerId, askedBy: interaction.user.id, offerFollowUp: true }));
		} else {
			await replyPrivately(interaction, renderNotice({ kind: claim === 'not_asker' ? 'not_asker' : 'already_posted' }));
		}
	} else if (action === 'followup') {
		await openFollowUpThread(interaction, recalled.answer, answers);
	} else {
		await replyPrivately(interaction, renderNotice({ kind: 'expired' }));
	}
}

/** Opens a thread on the answer's message, named after its question, whose conversation starts with that question. */
async function openFollowUpThread(
	interaction: ButtonInteraction,
	answer: StoredAnswer,
	answers: CommandContext['answers'],
): Promise<void> {
	if (interaction.channel?.isThread() === true) {
		await replyPrivately(interaction, renderNotice({ kind: 'in_thread' }));
		return;
	}
	const existing = await answers.threadOf(answer.id);
	if (existing !== undefined) {
		await replyPrivately(interaction, renderNotice({ kind: 'thread_exists', threadId: existing }));
		return;
	}
	try {
		const thread = await interaction.message.startThread({ name: renderThreadName(answer.result.question) });
		await answers.addTurn(thread.id, { question: answer.result.question, answerId: answer.id });
		await replyPrivately(interaction, renderNotice({ kind: 'thread_opened', threadId: thread.id }));
	} catch (error) {
		if (!(error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage))
			throw error;
		await replyPrivately(interaction, renderNotice({ kind: 'thread_exists' }));
	}
}

function issuedAt(id: string): Date | undefined {
	return /^\d{17,20}$/.test(id) ? new Date(SnowflakeUtil.timestampFrom(id)) : undefined;
}

async function replyPrivately(interaction: ButtonInteraction, payload: Payload): Promise<void> {
	await interaction.reply({ ...payload, flags: MessageFlags.Ephemeral });
}
