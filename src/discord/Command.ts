import type {
	AutocompleteInteraction,
	ButtonInteraction,
	ChatInputCommandInteraction,
	MessageContextMenuCommandInteraction,
	RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { QuestionCondenser } from '../conversation/condenseFollowUp.ts';
import type { ReindexableEngine } from '../engine/Engine.ts';
import type { FetchPolicy } from '../fetch/guardedFetch.ts';
import type { Logger } from '../logger.ts';
import type { AnswerStore } from '../state/AnswerStore.ts';

/** What a command's handlers may use; built once by the composition root. */
export interface CommandContext {
	readonly engine: ReindexableEngine;
	readonly answers: AnswerStore;
	/** Makes a follow-up in a thread searchable from the thread's earlier questions. */
	readonly condenser: QuestionCondenser;
	readonly logger: Logger;
	/** What /add may fetch: the addresses allowed beyond public ones. */
	readonly fetchPolicy: FetchPolicy;
}

export type CommandInteraction = ChatInputCommandInteraction | MessageContextMenuCommandInteraction;

/** A slash or context-menu command: its registration data and its handlers. */
export interface Command<Interaction extends CommandInteraction = CommandInteraction> {
	readonly data: { readonly name: string; toJSON(): RESTPostAPIApplicationCommandsJSONBody };
	/** Counts against the per-user rate limit. */
	readonly rateLimited?: boolean;
	execute(interaction: Interaction, context: CommandContext): Promise<void>;
	autocomplete?(interaction: AutocompleteInteraction, context: CommandContext): Promise<void>;
	/** Handles this command's buttons, whose custom_id starts with the command's name. */
	button?(interaction: ButtonInteraction, action: string, argument: string, context: CommandContext): Promise<void>;
}
