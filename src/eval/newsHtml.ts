import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { chunkArticle } from '../corpus/chunkArticle.ts';
import { loadCorpus } from '../corpus/loadCorpus.ts';
import type { Article } from '../corpus/types.ts';

/** Where the news-html benchmark sits, relative to the repository. */
export const NEWS_HTML_DIR = new URL('../../../shared/benchmarks/news-html/', import.meta.url).pathname;

/** Words per shingle when matching indexed text against the expected article text. */
const SHINGLE = 3;
/** A sentence is article text when at least this share of its shingles is in the expected text. */
const ARTICLE_SENTENCE_SHARE = 0.5;
const BLOCK_TAG =
	/<\/?(?:p|div|li|ul|ol|h[1-6]|blockquote|pre|br|hr|td|th|tr|table|figure|figcaption|section|article|header|footer|aside|dd|dt|dl)\b[^>]*>/giu;

export interface NewsPageScore {
	readonly page: string;
	/** Share of the expected article text's word trigrams that reach the index. */
	readonly recall: number;
	/** Share of indexed sentences that are not article text. */
	readonly furniture: number;
	/** The indexed sentences counted as furniture. */
	readonly leaks: readonly string[];
	readonly passages: number;
	/** Whether each piece the page states was kept; undefined when the page does not state it. */
	readonly author?: boolean;
	readonly date?: boolean;
	readonly url?: boolean;
	readonly title: boolean;
}

export interface NewsHtmlReport {
	readonly pages: readonly NewsPageScore[];
	readonly meanRecall: number;
	readonly meanFurniture: number;
	/** Kept / stated, for each piece of metadata. */
	readonly author: readonly [number, number];
	readonly date: readonly [number, number];
	readonly url: readonly [number, number];
	readonly title: readonly [number, number];
}

interface ExpectedMetadata {
	readonly title: string | null;
	readonly byline: string | null;
	readonly publishedTime: string | null;
}

