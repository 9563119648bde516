import { describe, expect, it } from 'vitest';
import { bylineNames } from '../../src/corpus/htmlMetadata.ts';
import { htmlToText } from '../../src/corpus/htmlToText.ts';

const BODY = Array.from(
	{ length: 6 },
	(_, i) =>
		`<p>Paragraph ${i + 1} of the story says the harbour authority approved a second terminal after long hearings.</p>`,
).join('');

describe('page metadata', () => {
	it('reads URL, authors, publisher, date and language from JSON-LD, the canonical link and <html lang>', () => {
		const page = `<!doctype html><html lang="en-GB"><head><title>Terminal approved | Harbour Times</title>
			<link rel="canonical" href="https://harbour.example/news/terminal">
			<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Harbour Times"},
				{"@type":"NewsArticle","headline":"Terminal approved","datePublished":"2024-03-05T09:30:00+01:00",
				 "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Person","name":"John Roe"}],
				 "publisher":{"@type":"Organization","name":"Harbour Times"}}]}</script>
			<script type="application/ld+json">{ not json</script></head>
			<body><article><h1>Terminal approved</h1>${BODY}</article></body></html>`;
		expect(htmlToText(page)).toMatchObject({
			url: 'https://harbour.example/news/terminal',
			authors: ['Jane Doe', 'John Roe'],
			publisher: 'Harbour Times',
			date: '2024-03-05T09:30:00+01:00',
			language: 'en-GB',
		});
	});

	it('falls back to og:url and the printed byline, never taking a profile address for an author', () => {
		const page = `<!doctype html><html><head><meta property="og:url" content="https://harbour.example/t">
			<meta property="article:author" content="https://facebook.com/someone">
			</head><body><article><p class="meta">By <a rel="author" href="/staff/jane">Jane Doe</a></p>${BODY}</article></body></html>`;
		expect(htmlToText(page)).toMatchObject({ url: 'https://harbour.example/t', authors: ['Jane Doe'] });
	});
});

describe('bylineNames', () => {
	it.each([
		['By Jane Doe', ['Jane Doe']],
		['JANE DOE', ['JANE DOE']],
		['by Lucas Nolan22 Dec 2016651', ['Lucas Nolan']],
		['Steven Musil January 4, 2016', ['Steven Musil']],
		['Jane Doe and John Roe', ['Jane Doe', 'John Roe']],
		['April 28, 2019 at 6:01 am Updated April 29, 2019', []],
	])('reads "%s" as %j', (byline, names) => {
		expect(bylineNames(byline)).toEqual(names);
	});
});
