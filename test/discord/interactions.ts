import {
	ApplicationCommandOptionType,
	ApplicationCommandType,
	ChannelType,
	ComponentType,
	GuildMemberFlags,
	InteractionContextType,
	InteractionType,
	Locale,
	type APIApplicationCommandAutocompleteGuildInteraction,
	type APIApplicationCommandInteractionDataBasicOption,
	type APIAttachment,
	type APIChatInputApplicationCommandGuildInteraction,
	type APIGuildInteractionWrapper,
	type APIMessage,
	type APIMessageApplicationCommandGuildInteraction,
	type APIMessageComponentButtonInteraction,
	type APIMessageComponentSelectMenuInteraction,
	type APIModalSubmitGuildInteraction,
	type APIUserApplicationCommandGuildInteraction,
	type APIInteractionGuildMember,
} from 'discord.js';
import { APP_ID, BOT_USER, CHANNEL_ID, fakeMessage, GUILD_ID, snowflake } from './fakeDiscord.ts';

export interface FakeUser {
	readonly id: string;
	readonly username: string;
}

export const ALICE: FakeUser = { id: '1300000000000000001', username: 'alice' };
export const BOB: FakeUser = { id: '1300000000000000002', username: 'bob' };

const ALL_PERMISSIONS = '2251799813685247';

export function user(index: number): FakeUser {
	return { id: String(1_400_000_000_000_000_000n + BigInt(index)), username: `user${index}` };
}

type GuildBase = Omit<APIGuildInteractionWrapper<APIChatInputApplicationCommandGuildInteraction>, 'type' | 'data'>;

function base(who: FakeUser, createdAt = Date.now()): GuildBase {
	const id = snowflake(createdAt);
	const member: APIInteractionGuildMember = {
		user: { id: who.id, username: who.username, discriminator: '0', global_name: who.username, avatar: null },
		roles: [],
		joined_at: '2024-01-01T00:00:00.000Z',
		deaf: false,
		mute: false,
		flags: GuildMemberFlags.CompletedOnboarding,
		permissions: ALL_PERMISSIONS,
		avatar: null,
		premium_since: null,
		pending: false,
		banner: null,
	};
	return {
		id,
		application_id: APP_ID,
		token: `token-${id}`,
		version: 1,
		guild_id: GUILD_ID,
		guild: { id: GUILD_ID, locale: Locale.EnglishUS, features: [] },
		channel_id: CHANNEL_ID,
		channel: { id: CHANNEL_ID, type: ChannelType.GuildText, name: 'general', guild_id: GUILD_ID },
		member,
		app_permissions: ALL_PERMISSIONS,
		locale: Locale.EnglishUS,
		guild_locale: Locale.EnglishUS,
		entitlements: [],
		authorizing_integration_owners: { 0: GUILD_ID },
		context: InteractionContextType.Guild,
		attachment_size_limit: 10_485_760,
	};
}

/** An option's value: text, a boolean, or an uploaded file (from the fake's `attach`). */
export type OptionValue = string | boolean | APIAttachment;

function optionsOf(options: Record<string, OptionValue>): APIApplicationCommandInteractionDataBasicOption[] {
	return Object.entries(options).map(([name, value]) =>
		typeof value === 'boolean'
			? { name, type: ApplicationCommandOptionType.Boolean, value }
			: typeof value === 'string'
				? { name, type: ApplicationCommandOptionType.String, value }
				: { name, type: ApplicationCommandOptionType.Attachment, value: value.id },
	);
}

function attachmentsOf(options: Record<string, OptionValue>): Record<string, APIAttachment> {
	const files = Object.values(options).filter((value): value is APIAttachment => typeof value === 'object');
	return Object.fromEntries(files.map((file) => [file.id, file]));
}

/** A slash command; `createdAt` (default now) is when Discord created it, which starts its token's 15 minutes. */
export function slashCommand(
	name: string,
	options: Record<string, OptionValue> = {},
	who: FakeUser = ALICE,
	createdAt?: number,
): APIChatInputApplicationCommandGuildInteraction {
	return {
		...base(who, createdAt),
		type: InteractionType.ApplicationCommand,
		data: {
			id: commandId(name),
			name,
			type: ApplicationCommandType.ChatInput,
			guild_id: GUILD_ID,
			options: optionsOf(options),
			...(Object.keys(attachmentsOf(options)).length === 0
				? {}
				: { resolved: { attachments: attachmentsOf(options) } }),
		},
	};
}

/** An autocomplete request for the focused option, with the options already filled in, as Discord sends them. */
export function autocomplete(
	name: string,
	focused: { name: string; value: string },
	who: FakeUser = ALICE,
	filled: Record<string, string | boolean> = {},
): APIApplicationCommandAutocompleteGuildInteraction {
	return {
		...base(who),
		type: InteractionType.ApplicationCommandAutocomplete,
		data: {
			id: commandId(name),
			name,
			type: ApplicationCommandType.ChatInput,
			guild_id: GUILD_ID,
			options: [
				...optionsOf(filled),
				{ name: focused.name, type: ApplicationCommandOptionType.String, value: focused.value, focused: true },
			],
		},
	};
}

