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

function compact(fields: Record<string, unknown>): ArticleFields {
	return Object.fromEntries(
		Object.entries(fields).filter(([, value]) => value !== undefined),
	) as unknown as ArticleFields;
}

function rssItem(item: XmlNode, publisher: string | undefined, language: string | undefined, index: number): ReadItem {
	const body = text(item['content:encoded']) ?? text(item.description);
	const where = `item ${index + 1}`;
	if (body === undefined) return { problem: 'the item has neither content nor a description', where };
	const url = text(item.link);
	return {
		article: compact({
			key: url ?? text(item.guid) ?? String(index + 1),
			text: fragmentToText(body),
			title: text(item.title),
			url,
			date: text(item.pubDate) ?? text(item['dc:date']),
			authors: names(item['dc:creator']) ?? names(item.author),
			publisher,
			language,
		}),
	};
}

function atomEntry(entry: XmlNode, publisher: string | undefined, language: string | undefined, index: number) {
	const body = text(entry.content) ?? text(entry.summary);
	const where = `entry ${index + 1}`;
	if (body === undefined) return { problem: 'the entry has neither content nor a summary', where } as ReadItem;
	const url = atomLink(entry.link);
	return {
		article: compact({
			key: url ?? text(entry.id) ?? String(index + 1),
			text: fragmentToText(body),
			title: text(entry.title),
			url,
			date: text(entry.published) ?? text(entry.updated),
			authors: names(entry.author),
			publisher,
			language,
		}),
	} as ReadItem;
}

/** `.xml`, `.rss`, `.atom`: an RSS 2.0 or Atom feed, one article per item, its full content when present. */
export const feedReader: FormatReader = {
	extensions: ['.xml', '.rss', '.atom'],
	multiArticle: true,
	async *read(source) {
		const xml = decodeText(await readWhole(source));
		const valid = XMLValidator.validate(xml);
		if (valid !== true) throw new Error(`the feed is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
		const document = parser.parse(xml) as XmlNode;
		const channel = (document.rss as XmlNode | undefined)?.channel as XmlNode | undefined;
		const feed = document.feed as XmlNode | undefined;
		if (channel) {
			const publisher = text(channel.title);
			const language = text(channel.language);
			const items = (channel.item ?? []) as XmlNode[];
			for (const [index, item] of items.entries()) yield rssItem(item, publisher, language, index);
		} else if (feed) {
			const publisher = text(feed.title);
			const language = text(feed['@_xml:lang']);
			const entries = (feed.entry ?? []) as XmlNode[];
			for (const [index, entry] of entries.entries()) yield atomEntry(entry, publisher, language, index);
		} else {
			throw new Error('the XML is not an RSS 2.0 or Atom feed (no <rss><channel> or <feed> element)');
		}
	},
};
