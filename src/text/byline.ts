import type { ArticleSummary } from '../corpus/types.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/u;
/** Authors named before the rest are counted: "A, B and 3 others". */
const AUTHORS_NAMED = 2;

/** "2025-05-12" as "12 May 2025"; a date in another form is returned as it is. */
export function formatDay(date: string): string {
	const match = ISO_DAY.exec(date);
	const month = MONTHS[Number(match?.[2]) - 1];
	return match && month ? `${Number(match[3])} ${month} ${match[1]}` : date;
}

/** "A", "A and B", "A, B and C", "A, B and 3 others". */
export function formatAuthors(authors: readonly string[]): string {
	const names = authors.map((name) => name.trim()).filter(Boolean);
	if (names.length <= 1) return names[0] ?? '';
	if (names.length <= AUTHORS_NAMED + 1) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
	return `${names.slice(0, AUTHORS_NAMED).join(', ')} and ${names.length - AUTHORS_NAMED} others`;
}

/** What a citation says after the title, in order: authors, publisher, day; only the parts that are known. */
export function bylineParts(article: ArticleSummary): string[] {
	return [formatAuthors(article.authors ?? []), article.publisher ?? '', article.date ? formatDay(article.date) : '']
		.map((part) => part.trim())
		.filter(Boolean);
}

/** The article's address when it is an http(s) URL a reader can open, else undefined. */
export function articleUrl(article: ArticleSummary): URL | undefined {
	if (article.url === undefined) return undefined;
	try {
		const url = new URL(article.url);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
	} catch {
		return undefined;
	}
}
