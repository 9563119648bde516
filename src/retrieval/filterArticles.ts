import type { ArticleSummary } from '../corpus/types.ts';
import { AppError } from '../errors.ts';
import { parseDateInput } from '../text/parseDateInput.ts';

/** Narrowing a question to some articles; dates as a person types them (see {@link parseDateInput}). */
export interface ArticleFilters {
	/** One corpus file, by its name as in `ArticleSummary.file`. */
	readonly source?: string;
	/** Only articles published on or after this day (a month or year counts from its first day). */
	readonly after?: string;
	/** Only articles published on or before this day (a month or year counts to its last day). */
	readonly before?: string;
	/** Only articles from this publisher, or syndicated to it (case does not matter). */
	readonly publisher?: string;
}

/** Files named in the error for an unknown source or publisher. */
const LISTED = 5;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}/u;

function listed(names: readonly string[]): string {
	const more = names.length > LISTED ? ` and ${names.length - LISTED} more` : '';
	return `${names.slice(0, LISTED).join(', ')}${more}`;
}

function normalise(name: string): string {
	return name.trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** Every publisher an article appeared under: its own and those of its syndicated copies. */
export function publishersOf(article: ArticleSummary): string[] {
	return [article.publisher, ...(article.alsoIn ?? [])].filter((name): name is string => Boolean(name?.trim()));
}

/** The distinct publishers of the corpus, sorted, for autocomplete and error messages. */
export function corpusPublishers(articles: readonly ArticleSummary[]): string[] {
	const byKey = new Map<string, string>();
	for (const name of articles.flatMap(publishersOf)) if (!byKey.has(normalise(name))) byKey.set(normalise(name), name);
	return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}

/** The article's publication day (ISO), when it states one in a form that can be compared. */
export function publicationDay(article: ArticleSummary): string | undefined {
	return article.date !== undefined && ISO_DAY.test(article.date) ? article.date.slice(0, 10) : undefined;
}

function describeFilters(filters: ArticleFilters, from: string | undefined, to: string | undefined): string {
	const parts = [
		filters.source === undefined ? '' : `in ${filters.source}`,
		filters.publisher === undefined ? '' : `from ${filters.publisher}`,
		from === undefined ? '' : `published on or after ${from}`,
		to === undefined ? '' : `${from === undefined ? 'published ' : ''}on or before ${to}`,
	];
	return parts.filter(Boolean).join(', ');
}

/**
 * The files retrieval may return under `filters`, or undefined when nothing is filtered. An article without a date is
 * left out by a date filter, since it cannot be shown to fall inside the range.
 * @throws AppError('UNKNOWN_SOURCE' | 'UNKNOWN_PUBLISHER') for a name the corpus does not have;
 *   AppError('DATE_INVALID') for a date that cannot be read; AppError('NO_MATCHING_ARTICLES') when no article passes.
 */
export function allowedFiles(
	articles: readonly ArticleSummary[],
	filters: ArticleFilters,
): ReadonlySet<string> | undefined {
	const { source, publisher } = filters;
	if (source !== undefined && !articles.some((article) => article.file === source)) {
		const files = listed(articles.map((article) => article.file));
		throw new AppError('UNKNOWN_SOURCE', `No indexed article is called ${source}; the index has ${files}.`);
	}
	const wanted = publisher === undefined ? undefined : normalise(publisher);
	if (
		wanted !== undefined &&
		!articles.some((article) => publishersOf(article).some((name) => normalise(name) === wanted))
	) {
		const known = corpusPublishers(articles);
		const names = known.length === 0 ? 'no article names its publisher' : `the publishers are ${listed(known)}`;
		throw new AppError('UNKNOWN_PUBLISHER', `No indexed article is from ${publisher}; ${names}.`);
	}
	const from = filters.after === undefined ? undefined : parseDateInput(filters.after, 'start');
	const to = filters.before === undefined ? undefined : parseDateInput(filters.before, 'end');
	if (source === undefined && wanted === undefined && from === undefined && to === undefined) return undefined;

	const files = new Set(
		articles
			.filter((article) => source === undefined || article.file === source)
			.filter((article) => wanted === undefined || publishersOf(article).some((name) => normalise(name) === wanted))
			.filter((article) => {
				if (from === undefined && to === undefined) return true;
				const day = publicationDay(article);
				return day !== undefined && (from === undefined || day >= from) && (to === undefined || day <= to);
			})
			.map((article) => article.file),
	);
	if (files.size === 0) {
		const days = articles
			.map(publicationDay)
			.filter((day) => day !== undefined)
			.sort();
		const span =
			from === undefined && to === undefined
				? ''
				: days.length === 0
					? ' (no indexed article states its date)'
					: ` (the dated articles run from ${days[0]} to ${days.at(-1)})`;
		const empty = from !== undefined && to !== undefined && from > to ? ` ${from} is later than ${to}.` : '';
		throw new AppError(
			'NO_MATCHING_ARTICLES',
			`No indexed article is ${describeFilters(filters, from, to)}${span}.${empty}`,
		);
	}
	return files;
}
