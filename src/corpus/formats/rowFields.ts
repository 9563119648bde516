import { createHash } from 'node:crypto';
import type { ArticleField, CorpusConfig } from '../corpusConfig.ts';
import type { ReadItem } from './types.ts';

/** The names a row's keys or columns go by for each article field, most specific first. */
const FIELD_NAMES: Record<ArticleField, readonly string[]> = {
	id: ['id', 'guid', 'uuid', 'article_id', 'slug'],
	title: ['title', 'headline', 'name', 'subject'],
	text: ['text', 'body', 'content', 'article', 'article_text', 'full_text', 'story', 'description', 'summary'],
	url: ['url', 'link', 'canonical_url', 'permalink', 'href'],
	date: ['date', 'published', 'published_at', 'publishedat', 'pubdate', 'publish_date', 'datetime', 'created_at'],
	authors: ['authors', 'author', 'byline', 'creator', 'writer'],
	publisher: ['publisher', 'source', 'site', 'site_name', 'outlet', 'publication'],
	language: ['language', 'lang', 'locale'],
};

function normalise(name: string): string {
	return name
		.trim()
		.toLowerCase()
		.replace(/[\s-]+/gu, '_');
}

/** Which key of the rows holds each field: the configured mapping, else the first known name present. */
export function detectFields(keys: readonly string[], config: CorpusConfig): Partial<Record<ArticleField, string>> {
	const byName = new Map(keys.map((key) => [normalise(key), key]));
	const mapping: Partial<Record<ArticleField, string>> = {};
	for (const field of Object.keys(FIELD_NAMES) as ArticleField[]) {
		const configured = config.fields?.[field];
		const key = configured ?? FIELD_NAMES[field].map((name) => byName.get(name)).find((found) => found !== undefined);
		if (key !== undefined) mapping[field] = key;
	}
	return mapping;
}

/** Distinct key sets whose detected fields are remembered; beyond it, detection starts over. */
const MAX_KEY_SETS = 1_000;

/**
 * Detects fields for each row from its own keys: a JSON export leaves out the keys a row has no value for, so the first
 * row's keys do not tell which fields later rows hold.
 */
export function rowFieldDetector(
	config: CorpusConfig,
): (keys: readonly string[]) => Partial<Record<ArticleField, string>> {
	const known = new Map<string, Partial<Record<ArticleField, string>>>();
	return (keys) => {
		const signature = keys.join('\u0000');
		let mapping = known.get(signature);
		if (mapping === undefined) {
			if (known.size >= MAX_KEY_SETS) known.clear();
			mapping = detectFields(keys, config);
			known.set(signature, mapping);
		}
		return mapping;
	};
}

/** A value as text: strings trimmed, numbers printed, `{ name }` objects and arrays joined. */
function asText(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() || undefined;
	if (typeof value === 'number') return String(value);
	if (Array.isArray(value)) return value.map(asText).filter(Boolean).join(', ') || undefined;
	if (value !== null && typeof value === 'object' && 'name' in value) return asText(value.name);
	return undefined;
}

function asAuthors(value: unknown): string[] | undefined {
	const list = Array.isArray(value) ? value.map(asText) : (asText(value)?.split(/\s*(?:;|\band\b|&)\s*/u) ?? []);
	const authors = list.filter((name): name is string => name !== undefined && name.length > 0);
	return authors.length > 0 ? authors : undefined;
}

/**
 * Turns one row of a row format into an article, or the reason it is skipped. The row's key is its URL, else its id,
 * else its number, so an edited row keeps its identity and an inserted row does not renumber the URL-keyed ones.
 */
export function rowToItem(
	row: Record<string, unknown>,
	mapping: Partial<Record<ArticleField, string>>,
	where: string,
	rowNumber: number,
): ReadItem {
	const get = (field: ArticleField): unknown => (mapping[field] === undefined ? undefined : row[mapping[field]]);
	const text = asText(get('text'));
	if (text === undefined) {
		const expected = mapping.text === undefined ? 'no text field was found' : `its "${mapping.text}" field is empty`;
		return { problem: `the row has no article text (${expected})`, where };
	}
	const url = asText(get('url'));
	const id = asText(get('id'));
	const fields = {
		title: asText(get('title')),
		publisher: asText(get('publisher')),
		date: asText(get('date')),
		url,
		authors: asAuthors(get('authors')),
		language: asText(get('language')),
	};
	return {
		article: {
			key: url ?? id ?? String(rowNumber),
			// The mapping is part of the hash: a changed field mapping changes what the row's article is.
			sha256: createHash('sha256')
				.update(JSON.stringify([mapping, row]))
				.digest('hex'),
			text,
			...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
		},
		where,
	};
}
