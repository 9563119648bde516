import { truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { makeDocx, makePdf } from '../helpers/documentFixtures.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();

const BRIDGE = 'The council approved the new bridge on Tuesday. Construction starts in May and will take two years.';
const FERRY = 'The ferry service will stop when the bridge opens, the harbour master said on Wednesday evening.';
const TUNNEL = 'A tunnel was considered first but cost three times as much, according to the city engineer.';

async function corpusOf(files: Readonly<Record<string, string | Buffer>>) {
	const dir = await dirs.make();
	for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
	return { dir, ...(await loadCorpus(dir)) };
}

function reasons(problems: readonly { file: string; reason: string }[]): Record<string, string> {
	return Object.fromEntries(problems.map((problem) => [problem.file, problem.reason]));
}

describe('PDF', () => {
	it('reads the text in reading order with the document title and author, joining wrapped lines', async () => {
		const pdf = makePdf(
			['The council approved the new bridge on Tuesday after a long and', 'heated debate about its cost.', FERRY],
			{ title: 'Bridge Approved', author: 'Jane Doe' },
		);
		const { articles, problems } = await corpusOf({ 'bridge.pdf': pdf });
		expect(problems).toEqual([]);
		expect(articles[0]).toMatchObject({ file: 'bridge.pdf', title: 'Bridge Approved', authors: ['Jane Doe'] });
		expect(articles[0]?.text).toBe(
			`The council approved the new bridge on Tuesday after a long and heated debate about its cost.\n\n${FERRY}`,
		);
	});

	it('reports a truncated and a password-protected PDF by name and indexes the rest', async () => {
		const whole = makePdf([BRIDGE]);
		const { articles, problems } = await corpusOf({
			'good.pdf': whole,
			'cut.pdf': whole.subarray(0, 200),
			'locked.pdf': makePdf([FERRY], { encrypted: true }),
		});
		expect(articles.map((article) => article.file)).toEqual(['good.pdf']);
		expect(reasons(problems)['cut.pdf']).toMatch(/^the PDF is damaged or truncated/u);
		expect(reasons(problems)['locked.pdf']).toBe('the PDF is password-protected; save an unprotected copy');
	});
});

describe('DOCX', () => {
	it('reads each Word paragraph as a paragraph, and reports a file that is not a Word document', async () => {
		const { articles, problems } = await corpusOf({
			'bridge.docx': makeDocx(['Bridge Approved', BRIDGE, FERRY]),
			'fake.docx': 'just some text with a .docx name',
		});
		expect(articles[0]).toMatchObject({ title: 'Bridge Approved', text: `${BRIDGE}\n\n${FERRY}` });
		expect(reasons(problems)['fake.docx']).toMatch(/^the file is not a readable Word document/u);
	});
});

describe('JSON Lines', () => {
	it('reads one article per line (after a byte-order mark) with detected fields, keyed by URL, and skips a bad line and an empty row', async () => {
		const rows = [
			JSON.stringify({
				headline: 'Bridge Approved',
				body: BRIDGE,
				link: 'https://news.example/bridge',
				byline: 'Jane Doe and John Roe',
				published_at: '2024-05-02T08:00:00Z',
				source: 'The Gazette',
			}),
			'{"headline": "Broken", "body": ',
			JSON.stringify({ headline: 'Nothing here', body: '   ' }),
			JSON.stringify({ headline: 'Ferry Ends', body: FERRY }),
		];
		const { articles, problems } = await corpusOf({ 'export.jsonl': `\uFEFF${rows.join('\n')}\n` });
		expect(articles).toEqual([
			expect.objectContaining({
				file: 'export.jsonl#https://news.example/bridge',
				title: 'Bridge Approved',
				url: 'https://news.example/bridge',
				authors: ['Jane Doe', 'John Roe'],
				date: '2024-05-02',
				publisher: 'The Gazette',
				text: BRIDGE,
			}),
			expect.objectContaining({ file: 'export.jsonl#4', title: 'Ferry Ends', text: FERRY }),
		]);
		expect(reasons(problems)['export.jsonl (line 2)']).toMatch(/^the line is not JSON/u);
		expect(reasons(problems)['export.jsonl (line 3)']).toBe('the row has no article text (its "body" field is empty)');
	});

	it('reads a field that the first rows leave out', async () => {
		const rows = [
			JSON.stringify({ headline: 'Bridge', body: BRIDGE }),
			JSON.stringify({ headline: 'Ferry', body: FERRY, link: 'https://news.example/ferry', byline: 'Ann Lee' }),
		];
		const { articles } = await corpusOf({ 'export.jsonl': rows.join('\n'), 'cms.json': `[${rows.join(',')}]` });
		expect(articles.map((article) => [article.file, article.authors])).toEqual([
			['cms.json#1', undefined],
			['cms.json#https://news.example/ferry', ['Ann Lee']],
			['export.jsonl#1', undefined],
			['export.jsonl#https://news.example/ferry', ['Ann Lee']],
		]);
	});

	it('names the line of a row that holds only page furniture', async () => {
		const rows = [
			JSON.stringify({ title: 'Bridge', text: BRIDGE }),
			JSON.stringify({
				title: 'Ad',
				url: 'https://news.example/ad',
				text: 'Advertisement\nSubscribe to our newsletter',
			}),
		];
		const { articles, problems } = await corpusOf({ 'export.jsonl': rows.join('\n') });
		expect(articles.map((article) => article.title)).toEqual(['Bridge']);
		expect(reasons(problems)).toEqual({
			'export.jsonl#https://news.example/ad (line 2)': 'no article text is left after removing boilerplate',
		});
	});

	it('gives an edited row a new hash and leaves the others as they were', async () => {
		const row = (text: string, id: string) => JSON.stringify({ id, title: `Story ${id}`, text });
		const first = await corpusOf({ 'a.ndjson': [row(BRIDGE, 'a1'), row(FERRY, 'a2')].join('\n') });
		const second = await corpusOf({ 'a.ndjson': [row(BRIDGE, 'a1'), row(TUNNEL, 'a2')].join('\n') });
		expect(second.articles.map((article) => article.file)).toEqual(['a.ndjson#a1', 'a.ndjson#a2']);
		expect(second.articles[0]?.sha256).toBe(first.articles[0]?.sha256);
		expect(second.articles[1]?.sha256).not.toBe(first.articles[1]?.sha256);
	});
});

describe('JSON and the corpus configuration', () => {
	it('reads an array of articles with fields mapped in footnote.corpus.json', async () => {
		const { articles, problems } = await corpusOf({
			'cms.json': JSON.stringify({
				items: [{ slug_line: 'Bridge Approved', copy: BRIDGE, web: 'https://news.example/b', who: 'Jane Doe' }],
			}),
			'footnote.corpus.json': JSON.stringify({
				fields: { title: 'slug_line', text: 'copy', url: 'web', authors: 'who' },
			}),
		});
		expect(problems).toEqual([]);
		expect(articles).toEqual([
			expect.objectContaining({
				file: 'cms.json#https://news.example/b',
				title: 'Bridge Approved',
				authors: ['Jane Doe'],
				text: BRIDGE,
			}),
		]);
	});

	it('reports a JSON file that holds no array of articles, and one cut off, by name', async () => {
		const { articles, problems } = await corpusOf({
			'settings.json': '{"theme": "dark"}',
			'cut.json': `[${JSON.stringify({ title: 'Ferry', text: FERRY })}, {"title": "Tun`,
			'a.txt': BRIDGE,
		});
		expect(articles.map((article) => article.file)).toEqual(['a.txt']);
		expect(reasons(problems)).toEqual({
			'settings.json':
				'the JSON holds no articles: no array of them at its top, nor under articles, items, data, results, records, stories',
			'cut.json': expect.stringMatching(/^the file is not valid JSON \(.+\)$/u),
		});
	});

	it('reads only the files an include pattern names', async () => {
		const dir = await dirs.make();
		await writeFile(path.join(dir, 'keep.txt'), BRIDGE);
		await writeFile(path.join(dir, 'notes.txt'), FERRY);
		const { articles, problems } = await loadCorpus(dir, { config: { include: ['keep.*'] } });
		expect(articles.map((article) => article.file)).toEqual(['keep.txt']);
		expect(problems).toEqual([]);
	});
});

describe('CSV', () => {
	it('reads one article per row keyed by row number, and skips a ragged row by its line', async () => {
		const csv = [
			'title,text,date',
			`Bridge Approved,"${BRIDGE}",2024-05-02`,
			'Ragged,"only two cells"',
			`Ferry Ends,"${FERRY}",2024-05-03`,
		].join('\n');
		const { articles, problems } = await corpusOf({ 'rows.csv': csv });
		expect(articles.map((article) => [article.file, article.title, article.date])).toEqual([
			['rows.csv#1', 'Bridge Approved', '2024-05-02'],
			['rows.csv#2', 'Ferry Ends', '2024-05-03'],
		]);
		expect(Object.keys(reasons(problems))).toEqual(['rows.csv (line 3)']);
		expect(reasons(problems)['rows.csv (line 3)']).toMatch(/^the row is malformed/u);
	});
});

describe('feeds', () => {
	it('reads RSS 2.0 items, preferring the full content to the description', async () => {
		const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
			<channel><title>The Gazette</title><language>en</language>
			<item><title>Bridge Approved</title><link>https://news.example/bridge</link><pubDate>Thu, 02 May 2024 08:00:00 GMT</pubDate>
			<dc:creator>Jane Doe</dc:creator><description>Short teaser.</description>
			<content:encoded><![CDATA[<p>${BRIDGE}</p><p>${FERRY}</p>]]></content:encoded></item>
			<item><title>Tunnel</title><guid>tunnel-1</guid><description>${TUNNEL}</description></item>
			</channel></rss>`;
		const { articles } = await corpusOf({ 'gazette.rss': rss });
		expect(articles).toEqual([
			expect.objectContaining({
				file: 'gazette.rss#https://news.example/bridge',
				title: 'Bridge Approved',
				publisher: 'The Gazette',
				language: 'en',
				date: '2024-05-02',
				authors: ['Jane Doe'],
				text: `${BRIDGE}\n\n${FERRY}`,
			}),
			expect.objectContaining({ file: 'gazette.rss#tunnel-1', text: TUNNEL }),
		]);
	});

	it('reads Atom entries with their alternate link and author', async () => {
		const atom = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Harbour News</title>
			<entry><title>Ferry Ends</title><id>urn:uuid:1</id><link rel="alternate" href="https://harbour.example/ferry"/>
			<published>2024-05-03T10:00:00Z</published><author><name>John Roe</name></author>
			<content type="html">&lt;p&gt;${FERRY}&lt;/p&gt;</content></entry></feed>`;
		const { articles } = await corpusOf({ 'harbour.atom': atom });
		expect(articles[0]).toMatchObject({
			file: 'harbour.atom#https://harbour.example/ferry',
			publisher: 'Harbour News',
			authors: ['John Roe'],
			date: '2024-05-03',
			text: FERRY,
		});
	});

	it('reports a feed that is not XML by name and indexes the rest', async () => {
		const { articles, problems } = await corpusOf({ 'broken.xml': '<rss><channel><item>', 'a.txt': BRIDGE });
		expect(articles.map((article) => article.file)).toEqual(['a.txt']);
		expect(reasons(problems)['broken.xml']).toBe(
			'the feed is not well-formed XML (line 1: the file ends with <rss>, <channel>, <item> still open)',
		);
	});
});

describe('text encodings and sizes', () => {
	it('decodes Windows-1252 text and HTML that declares it', async () => {
		const story =
			'The café on the quay — run by Zoë — reopened on Tuesday after the bridge was approved by the council.';
		const page = `<html><head><meta charset="windows-1252"><title>Café</title></head><body><article><p>${story}</p><p>${FERRY}</p></article></body></html>`;
		const { articles, problems } = await corpusOf({
			'cafe.txt': iconv.encode(story, 'windows-1252'),
			'cafe.html': iconv.encode(page, 'windows-1252'),
		});
		expect(problems).toEqual([]);
		expect(articles.find((article) => article.file === 'cafe.txt')?.text).toBe(story);
		expect(articles.find((article) => article.file === 'cafe.html')?.text).toContain(story);
	});

	it('decodes a Windows-1252 CSV export, as Excel saves one', async () => {
		const csv = `title,text\nCafé reopens,"The café on the quay — run by Zoë — reopened on Tuesday."\n`;
		const { articles } = await corpusOf({ 'excel.csv': iconv.encode(csv, 'windows-1252') });
		expect(articles[0]).toMatchObject({
			title: 'Café reopens',
			text: 'The café on the quay — run by Zoë — reopened on Tuesday.',
		});
	});

	it('reads .markdown like .md', async () => {
		const { articles } = await corpusOf({ 'bridge.markdown': `# Bridge Approved\n\n${BRIDGE}\n` });
		expect(articles[0]).toMatchObject({ title: 'Bridge Approved', text: BRIDGE });
	});

	it('streams a JSON Lines file larger than the limit for files read whole', async () => {
		const dir = await dirs.make();
		const padding = ' '.repeat(33 * 1_024 * 1_024);
		const rows = [
			JSON.stringify({ title: 'Bridge', text: BRIDGE }),
			padding,
			JSON.stringify({ title: 'Ferry', text: FERRY }),
		];
		await writeFile(path.join(dir, 'big.jsonl'), rows.join('\n'));
		const { articles, problems } = await loadCorpus(dir);
		expect(articles.map((article) => article.title)).toEqual(['Bridge', 'Ferry']);
		expect(problems).toEqual([]);
	});

	it('streams a JSON array larger than the limit for files read whole', async () => {
		const dir = await dirs.make();
		const padding = ' '.repeat(33 * 1_024 * 1_024);
		const items = [JSON.stringify({ title: 'Bridge', text: BRIDGE }), JSON.stringify({ title: 'Ferry', text: FERRY })];
		await writeFile(path.join(dir, 'big.json'), `{"items": [${items[0]},${padding}${items[1]}]}`);
		const { articles, problems } = await loadCorpus(dir);
		expect(articles.map((article) => article.title)).toEqual(['Bridge', 'Ferry']);
		expect(problems).toEqual([]);
	});

	it('refuses a file read whole above the size limit, naming the limit', async () => {
		const dir = await dirs.make();
		await writeFile(path.join(dir, 'a.txt'), BRIDGE);
		await writeFile(path.join(dir, 'huge.html'), '');
		await truncate(path.join(dir, 'huge.html'), 200 * 1_024 * 1_024);
		const { articles, problems } = await loadCorpus(dir);
		expect(articles).toHaveLength(1);
		expect(reasons(problems)['huge.html']).toMatch(/^the file is 200 MB, above the 32 MB limit/u);
	});
});
