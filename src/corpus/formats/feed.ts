import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeText } from '../decodeText.ts';
import { fragmentToText } from '../htmlToText.ts';
import { readWhole } from './readWhole.ts';
import type { ArticleFields, FormatReader, ReadItem } from './types.ts';

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	textNodeName: '#text',
	isArray: (name) => ['item', 'entry', 'link', 'author', 'dc:creator', 'category'].includes(name),
});

/** Text of an XML node: a string, a number, or an element with text and attributes. */
function text(node: unknown): string | undefined {
	if (typeof node === 'string') return node.trim() || undefined;
	if (typeof node === 'number') return String(node);
	if (Array.isArray(node)) return text(node[0]);
	if (node !== null && typeof node === 'object') return text((node as XmlNode)['#text']);
	return undefined;
}

function atomLink(links: unknown): string | undefined {
	const list = (Array.isArray(links) ? links : [links]) as (XmlNode | string | undefined)[];
	const alternate =
		list.find((link) => typeof link === 'object' && (link['@_rel'] ?? 'alternate') === 'alternate') ?? list[0];
	return typeof alternate === 'object' ? text(alternate['@_href']) : text(alternate);
}

function names(nodes: unknown): string[] | undefined {
	const list = (Array.isArray(nodes) ? nodes : nodes === undefined ? [] : [nodes]) as unknown[];
	const result = list
		.map((node) => (node !== null && typeof node === 'object' && 'name' in node ? text(node.name) : text(node)))
		.filter((name): name is string => name !== undefined);
	return result.length > 0 ? result : undefined;
}

/** What one item or entry holds, whichever feed format it came in. */
interface FeedEntry {
	readonly body: string | undefined;
	readonly url: string | undefined;
	/** The item's own identifier (RSS guid, Atom id), its key when it has no link. */
	readonly id: string | undefined;
	readonly title: string | undefined;
	readonly date: string | undefined;
	readonly authors: string[] | undefined;
}

interface FeedInfo {
	readonly publisher: string | undefined;
	readonly language: string | undefined;
	/** "item" or "entry", and what its text is called besides content: for messages. */
	readonly unit: string;
	readonly fallback: string;
}

function toItem(entry: FeedEntry, feed: FeedInfo, index: number): ReadItem {
	const where = `${feed.unit} ${index + 1}`;
	if (entry.body === undefined)
		return { problem: `the ${feed.unit} has neither content nor a ${feed.fallback}`, where };
	const fields = {
		key: entry.url ?? entry.id ?? String(index + 1),
		text: fragmentToText(entry.body),
		title: entry.title,
		url: entry.url,
		date: entry.date,
		authors: entry.authors,
		publisher: feed.publisher,
		language: feed.language,
	};
	return {
		article: Object.fromEntries(
			Object.entries(fields).filter(([, value]) => value !== undefined),
		) as unknown as ArticleFields,
		where,
	};
}

function rssEntry(item: XmlNode): FeedEntry {
	return {
		body: text(item['content:encoded']) ?? text(item.description),
		url: text(item.link),
		id: text(item.guid),
		title: text(item.title),
		date: text(item.pubDate) ?? text(item['dc:date']),
		authors: names(item['dc:creator']) ?? names(item.author),
	};
}

function atomEntry(entry: XmlNode): FeedEntry {
	return {
		body: text(entry.content) ?? text(entry.summary),
		url: atomLink(entry.link),
		id: text(entry.id),
		title: text(entry.title),
		date: text(entry.published) ?? text(entry.updated),
		authors: names(entry.author),
	};
}

/** The validator's message, with its list of elements left open ("Invalid '[ "rss" ]' found") said plainly. */
function xmlProblem(message: string): string {
	const open = /^Invalid '\[([\s\S]*)\]' found/u.exec(message)?.[1];
	if (open === undefined) return message.replace(/\s+/gu, ' ');
	const names = open.match(/[\w:.-]+/gu) ?? [];
	return `the file ends with ${names.map((name) => `<${name}>`).join(', ')} still open`;
}

/** `.xml`, `.rss`, `.atom`: an RSS 2.0 or Atom feed, one article per item, its full content when present. */
export const feedReader: FormatReader = {
	extensions: ['.xml', '.rss', '.atom'],
	multiArticle: true,
	async *read(source) {
		const xml = decodeText(await readWhole(source));
		const valid = XMLValidator.validate(xml);
		if (valid !== true)
			throw new Error(`the feed is not well-formed XML (line ${valid.err.line}: ${xmlProblem(valid.err.msg)})`);
		const document = parser.parse(xml) as XmlNode;
		const channel = (document.rss as XmlNode | undefined)?.channel as XmlNode | undefined;
		const feed = document.feed as XmlNode | undefined;
		if (channel) {
			const info = {
				publisher: text(channel.title),
				language: text(channel.language),
				unit: 'item',
				fallback: 'description',
			};
			const items = (channel.item ?? []) as XmlNode[];
			for (const [index, item] of items.entries()) yield toItem(rssEntry(item), info, index);
		} else if (feed) {
			const info = {
				publisher: text(feed.title),
				language: text(feed['@_xml:lang']),
				unit: 'entry',
				fallback: 'summary',
			};
			const entries = (feed.entry ?? []) as XmlNode[];
			for (const [index, entry] of entries.entries()) yield toItem(atomEntry(entry), info, index);
		} else {
			throw new Error('the XML is not an RSS 2.0 or Atom feed (no <rss><channel> or <feed> element)');
		}
	},
};