export function messageCommand(
	name: string,
	target: APIMessage,
	who: FakeUser = ALICE,
): APIMessageApplicationCommandGuildInteraction {
	return {
		...base(who),
		type: InteractionType.ApplicationCommand,
		data: {
			id: commandId(name),
			name,
			type: ApplicationCommandType.Message,
			guild_id: GUILD_ID,
			target_id: target.id,
			resolved: { messages: { [target.id]: target } },
		},
	};
}

export function buttonClick(
	customId: string,
	message: APIMessage,
	who: FakeUser = ALICE,
): APIMessageComponentButtonInteraction {
	return {
		...base(who),
		type: InteractionType.MessageComponent,
		message,
		data: { custom_id: customId, component_type: ComponentType.Button },
	} as APIMessageComponentButtonInteraction;
}

export function userCommand(
	name: string,
	target: FakeUser,
	who: FakeUser = ALICE,
): APIUserApplicationCommandGuildInteraction {
	const { member } = base(target);
	return {
		...base(who),
		type: InteractionType.ApplicationCommand,
		data: {
			id: commandId(name),
			name,
			type: ApplicationCommandType.User,
			guild_id: GUILD_ID,
			target_id: target.id,
			resolved: { users: { [target.id]: member.user } },
		},
	};
}

export function selectMenu(
	customId: string,
	message: APIMessage,
	values: string[],
	who: FakeUser = ALICE,
): APIMessageComponentSelectMenuInteraction {
	return {
		...base(who),
		type: InteractionType.MessageComponent,
		message,
		data: { custom_id: customId, component_type: ComponentType.StringSelect, values },
	} as APIMessageComponentSelectMenuInteraction;
}

export function modalSubmit(customId: string, who: FakeUser = ALICE): APIModalSubmitGuildInteraction {
	return {
		...base(who),
		type: InteractionType.ModalSubmit,
		data: {
			custom_id: customId,
			components: [
				{
					type: ComponentType.ActionRow,
					components: [{ type: ComponentType.TextInput, custom_id: 'text', value: 'typed' }],
				},
			],
		},
	} as APIModalSubmitGuildInteraction;
}

export interface PostedBy {
	readonly author?: FakeUser;
	/** A bot's message (another app, or Footnote itself when `author` is left out). */
	readonly bot?: boolean;
	readonly channelId?: string;
	/** Whether the message pings the bot the way typing @Footnote does. */
	readonly mentionsBot?: boolean;
	readonly mentionRoles?: readonly string[];
	readonly everyone?: boolean;
	/** The message this one replies to. */
	readonly replyTo?: APIMessage;
}

/** A message someone posts in a channel of the guild, as MESSAGE_CREATE delivers it. */
export function channelMessage(
	content: string,
	{
		author,
		bot = false,
		channelId = CHANNEL_ID,
		mentionsBot = false,
		mentionRoles = [],
		everyone = false,
		replyTo,
	}: PostedBy = {},
): APIMessage {
	const who =
		author === undefined && bot
			? BOT_USER
			: { ...(author ?? ALICE), discriminator: '0', global_name: null, avatar: null, ...(bot ? { bot: true } : {}) };
	return fakeMessage({
		channel_id: channelId,
		author: who,
		content,
		mentions: mentionsBot ? [BOT_USER] : [],
		mention_roles: [...mentionRoles],
		mention_everyone: everyone,
		...(replyTo === undefined
			? {}
			: {
					message_reference: { message_id: replyTo.id, channel_id: replyTo.channel_id, guild_id: GUILD_ID },
					referenced_message: replyTo,
				}),
	});
}

/** An interaction sent from inside a thread instead of the guild's text channel. */
export function inThread<T extends { channel_id?: string; channel?: unknown }>(interaction: T, threadId: string): T {
	return {
		...interaction,
		channel_id: threadId,
		channel: {
			id: threadId,
			type: ChannelType.PublicThread,
			guild_id: GUILD_ID,
			parent_id: CHANNEL_ID,
			name: 'thread',
		},
	};
}

const commandIds = new Map<string, string>();
function commandId(name: string): string {
	const existing = commandIds.get(name);
	if (existing !== undefined) return existing;
	const id = snowflake();
	commandIds.set(name, id);
	return id;
}

/** The same interaction (a command or a click) coming from another guild, for routing to the shard it belongs to. */
export function inGuild<
	T extends APIChatInputApplicationCommandGuildInteraction | APIMessageComponentButtonInteraction,
>(interaction: T, guildId: string): T {
	const { guild, channel } = interaction as GuildBase;
	return {
		...interaction,
		guild_id: guildId,
		guild: { ...guild, id: guildId },
		channel: { ...channel, guild_id: guildId },
		authorizing_integration_owners: { 0: guildId },
	};
}
