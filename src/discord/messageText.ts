import type { Message } from 'discord.js';

/**
 * The text of a message to look up: its content, or else the text of its embeds (a link preview, or one of this bot's
 * answers) with footnote markers, markdown escapes and quote prefixes taken out.
 */
export function messageText(message: Message): string {
	const content = message.content.trim();
	if (content !== '') return content;
	return message.embeds
		.flatMap((embed) => [embed.title, embed.description, ...embed.fields.flatMap(({ name, value }) => [name, value])])
		.filter((text): text is string => typeof text === 'string' && text.trim() !== '')
		.join('\n')
		.replaceAll(/\**\[\d+\]\**/g, '')
		.replaceAll(/\\(.)/g, '$1')
		.replaceAll(/^> /gm, '')
		.trim();
}
