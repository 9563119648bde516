import type {
	AutocompleteInteraction,
	ChatInputCommandInteraction,
	SlashCommandBooleanOption,
	SlashCommandStringOption,
} from 'discord.js';
import type { Engine, QueryOptions } from '../engine/Engine.ts';
import { corpusPublishers, publishersOf } from '../retrieval/filterArticles.ts';
import { MAX_CHOICES } from './limits.ts';
import { renderChoices } from './render.ts';
import { autocompleteSource } from './sourceOption.ts';

const PUBLISHER_OPTION = 'publisher';
/** Room for a date however it is written ("12 September 2025"). */
const MAX_DATE_INPUT = 40;
const MAX_PUBLISHER_INPUT = 100;

export const afterOption = (option: SlashCommandStringOption) =>
	option
		.setName('after')
		.setDescription('Only articles published on or after this date: 2025-05-12, 12 May 2025 or 2025-05')
		.setMaxLength(MAX_DATE_INPUT);

export const beforeOption = (option: SlashCommandStringOption) =>
	option
		.setName('before')
		.setDescription('Only articles published on or before this date; a month or year counts whole')
		.setMaxLength(MAX_DATE_INPUT);

export const publisherOption = (option: SlashCommandStringOption) =>
	option
		.setName(PUBLISHER_OPTION)
		.setDescription('Only articles from this publisher')
		.setAutocomplete(true)
		.setMaxLength(MAX_PUBLISHER_INPUT);

export const newestOption = (option: SlashCommandBooleanOption) =>
	option.setName('newest').setDescription('When several articles say the same thing, quote the newest');

/** The filters a member set on /ask or /search; the engine checks them and says what is wrong. */
export function filterOptions(interaction: ChatInputCommandInteraction): QueryOptions {
	const after = interaction.options.getString('after')?.trim();
	const before = interaction.options.getString('before')?.trim();
	const publisher = interaction.options.getString(PUBLISHER_OPTION)?.trim();
	return {
		...(after ? { after } : {}),
		...(before ? { before } : {}),
		...(publisher ? { publisher } : {}),
		...(interaction.options.getBoolean('newest') === true ? { newest: true } : {}),
	};
}

/** Suggests the corpus's publishers that contain what was typed, each with its number of articles. */
async function autocompletePublisher(interaction: AutocompleteInteraction, engine: Engine): Promise<void> {
	const typed = interaction.options.getFocused().trim().toLowerCase();
	const articles = engine.sources();
	const choices = corpusPublishers(articles)
		.filter((name) => name.toLowerCase().includes(typed))
		.slice(0, MAX_CHOICES)
		.map((name) => {
			const count = articles.filter((article) =>
				publishersOf(article).some((other) => other.toLowerCase() === name.toLowerCase()),
			).length;
			return { name: `${name} (${count} article${count === 1 ? '' : 's'})`, value: name };
		});
	await interaction.respond(renderChoices(choices));
}

/** Autocomplete for a command with `source:` and the filters: publishers for `publisher:`, articles for `source:`. */
export async function autocompleteSourceOrPublisher(
	interaction: AutocompleteInteraction,
	engine: Engine,
): Promise<void> {
	if (interaction.options.getFocused(true).name === PUBLISHER_OPTION) await autocompletePublisher(interaction, engine);
	else await autocompleteSource(interaction, engine);
}
