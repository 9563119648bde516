import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { htmlMetadata, type HtmlMetadata } from './htmlMetadata.ts';

export interface HtmlArticle extends HtmlMetadata {
	readonly text: string;
}

type HtmlNode = ReturnType<typeof parseHTML>['document']['body'];

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre';

function blockText(root: HtmlNode): string {
	const blocks = [...root.querySelectorAll(BLOCKS)].filter((element) => element.querySelector(BLOCKS) === null);
	const text = blocks.length > 0 ? blocks.map((element) => element.textContent ?? '') : [root.textContent ?? ''];
	return text
		.map((block) => block.replace(/\s+/gu, ' ').trim())
		.filter((block) => block.length > 0)
		.join('\n\n');
}

/** The text of an HTML fragment (a feed item's content), one block per paragraph. */
export function fragmentToText(html: string): string {
	if (!/<[a-z][\s\S]*>/iu.test(html)) return html;
	return blockText(parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body);
}

const DEFAULT_CHAR_THRESHOLD = 500;
const SHORT_ARTICLE_CHARS = 100;

function readability(html: string, charThreshold: number) {
	const { document } = parseHTML(html);
	const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
		charThreshold,
	}).parse();
	return parsed?.textContent && parsed.textContent.trim().length >= charThreshold ? parsed : null;
}

/** Reduces an HTML page to its article text (Readability), one paragraph per line, plus its metadata. */
export function htmlToText(html: string): HtmlArticle {
	const metadataSource = parseHTML(html).document;
	// Readability's default threshold keeps it from settling on a footer; a short article needs the lower one.
	const parsed = readability(html, DEFAULT_CHAR_THRESHOLD) ?? readability(html, SHORT_ARTICLE_CHARS);
	const metadata = htmlMetadata(metadataSource, parsed ?? {});
	let text = parsed?.content ? fragmentToText(parsed.content) : '';
	if (text.length === 0) text = blockText(metadataSource.body);
	return { ...metadata, text };
}
