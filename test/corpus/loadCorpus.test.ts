import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.ts';
import { isAppError } from '../../src/errors.ts';
import { useTempDirs } from '../helpers/tempDirs.ts';

const dirs = useTempDirs();

const STORY = 'The council approved the new bridge on Tuesday. Construction starts in May and will take two years.';

describe('loadCorpus', () => {
	it('reports empty, binary and boilerplate-only files by name and skips them', async () => {
		const dir = await dirs.make();
		await writeFile(path.join(dir, 'good.txt'), `Bridge Approved\n\n${STORY}\n`);
		await writeFile(path.join(dir, 'empty.txt'), '');
		await writeFile(path.join(dir, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01, 0x02]));
		await writeFile(
			path.join(dir, 'only-ads.txt'),
			'Advertisement 2\nThis advertisement has not loaded yet, but your article continues below.\n',
		);
		const { articles, problems } = await loadCorpus(dir);
		expect(articles.map((article) => article.file)).toEqual(['good.txt']);
		expect(Object.fromEntries(problems.map((problem) => [problem.file, problem.reason]))).toEqual({
			'binary.txt': 'the file looks binary, not text',
			'empty.txt': 'the file is empty',
			'only-ads.txt': 'no article text is left after removing boilerplate',
		});
	});

	it('reports a file it cannot read by name and reads the rest', async () => {
		const dir = await dirs.make();
		await writeFile(path.join(dir, 'good.txt'), `Bridge Approved\n\n${STORY}\n`);
		await symlink(path.join(dir, 'moved-away.txt'), path.join(dir, 'link.txt'));
		const { articles, problems } = await loadCorpus(dir);
		expect(articles.map((article) => article.file)).toEqual(['good.txt']);
		expect(problems).toEqual([
			expect.objectContaining({ file: 'link.txt', reason: 'the file cannot be read (ENOENT)' }),
		]);
	});

	it('reduces HTML to its article text and metadata, without navigation or ads', async () => {
		const dir = await dirs.make();
		const html = `<!doctype html><html><head><title>Bridge Approved | Gazette</title>
			<meta property="og:site_name" content="The Gazette"><meta property="article:published_time" content="2024-05-02T08:00:00Z"></head>
			<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Bridge Approved</h1>
			<p>${STORY}</p><p>Advertisement</p><p>Residents had campaigned for a crossing for more than a decade, the mayor said at the meeting.</p></article>
			<footer>© The Gazette. All rights reserved.</footer></body></html>`;
		await writeFile(path.join(dir, 'bridge.html'), html);
		const [article] = (await loadCorpus(dir)).articles;
		expect(article?.publisher).toBe('The Gazette');
		expect(article?.date).toBe('2024-05-02');
		expect(article?.title).toContain('Bridge Approved');
		expect(article?.text).toContain(STORY);
		expect(article?.text).toContain('Residents had campaigned');
		expect(article?.text).not.toMatch(/Home|Advertisement|rights reserved/u);
	});

	it('reads Markdown front matter and headings as metadata and drops markup', async () => {
		const dir = await dirs.make();
		const markdown = `---\ntitle: "Bridge Approved"\ndate: 2024-05-02\npublisher: The Gazette\n---\n\n# Bridge Approved\n\nThe **council** approved the [new bridge](https://example.com) on Tuesday.\nConstruction starts in May.\n`;
		await writeFile(path.join(dir, 'bridge.md'), markdown);
		const [article] = (await loadCorpus(dir)).articles;
		expect(article).toMatchObject({ title: 'Bridge Approved', date: '2024-05-02', publisher: 'The Gazette' });
		expect(article?.text).toBe('The council approved the new bridge on Tuesday. Construction starts in May.');
	});

	it('ignores hidden files and lists a file of another type with the formats it could be', async () => {
		const dir = await dirs.make();
		await writeFile(path.join(dir, 'story.txt'), STORY);
		await writeFile(path.join(dir, '.DS_Store'), Buffer.from([0, 1, 2]));
		await writeFile(path.join(dir, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
		const { articles, problems } = await loadCorpus(dir);
		expect(articles).toHaveLength(1);
		expect(problems).toEqual([expect.objectContaining({ file: 'photo.jpg' })]);
		expect(problems[0]?.reason).toMatch(/^\.jpg files are not read \(supported: .*\.pdf.*\.csv/u);
	});

	it('reads a date line at the head as the date, and keeps a paragraph that opens with a date as text', async () => {
		const dir = await dirs.make();
		const treaty =
			'March 1, 1889, a further treaty was negotiated to facilitate the carrying out of the principles of the ' +
			'treaty of 1884 and to avoid the difficulties occasioned by the changes in the Rio Grande and Colorado rivers.';
		const commission = 'The commission provided for by the treaty has been named by the Mexican Government.';
		await writeFile(
			path.join(dir, 'treaty.txt'),
			`Boundary treaty\n\nNovember 9, 2017 10:30 a.m. EST\n\n${treaty}\n\n${commission}\n`,
		);
		await writeFile(path.join(dir, 'rows.jsonl'), `${JSON.stringify({ title: 'Boundary treaty', text: treaty })}\n`);
		const { articles, problems } = await loadCorpus(dir, { config: { syndicatedCopies: 'keep' } });
		expect(problems).toEqual([]);
		expect(articles.map((article) => [article.file, article.date, article.text])).toEqual([
			['rows.jsonl#1', undefined, treaty],
			['treaty.txt', '2017-11-09', `${treaty}\n\n${commission}`],
		]);
	});

	it('fails with a clear error when the corpus directory does not exist', async () => {
		const error = await loadCorpus('/nonexistent/corpus').catch((caught: unknown) => caught);
		expect(isAppError(error, 'CORPUS_MISSING')).toBe(true);
		expect((error as Error).message).toContain('/nonexistent/corpus');
	});
});