function words(text: string): string[] {
	return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function trigrams(list: readonly string[]): string[] {
	if (list.length < SHINGLE) return list.length > 0 ? [list.join(' ')] : [];
	return Array.from({ length: list.length - SHINGLE + 1 }, (_, i) => list.slice(i, i + SHINGLE).join(' '));
}

function share(items: readonly string[], within: Set<string>): number {
	return items.length === 0 ? 1 : items.filter((item) => within.has(item)).length / items.length;
}

/** The page's canonical address as its markup states it (canonical link, else og:url), read independently. */
function statedUrl(html: string): string | undefined {
	const { document } = parseHTML(html);
	const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim();
	const og = document.querySelector('meta[property="og:url"]')?.getAttribute('content')?.trim();
	return [canonical, og].find((candidate) => candidate !== undefined && /^https?:\/\//u.test(candidate));
}

function sameAddress(a: string, b: string): boolean {
	const strip = (url: string): string => url.replace(/^https?:\/\/(?:www\.)?/u, '').replace(/[/?#]+$/u, '');
	return strip(a) === strip(b);
}

/** Whether a kept author list names the person the expected byline names (bylines carry "By", dates and noise). */
function sameAuthor(byline: string, authors: readonly string[] | undefined): boolean {
	const expected = words(byline).join(' ');
	return (authors ?? []).some((author) => {
		const name = words(author).join(' ');
		return name.length > 0 && expected.includes(name);
	});
}

function scorePage(
	page: string,
	article: Article | undefined,
	expectedHtml: string,
	expected: ExpectedMetadata,
	sourceHtml: string,
): NewsPageScore {
	// Shingles never span two blocks: the expected text is split where its block elements start and end.
	const blocks = expectedHtml.replace(BLOCK_TAG, '\n');
	const expectedText: string =
		parseHTML(`<!doctype html><html><body>${blocks}</body></html>`).document.body.textContent ?? '';
	const expectedShingles = new Set(expectedText.split('\n').flatMap((line) => trigrams(words(line))));
	const passages = article ? chunkArticle(article.file, article.text) : [];
	const sentences = passages.flatMap((passage) =>
		passage.sentences.map(([start, end]) => article?.text.slice(start, end) ?? ''),
	);
	const indexed = new Set(
		passages.flatMap((passage) => passage.text.split('\n').flatMap((line) => trigrams(words(line)))),
	);
	const flatExpected = ` ${words(expectedText).join(' ')} `;
	const leaks = sentences.filter((sentence) => {
		const list = words(sentence);
		// Too short for a trigram ("Finland 2."): article text when the expected text holds its words in order.
		if (list.length < SHINGLE) return !flatExpected.includes(` ${list.join(' ')} `);
		return share(trigrams(list), expectedShingles) < ARTICLE_SENTENCE_SHARE;
	});
	const url = statedUrl(sourceHtml);
	return {
		page,
		recall: share([...expectedShingles], indexed),
		furniture: sentences.length === 0 ? 0 : leaks.length / sentences.length,
		leaks,
		passages: passages.length,
		title:
			article !== undefined &&
			expected.title !== null &&
			words(article.title).join(' ') === words(expected.title).join(' '),
		...(expected.byline ? { author: sameAuthor(expected.byline, article?.authors) } : {}),
		...(expected.publishedTime ? { date: article?.date === expected.publishedTime.slice(0, 10) } : {}),
		...(url ? { url: article?.url !== undefined && sameAddress(article.url, url) } : {}),
	};
}

function tally(pages: readonly NewsPageScore[], key: 'author' | 'date' | 'url' | 'title'): [number, number] {
	const stated = pages.filter((page) => page[key] !== undefined);
	return [stated.filter((page) => page[key]).length, stated.length];
}

/**
 * Ingests the benchmark's pages in place (each `<page>/source.html`, through the corpus loader and chunker exactly as
 * `npm run ingest` does) and scores each against the article text and metadata Readability's suite expects.
 */
export async function evaluateNewsHtml(dir: string = NEWS_HTML_DIR): Promise<NewsHtmlReport> {
	const { articles } = await loadCorpus(dir, { config: { include: ['*/source.html'] } });
	const byPage = new Map(articles.map((article) => [article.file.split('/')[0] ?? '', article]));
	const pages: NewsPageScore[] = [];
	const folders = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isDirectory());
	for (const folder of folders.map((entry) => entry.name).sort()) {
		const read = (name: string): Promise<string> => readFile(path.join(dir, folder, name), 'utf8');
		const expected = JSON.parse(await read('expected-metadata.json')) as ExpectedMetadata;
		pages.push(scorePage(folder, byPage.get(folder), await read('expected.html'), expected, await read('source.html')));
	}
	const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
	return {
		pages,
		meanRecall: mean(pages.map((page) => page.recall)),
		meanFurniture: mean(pages.map((page) => page.furniture)),
		author: tally(pages, 'author'),
		date: tally(pages, 'date'),
		url: tally(pages, 'url'),
		title: tally(pages, 'title'),
	};
}

/** The per-page table and the totals, as Markdown. */
export function formatNewsHtmlReport(report: NewsHtmlReport): string {
	const mark = (value: boolean | undefined): string => (value === undefined ? '–' : value ? 'yes' : 'NO');
	const rows = report.pages.map(
		(page) =>
			`| ${page.page.padEnd(18)} | ${page.recall.toFixed(3)} | ${page.furniture.toFixed(3)} | ${String(page.passages).padStart(8)} | ${mark(page.title)} | ${mark(page.author)} | ${mark(page.date)} | ${mark(page.url)} |`,
	);
	const kept = ([hit, of]: readonly [number, number]): string => `${hit}/${of}`;
	return [
		'| page               | recall | furniture | passages | title | author | date | url |',
		'|--------------------|--------|-----------|----------|-------|--------|------|-----|',
		...rows,
		'',
		`mean recall ${report.meanRecall.toFixed(3)}, mean furniture share ${report.meanFurniture.toFixed(3)}, ` +
			`lowest recall ${Math.min(...report.pages.map((page) => page.recall)).toFixed(3)}`,
		`title kept ${kept(report.title)}, author ${kept(report.author)}, date ${kept(report.date)}, URL ${kept(report.url)} (of the pages that state one)`,
	].join('\n');
}
