import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

export interface HtmlArticle {
	readonly text: string;
	readonly title?: string;
	readonly publisher?: string;
	readonly date?: string;
}

type HtmlDocument = ReturnType<typeof parseHTML>['document'];
type HtmlNode = HtmlDocument['body'];

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre';

function meta(document: HtmlDocument, ...names: string[]): string | undefined {
	for (const name of names) {
		const value = document.querySelector(`meta[property="${name}"], meta[name="${name}"]`)?.getAttribute('content');
		if (value?.trim()) return value.trim();
	}
	return undefined;
}

function blockText(root: HtmlNode): string {
	const blocks = [...root.querySelectorAll(BLOCKS)].filter((element) => element.querySelector(BLOCKS) === null);
	const text = blocks.length > 0 ? blocks.map((element) => element.textContent ?? '') : [root.textContent ?? ''];
	return text
		.map((block) => block.replace(/\s+/gu, ' ').trim())
		.filter((block) => block.length > 0)
		.join('\n\n');
}

/** Reduces an HTML page to its article text (Readability), one paragraph per line, plus its metadata. */
export function htmlToText(html: string): HtmlArticle {
	const { document } = parseHTML(html);
	const title = meta(document, 'og:title') ?? document.querySelector('title')?.textContent?.trim();
	const publisher = meta(document, 'og:site_name', 'publisher');
	const date =
		meta(document, 'article:published_time', 'date', 'pubdate') ??
		document.querySelector('time[datetime]')?.getAttribute('datetime') ??
		undefined;
	const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
		charThreshold: 100,
	}).parse();
	let text = '';
	if (parsed?.content)
		text = blockText(parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`).document.body);
	if (text.length === 0) text = blockText(parseHTML(html).document.body);
	return {
		text,
		...((parsed?.title ?? title) ? { title: (parsed?.title ?? title)?.trim() } : {}),
		...((parsed?.siteName ?? publisher) ? { publisher: parsed?.siteName ?? publisher } : {}),
		...((parsed?.publishedTime ?? date) ? { date: (parsed?.publishedTime ?? date)?.slice(0, 10) } : {}),
	};
}
