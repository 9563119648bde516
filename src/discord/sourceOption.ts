import type { AutocompleteInteraction } from 'discord.js';
import type { ArticleSummary } from '../corpus/types.ts';
import type { Engine } from '../engine/Engine.ts';
import { AppError } from '../errors.ts';
import { MAX_CHOICES } from './limits.ts';
import { renderChoices } from './render.ts';

export const SOURCE_OPTION = 'source';

/**
 * The corpus file a `source` option names: its file name (what autocomplete sends) or, when typed by hand, its title.
 * @throws AppError('UNKNOWN_SOURCE') when nothing matches.
 */
export function resolveSource(articles: readonly ArticleSummary[], typed: string | null): string | undefined {
	const wanted = typed?.trim() ?? '';
	if (wanted === '') return undefined;
	const lower = wanted.toLowerCase();
	const article =
		articles.find(({ file }) => file === wanted) ?? articles.find(({ title }) => title.toLowerCase() === lower);
	if (article === undefined) throw new AppError('UNKNOWN_SOURCE', `No article matches the source "${wanted}"`);
	return article.file;
}

/** Answers autocomplete for a `source` option from article titles, without touching the embedding model. */
export async function autocompleteSource(interaction: AutocompleteInteraction, engine: Engine): Promise<void> {
	const typed = interaction.options.getFocused().trim().toLowerCase();
	const matches = engine
		.sources()
		.filter(
			({ title, file }) => typed === '' || title.toLowerCase().includes(typed) || file.toLowerCase().includes(typed),
		)
		.slice(0, MAX_CHOICES)
		.map(({ title, publisher, date, file }) => ({
			name: [title, [publisher, date].filter(Boolean).join(', ')].filter(Boolean).join(' — '),
			value: file,
		}));
	await interaction.respond(renderChoices(matches));
}
