import { expect } from 'vitest';
import type { APIActionRowComponent, APIButtonComponentWithCustomId, APIEmbed } from 'discord.js';
import * as limits from '../../src/discord/limits.ts';

export interface MessageBody {
	readonly content?: string;
	readonly embeds?: APIEmbed[];
	readonly components?: APIActionRowComponent<APIButtonComponentWithCustomId>[];
	readonly allowed_mentions?: unknown;
	readonly flags?: number;
}

/** The message a request creates or edits: the body itself, or `data` of an interaction callback. */
export function messageOf(body: Record<string, unknown> | undefined): MessageBody {
	if (body === undefined) throw new Error('request had no body');
	return ('type' in body && 'data' in body ? body['data'] : body) as MessageBody;
}

export function embedLength(embed: APIEmbed): number {
	return (
		(embed.title?.length ?? 0) +
		(embed.description?.length ?? 0) +
		(embed.footer?.text.length ?? 0) +
		(embed.author?.name.length ?? 0) +
		(embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
	);
}

/** Discord's message limits, and no mention parsing. */
export function expectWithinLimits(message: MessageBody): void {
	expect(message.allowed_mentions).toEqual({ parse: [] });
	expect(message.content?.length ?? 0).toBeLessThanOrEqual(limits.MAX_CONTENT);
	const embeds = message.embeds ?? [];
	expect(embeds.length).toBeLessThanOrEqual(limits.MAX_EMBEDS);
	expect(embeds.reduce((sum, embed) => sum + embedLength(embed), 0)).toBeLessThanOrEqual(limits.MAX_EMBEDS_TOTAL);
	for (const embed of embeds) {
		expect(embed.title?.length ?? 0).toBeLessThanOrEqual(limits.MAX_EMBED_TITLE);
		expect(embed.description?.length ?? 0).toBeLessThanOrEqual(limits.MAX_EMBED_DESCRIPTION);
		expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(limits.MAX_EMBED_FOOTER);
		expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(limits.MAX_EMBED_FIELDS);
		for (const field of embed.fields ?? []) {
			expect(field.name.length).toBeLessThanOrEqual(limits.MAX_FIELD_NAME);
			expect(field.value.length).toBeLessThanOrEqual(limits.MAX_FIELD_VALUE);
		}
	}
	const rows = message.components ?? [];
	expect(rows.length).toBeLessThanOrEqual(limits.MAX_ACTION_ROWS);
	for (const row of rows) {
		expect(row.components.length).toBeLessThanOrEqual(limits.MAX_BUTTONS_PER_ROW);
		for (const button of row.components) expect(button.custom_id.length).toBeLessThanOrEqual(limits.MAX_CUSTOM_ID);
	}
}

export function customIds(message: MessageBody): string[] {
	return (message.components ?? []).flatMap((row) => row.components.map((button) => button.custom_id));
}

/** Every visible string of a message, for checks that text never reaches Discord raw. */
export function visibleText(message: MessageBody): string {
	const embeds = (message.embeds ?? []).flatMap((embed) => [
		embed.title ?? '',
		embed.description ?? '',
		embed.footer?.text ?? '',
		...(embed.fields ?? []).flatMap((field) => [field.name, field.value]),
	]);
	return [message.content ?? '', ...embeds].join('\n');
}
