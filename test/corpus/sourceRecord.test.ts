import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();

const STORY = 'Bridge approved\n\nThe council approved the new bridge on Tuesday. Construction starts in May.';
const CANONICAL_PAGE = `<!doctype html><html><head><title>Bridge approved</title>
<link rel="canonical" href="https://gazette.example/bridge"></head><body><article><h1>Bridge approved</h1>
<p>The council approved the new bridge on Tuesday. Construction starts in May and will take two years.</p>
</article></body></html>`;

async function write(dir: string, files: Record<string, string>): Promise<void> {
	for (const [name, text] of Object.entries(files)) {
		await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
		await writeFile(path.join(dir, name), text);
	}
}

describe('source records beside corpus files', () => {
	it('give a document that states no address of its own the URL it was fetched from', async () => {
		const dir = await dirs.make();
		await write(dir, {
			'bridge.txt': STORY,
			'bridge.txt.source.json': JSON.stringify({ url: 'https://gazette.example/news/bridge' }),
		});
		const { articles, problems } = await loadCorpus(dir);
		expect(problems).toEqual([]);
		expect(articles.map((article) => [article.file, article.url])).toEqual([
			['bridge.txt', 'https://gazette.example/news/bridge'],
		]);
	});

	it('leave the address a page states itself in place', async () => {
		const dir = await dirs.make();
		await write(dir, {
			'bridge.html': CANONICAL_PAGE,
			'bridge.html.source.json': JSON.stringify({ url: 'https://mirror.example/copy-of-bridge' }),
		});
		const [article] = (await loadCorpus(dir)).articles;
		expect(article?.url).toBe('https://gazette.example/bridge');
	});

	it('are reported by name when malformed, orphaned or beside a many-article file, and the documents still indexed', async () => {
		const dir = await dirs.make();
		await write(dir, {
			'a.txt': STORY,
			'a.txt.source.json': '{ "url": ',
			'b.txt': STORY.replace('Tuesday', 'Wednesday'),
			'b.txt.source.json': JSON.stringify({ url: 'file:///etc/passwd' }),
			'gone.html.source.json': JSON.stringify({ url: 'https://gazette.example/gone' }),
			'rows.jsonl': `${JSON.stringify({ title: 'Ferry', text: 'The ferry runs twice a day from the harbour.' })}\n`,
			'rows.jsonl.source.json': JSON.stringify({ url: 'https://gazette.example/export' }),
		});
		const { articles, problems } = await loadCorpus(dir, { config: { syndicatedCopies: 'keep' } });
		expect(articles.map((article) => [article.file, article.url])).toEqual([
			['a.txt', undefined],
			['b.txt', undefined],
			['rows.jsonl#1', undefined],
		]);
		expect(Object.fromEntries(problems.map((problem) => [problem.file, problem.reason]))).toEqual({
			'a.txt.source.json': expect.stringMatching(/^the source record is not valid JSON \(.+\)$/u),
			'b.txt.source.json': 'the source record is not { "url": "https://…" } (url: must be an http(s) URL)',
			'gone.html.source.json': 'gone.html, the file it describes, is not in the corpus',
			'rows.jsonl.source.json':
				'a source record gives the address of a file of one article; rows.jsonl holds many, each with its own',
		});
	});

	it('follow their document when an include pattern selects it', async () => {
		const dir = await dirs.make();
		await write(dir, {
			'news/bridge.txt': STORY,
			'news/bridge.txt.source.json': JSON.stringify({ url: 'https://gazette.example/bridge' }),
		});
		const { articles, problems, sources } = await loadCorpus(dir, { config: { include: ['news/*.txt'] } });
		expect(problems).toEqual([]);
		expect(articles[0]?.url).toBe('https://gazette.example/bridge');
		// Hashed with the corpus, so that editing the record is a change the index picks up.
		expect(Object.keys(sources)).toEqual(['news/bridge.txt', 'news/bridge.txt.source.json']);
	});
});
