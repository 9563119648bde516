import type { parseHTML } from 'linkedom';

type HtmlDocument = ReturnType<typeof parseHTML>['document'];
type JsonLdNode = Record<string, unknown>;

/** What a page states about its article in its head and markup. */
export interface HtmlMetadata {
	readonly title?: string;
	readonly url?: string;
	readonly authors?: readonly string[];
	readonly publisher?: string;
	readonly date?: string;
	readonly language?: string;
}

const ARTICLE_TYPE = /Article|BlogPosting|Report|Story/u;

function meta(document: HtmlDocument, ...names: string[]): string | undefined {
	for (const name of names) {
		const value = document
			.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`)
			?.getAttribute('content');
		if (value?.trim()) return value.trim();
	}
	return undefined;
}

function text(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() || undefined;
	if (Array.isArray(value)) return text(value[0]);
	if (value !== null && typeof value === 'object')
		return text((value as JsonLdNode).name ?? (value as JsonLdNode)['@id']);
	return undefined;
}

/** Every node of the page's JSON-LD blocks, `@graph`s and arrays flattened. */
function jsonLdNodes(document: HtmlDocument): JsonLdNode[] {
	const nodes: JsonLdNode[] = [];
	const visit = (value: unknown): void => {
		if (Array.isArray(value)) value.forEach(visit);
		else if (value !== null && typeof value === 'object') {
			nodes.push(value as JsonLdNode);
			visit((value as JsonLdNode)['@graph']);
		}
	};
	for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
		try {
			visit(JSON.parse(script.textContent ?? ''));
		} catch {
			// A broken JSON-LD block is common on real pages; the other sources of metadata still apply.
		}
	}
	return nodes;
}

/** Month and weekday names a byline runs into when its date follows without a break: "Steven Musil January 4". */
const TRAILING_DATE_WORDS =
	/(?:(?:^|\s+)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\.?)+\s*$/iu;

function isAddress(value: string): boolean {
	return /^https?:\/\//iu.test(value);
}

/** A person's name from a byline: "By Jane Doe", "JANE DOE", "by Lucas Nolan22 Dec 2016651", "Jane Doe and John Roe". */
export function bylineNames(byline: string): string[] {
	const cleaned = byline
		.replace(/\s+/gu, ' ')
		.replace(/^\s*(?:by|von|par|por|de)\s+/iu, '')
		.replace(/\d.*$/u, '')
		.replace(/\b(?:updated|published|posted)\b.*$/iu, '')
		.replace(TRAILING_DATE_WORDS, '')
		.replace(/[|,\s]+$/u, '')
		.trim();
	if (cleaned.length === 0 || cleaned.length > 100) return [];
	return cleaned
		.split(/\s*(?:,|\band\b|&|\bund\b|\bet\b|\be\b)\s*/u)
		.map((name) => name.trim())
		.filter((name) => name.length > 1 && !isAddress(name));
}

function authorsOf(node: JsonLdNode | undefined, document: HtmlDocument, byline: string | undefined) {
	// The byline printed above the article names who wrote it; JSON-LD and meta tags sometimes name an editor or feed.
	const printed = byline ? bylineNames(byline) : [];
	if (printed.length > 0) return printed;
	const fromJsonLd = (Array.isArray(node?.author) ? node.author : node?.author ? [node.author] : [])
		.map(text)
		.filter((name): name is string => name !== undefined && !isAddress(name));
	if (fromJsonLd.length > 0) return fromJsonLd;
	const named = meta(document, 'author', 'article:author', 'byl', 'parsely-author', 'sailthru.author', 'dc.creator');
	if (named && !isAddress(named)) return bylineNames(named);
	const rel = document.querySelector('[rel="author"], [itemprop="author"] [itemprop="name"], [itemprop="author"]');
	const relText = rel?.textContent?.trim();
	return relText ? bylineNames(relText) : [];
}

/**
 * Reads a page's metadata: canonical link and og:url, og:* and article:* tags, JSON-LD (NewsArticle and its kin),
 * <time>, <html lang>; `readability` supplies what Readability found when the page states less.
 */
export function htmlMetadata(
	document: HtmlDocument,
	readability: {
		title?: string | null;
		byline?: string | null;
		siteName?: string | null;
		publishedTime?: string | null;
		lang?: string | null;
	},
): HtmlMetadata {
	const nodes = jsonLdNodes(document);
	const article = nodes.find((node) => ARTICLE_TYPE.test(String(node['@type'] ?? '')));
	const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim();
	const url = [canonical, meta(document, 'og:url'), text(article?.url)].find(
		(candidate) => candidate !== undefined && isAddress(candidate),
	);
	// Readability's title is the page's with the site's name taken off ("… - BBC News").
	const title = readability.title?.trim() || meta(document, 'og:title', 'twitter:title') || text(article?.headline);
	const publisher =
		meta(document, 'og:site_name', 'application-name') ?? text(article?.publisher) ?? readability.siteName?.trim();
	const date =
		meta(document, 'article:published_time', 'datePublished', 'date', 'pubdate', 'dc.date', 'DC.date.issued') ??
		text(article?.datePublished) ??
		readability.publishedTime ??
		document.querySelector('time[datetime]')?.getAttribute('datetime') ??
		undefined;
	const language =
		document.documentElement?.getAttribute('lang')?.trim() ||
		text(article?.inLanguage) ||
		meta(document, 'og:locale', 'language', 'content-language')?.replace('_', '-') ||
		readability.lang ||
		undefined;
	const authors = authorsOf(article, document, readability.byline ?? undefined);
	return {
		...(title ? { title } : {}),
		...(url ? { url } : {}),
		...(authors.length > 0 ? { authors } : {}),
		...(publisher ? { publisher } : {}),
		...(date ? { date } : {}),
		...(language ? { language } : {}),
	};
}
