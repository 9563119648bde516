import type { Message } from 'discord.js';

/**
 * The text of a message to look up: its content, or else the text of its embeds (a link preview, or one of this bot's
 * answers) with links, footnote markers, markdown escapes and quote prefixes taken out. Field names are left out: on an answer
 * they are source headings ("Title — Author, Publisher, 9 Nov 2017"), whose numbers are no part of the claim.
 */
export function messageText(message: Message): string {
	const content = message.content.trim();
	if (content !== '') return content;
	return message.embeds
		.flatMap((embed) => [embed.title, embed.description, ...embed.fields.map(({ value }) => value)])
		.filter((text): text is string => typeof text === 'string' && text.trim() !== '')
		.join('\n')
		.replaceAll(/\[[^\]]*\]\(<?https?:[^)]*\)/gu, '')
		.replaceAll(/\**\[\d+\]\**/g, '')
		.replaceAll(/\\(.)/g, '$1')
		.replaceAll(/^> /gm, '')
		.trim();
}
